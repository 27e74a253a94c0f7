// pack_mutator_test.cpp — the token-level mutator of the pack-language fuzz targets
// (fuzz/pack_mutator.hpp): tokens cover the text exactly, mutations and cross-overs respect the
// size limit and the kept prefix, and they vary.
#include "../fuzz/pack_mutator.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "run_command.hpp"

using namespace stancheck::fuzz;

namespace {

const char* const small_pack = R"(pack p "P" {
  standard "STANAG 4586" edition 4
  rule r1 error "x" {
    for each //eid:interface[@kind = "power"]
    require @voltage <= 28 V  # limit
  }
})";

}  // namespace

TEST_CASE("pack mutator: tokens cover the text exactly, cut where the language cuts") {
  const std::string text = small_pack;
  std::vector<token> t = tokenize(text);
  std::string joined;
  std::size_t at = 0;
  for (const token& k : t) {
    CHECK(k.begin == at);
    CHECK(k.end > k.begin);
    joined += text.substr(k.begin, k.end - k.begin);
    at = k.end;
  }
  CHECK(joined == text);
  auto has = [&](std::string_view s, token_class c) {
    for (const token& k : t)
      if (std::string_view(text).substr(k.begin, k.end - k.begin) == s) return k.cls == c;
    return false;
  };
  CHECK(has("\"STANAG 4586\"", token_class::string));
  CHECK(has("@voltage", token_class::word));
  CHECK(has("eid", token_class::word));
  CHECK(has("28", token_class::number));
  CHECK(has("# limit", token_class::comment));
  CHECK(has("<", token_class::punct));
  // Unterminated strings, lone quotes, bytes that are not text: still an exact cover.
  for (std::string odd : {std::string("\"abc\ndef"), std::string("\"\\"),
                          std::string("\x00\xff\"", 3), std::string("#"), std::string("")}) {
    std::size_t end = 0;
    for (const token& k : tokenize(odd)) {
      CHECK(k.begin == end);
      end = k.end;
    }
    CHECK(end == odd.size());
  }
}

TEST_CASE("pack mutator: mutations stay within the size limit and vary") {
  const std::string text = stancheck::test::slurp(STANCHECK_ROOT_DIR "/rules/stanag-4586.rules");
  REQUIRE(text.size() > 1000);
  std::set<std::string> seen;
  int applied = 0;
  for (uint32_t seed = 1; seed <= 600; ++seed) {
    std::string m = mutate_tokens(text, text.size() + 100, seed);
    if (m.empty()) continue;
    ++applied;
    CHECK(m != text);
    CHECK(m.size() <= text.size() + 100);
    seen.insert(m);
  }
  CHECK(applied > 400);                // a few do not apply (a swap of a token with itself)
  CHECK(seen.size() > applied * 0.9);  // and they differ from one another
  // Never larger than allowed, however small the limit.
  for (uint32_t seed = 1; seed <= 200; ++seed) {
    std::string m = mutate_tokens(small_pack, 40, seed);
    CHECK(m.size() <= 40);
  }
  CHECK(mutate_tokens("", 100, 7).empty());
}

TEST_CASE("pack mutator: cross-over keeps a prefix of the first input and a run of the second") {
  const std::string a = small_pack, b = "profile q { include p.* severity r1 warning }";
  std::vector<std::size_t> a_cuts{0};
  for (const token& k : tokenize(a)) a_cuts.push_back(k.end);
  // Every run of one or more whole tokens of `b`.
  std::set<std::string> b_runs;
  const std::vector<token> tb = tokenize(b);
  for (std::size_t k = 0; k < tb.size(); ++k)
    for (std::size_t l = k; l < tb.size(); ++l)
      b_runs.insert(b.substr(tb[k].begin, tb[l].end - tb[k].begin));
  int varied = 0;
  for (uint32_t seed = 1; seed <= 300; ++seed) {
    std::string m = cross_tokens(a, b, 4096, seed);
    REQUIRE_FALSE(m.empty());
    // m == tokens [0, i) of `a` + a run of tokens of `b` + tokens [j, end) of `a`, i <= j.
    bool shaped = false;
    for (std::size_t pa : a_cuts)
      for (std::size_t qa : a_cuts) {
        const std::size_t tail = a.size() - qa;
        if (shaped || qa < pa || pa + tail >= m.size()) continue;
        shaped = m.compare(0, pa, a, 0, pa) == 0 && m.compare(m.size() - tail, tail, a, qa) == 0 &&
                 b_runs.count(m.substr(pa, m.size() - pa - tail)) != 0;
      }
    CHECK(shaped);
    if (m != a) ++varied;
  }
  CHECK(varied > 250);
  CHECK(cross_tokens("", b, 100, 1).empty());
  CHECK(cross_tokens(a, b, 10, 3).size() <= 10);
}

TEST_CASE("pack mutator: the libFuzzer hooks keep the role byte and fall back to byte mutation") {
  std::string input = std::string(1, '\x02') + small_pack;
  std::vector<uint8_t> buf(input.begin(), input.end());
  buf.resize(input.size() + 256);
  int fell_back = 0;
  auto bytes = [&](uint8_t* d, std::size_t n, std::size_t) {
    ++fell_back;
    d[0] = 'X';  // a byte mutator may touch anything, the role byte too
    return n;
  };
  for (unsigned seed = 1; seed <= 100; ++seed) {
    std::vector<uint8_t> work = buf;
    std::size_t n = custom_mutate(work.data(), input.size(), work.size(), seed, 1, bytes);
    REQUIRE(n <= work.size());
    if (seed % 2 == 1 && work[0] != 'X') CHECK(work[0] == 0x02);  // token mutations keep it
  }
  CHECK(fell_back >= 50);  // every even seed, and the odd ones that did not apply
  CHECK(fell_back < 100);

  std::string other = std::string(1, '\x07') + "waiver w { system \"A\" }";
  std::vector<uint8_t> out(512);
  for (unsigned seed = 1; seed <= 50; ++seed) {
    std::size_t n = custom_cross_over(reinterpret_cast<const uint8_t*>(input.data()), input.size(),
                                      reinterpret_cast<const uint8_t*>(other.data()), other.size(),
                                      out.data(), out.size(), seed, 1);
    REQUIRE(n > 0);
    CHECK(n <= out.size());
    CHECK(out[0] == 0x02);
  }
  CHECK(custom_cross_over(reinterpret_cast<const uint8_t*>(input.data()), input.size(),
                          reinterpret_cast<const uint8_t*>(other.data()), other.size(), out.data(),
                          0, 1, 1) == 0);
}
