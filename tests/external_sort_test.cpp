// external_sort_test.cpp — the bounded-memory stable sort under the evidence index and the
// system index: the same order as std::stable_sort, whether it fits in memory or not.
#include "external_sort.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <utility>
#include <vector>

using namespace stancheck;

namespace {

using records = std::vector<std::pair<std::string, std::string>>;

records drain(external_sort& s) {
  records out;
  auto r = s.read();
  while (r.next()) out.emplace_back(r.key(), r.value());
  return out;
}

records expected(records in) {
  std::stable_sort(in.begin(), in.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return in;
}

}  // namespace

TEST_SUITE("external sort") {
  TEST_CASE("in memory: key order, equal keys in the order added") {
    external_sort s("test sort");
    records in{{"b", "1"}, {"a", "2"}, {"b", "3"}, {"", "4"}, {"a", "5"}, {"b", "6"}};
    for (const auto& [k, v] : in) s.add(k, v);
    CHECK(s.size() == 6);
    records out = drain(s);
    CHECK(s.runs() == 0);
    CHECK(out == records{{"", "4"}, {"a", "2"}, {"a", "5"}, {"b", "1"}, {"b", "3"}, {"b", "6"}});
  }

  TEST_CASE("nothing added reads nothing, and adding after reading is a logic error") {
    external_sort s("test sort");
    auto r = s.read();
    CHECK_FALSE(r.next());
    CHECK_FALSE(r.next());
    CHECK_THROWS_AS(s.add("a", "b"), std::logic_error);
  }

  TEST_CASE("many runs merge into the same order as a stable sort in memory") {
    std::mt19937 rng(7);
    for (std::size_t run_bytes : {std::size_t{64}, std::size_t{1000}, std::size_t{1} << 16}) {
      CAPTURE(run_bytes);
      external_sort s("test sort", run_bytes);
      records in;
      for (int i = 0; i < 6000; ++i) {
        // few distinct keys (many ties across runs), of varying length, some empty values
        std::string key = "SYS-" + std::to_string(rng() % 700);
        if (rng() % 5 == 0) key += std::string(rng() % 40, 'x');
        std::string value = i % 9 == 0 ? "" : std::to_string(i);
        s.add(key, value);
        in.emplace_back(key, value);
      }
      records out = drain(s);
      CHECK(s.runs() > (run_bytes == 64 ? 256u : 1u));
      // more than 16 runs are first merged in groups, in as many passes as it takes
      CHECK(s.passes() == (run_bytes == 64 ? 2u : run_bytes == 1000 ? 1u : 0u));
      CHECK(out == expected(in));
    }
  }

  TEST_CASE("records larger than a read chunk and than a run") {
    external_sort s("test sort", 4096);
    records in;
    for (int i = 0; i < 40; ++i) {
      std::string key = std::string(i % 3 == 0 ? 70000 : 3, static_cast<char>('a' + (i * 7) % 5));
      std::string value(i % 4 == 0 ? 200000 : 10, static_cast<char>('0' + i % 10));
      value += std::to_string(i);
      s.add(key, value);
      in.emplace_back(key, value);
    }
    records out = drain(s);
    CHECK(s.runs() >= 17);
    CHECK(s.passes() == 1);
    CHECK(out == expected(in));
  }
}
