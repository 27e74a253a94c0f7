// index_test.cpp — what the engine keeps per system, sorted on disk: the evidence index (and the
// scan for reports naming unknown systems), the system index (duplicate ids) and the record of
// linked artefacts.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "catalogue.hpp"
#include "system_index.hpp"

using namespace stancheck;

TEST_SUITE("indexes") {
  TEST_CASE("the evidence index: each system's tests in report order, unknown systems in order") {
    auto group = [](const std::string& system, const std::string& file, uint32_t line,
                    std::vector<std::string> tests) {
      report_tests g;
      g.system = system;
      g.file = file;
      g.line = line;
      g.column = 1;
      for (auto& t : tests) {
        test_case c;
        c.id = t;
        c.file = file;
        g.tests.push_back(std::move(c));
      }
      return g;
    };
    evidence_index ev;
    std::vector<report_tests> r1, r2, r3;
    r1.push_back(group("A", "r1.xml", 2, {"a1", "a2"}));
    r1.push_back(group("C", "r1.xml", 9, {"c1"}));
    r2.push_back(group("D", "r2.xml", 3, {"d1"}));
    r2.push_back(group("B", "r2.xml", 5, {"b1"}));
    r2.push_back(group("C", "r2.xml", 7, {"c2"}));
    r3.push_back(group("A", "r3.xml", 4, {"a3"}));
    ev.add(std::move(r1));
    ev.add(std::move(r2));
    ev.add(std::move(r3));
    ev.seal();
    CHECK(ev.systems() == 4);
    auto ids = [&](const std::string& system) {
      std::vector<test_case> out;
      std::string s = ev.find(system, out) ? "" : "none";
      for (const auto& t : out) s += t.id + "@" + t.file + " ";
      return s;
    };
    CHECK(ids("A") == "a1@r1.xml a2@r1.xml a3@r3.xml ");
    CHECK(ids("B") == "b1@r2.xml ");
    CHECK(ids("E") == "none");
    evidence_index::unknown_scan scan(ev);
    for (const char* id : {"A", "B"}) scan.known(id);
    std::string unknown;
    for (const auto& e : scan.finish())
      unknown += e.file + ":" + std::to_string(e.line) + " " + e.message.substr(0, 28) + "\n";
    CHECK(unknown ==
          "r1.xml:9 test report names system 'C'\n"
          "r2.xml:7 test report names system 'C'\n"
          "r2.xml:3 test report names system 'D'\n");
  }

  TEST_CASE("the evidence index finds each of thousands of systems, and no other") {
    // Thousands of systems make hundreds of index blocks (and, with groups added over several
    // reports, several sorted runs): every system must be found in its block, and ids before
    // the first, between two and after the last must not be.
    evidence_index ev;
    auto name = [](int i) { return "SYS-" + std::to_string(i * 2 + 1); };  // odd numbers only
    for (int r = 0; r < 3; ++r) {
      std::vector<report_tests> groups;
      for (int i = r; i < 6000; i += r + 1) {
        report_tests g;
        g.system = name(i);
        g.file = "r" + std::to_string(r) + ".xml";
        g.line = static_cast<uint32_t>(i + 1);
        test_case c;
        c.id = "t" + std::to_string(r);
        g.tests.push_back(c);
        groups.push_back(std::move(g));
      }
      ev.add(std::move(groups));
    }
    ev.seal();
    CHECK(ev.systems() == 6000);
    int wrong = 0;
    for (int i = 0; i < 6000; ++i) {
      std::vector<test_case> out;
      std::string want = "t0";
      if (i >= 1 && (i - 1) % 2 == 0) want += "t1";
      if (i >= 2 && (i - 2) % 3 == 0) want += "t2";
      std::string got;
      if (ev.find(name(i), out))
        for (const auto& t : out) got += t.id;
      if (got != want) ++wrong;
      std::vector<test_case> none;
      if (ev.find("SYS-" + std::to_string(i * 2), none) || !none.empty()) ++wrong;
    }
    CHECK(wrong == 0);
    std::vector<test_case> out;
    CHECK_FALSE(ev.find("", out));
    CHECK_FALSE(ev.find("A", out));
    CHECK_FALSE(ev.find("ZZZ", out));
    CHECK(out.empty());
    // Every system known but three: exactly their groups are reported.
    evidence_index::unknown_scan scan(ev);
    std::vector<std::string> ids;
    for (int i = 0; i < 6000; ++i) ids.push_back(name(i));
    std::sort(ids.begin(), ids.end());
    for (const auto& id : ids)
      if (id != name(0) && id != name(2) && id != name(5999)) scan.known(id);
    std::string unknown;
    for (const auto& e : scan.finish()) unknown += e.file + ":" + std::to_string(e.line) + " ";
    // in system order ("SYS-1" < "SYS-11999" < "SYS-5"), each system's groups in report order
    CHECK(unknown == "r0.xml:1 r0.xml:6000 r1.xml:6000 r2.xml:6000 r0.xml:3 r2.xml:3 ");
  }

  TEST_CASE("the system index names the first holder of each duplicate id, among thousands") {
    // The first holder of an id is the first added; sorting (over several runs on disk) must
    // keep that order among equal ids and keep each one's own location, and the kept systems
    // come out in id order with their payloads and counts.
    for (std::size_t run_bytes : {std::size_t{2} << 20, std::size_t{4096}}) {
      CAPTURE(run_bytes);
      system_index index(run_bytes);
      auto where = [](const std::string& file) { return input_error{file, 3, 5, {}}; };
      run_summary one;
      one.errors = 1;
      one.waived = 2;
      for (uint32_t i = 0; i < 3000; ++i)
        index.add("SYS-" + std::to_string(i), where("f" + std::to_string(i)), {i, 7}, one);
      for (int i : {777, 0, 2999, 1})
        index.add("SYS-" + std::to_string(i), where("again" + std::to_string(i)), {9999, 0}, one);
      run_summary sum;
      std::vector<std::string> known;
      auto dups = index.seal(sum, [&](std::string_view id) { known.emplace_back(id); });
      CHECK(index.size() == 3000);
      CHECK(sum.errors == 3000);
      CHECK(sum.waived == 6000);
      CHECK(sum.warnings == 0);
      REQUIRE(dups.size() == 4);
      std::string got;
      for (const auto& d : dups)
        got += d.file + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + " " +
               d.message + "\n";
      CHECK(got ==
            "again0:3:5 duplicate system id 'SYS-0' (already described at f0:3:5)\n"
            "again1:3:5 duplicate system id 'SYS-1' (already described at f1:3:5)\n"
            "again2999:3:5 duplicate system id 'SYS-2999' (already described at f2999:3:5)\n"
            "again777:3:5 duplicate system id 'SYS-777' (already described at f777:3:5)\n");
      REQUIRE(known.size() == 3000);
      CHECK(std::is_sorted(known.begin(), known.end()));
      int wrong = 0;
      for (std::size_t i = 0; i < known.size(); ++i) {
        auto p = index.at(i);
        if ("SYS-" + std::to_string(p.offset) != known[i] || p.length != 7) ++wrong;
      }
      for (std::size_t i = known.size(); i-- > 0;)  // backwards: other pages of the cache
        if ("SYS-" + std::to_string(index.at(i).offset) != known[i]) ++wrong;
      CHECK(wrong == 0);
      CHECK_THROWS_AS(index.at(3000), std::out_of_range);
    }
  }

  TEST_CASE("artefact usage: a bit per artefact found, links elsewhere ignored") {
    for (std::size_t many : {0, 3000}) {
      CAPTURE(many);
      catalogue cat;
      for (const char* p : {"/c/l/a.xml", "/c/l/b.xml", "/c/l/c.xml"})
        cat.artefacts.push_back({p, {}, doc_kind::label_4774, {}, {}, {}});
      cat.artefacts.push_back({"rel/d.xml", "/c/rel/d.xml", doc_kind::binding_4778, {}, {}, {}});
      // Enough artefacts and links for the sorts to write runs to disk; every third linked.
      for (std::size_t i = 0; i < many; ++i)
        cat.artefacts.push_back({"/c/many/" + std::to_string(i) + std::string(400, 'x'),
                                 {},
                                 doc_kind::label_4774,
                                 {},
                                 {},
                                 {}});
      artefact_usage usage(cat.artefacts);
      for (std::size_t i = many; i-- > 0;)
        if (i % 3 == 0) usage.mark("/c/many/" + std::to_string(i) + std::string(400, 'x'));
      usage.mark(std::vector<std::string>{"/c/l/b.xml", "/elsewhere/x.xml", "/c/rel/d.xml"});
      usage.mark("rel/d.xml");   // a link is known by its canonical path only
      usage.mark("/c/l/b.xml");  // twice
      CHECK_THROWS_AS((void)usage.used(0), std::logic_error);
      auto loose = unreferenced_artefacts(cat, usage);
      CHECK_FALSE(usage.used(0));
      CHECK(usage.used(1));
      CHECK_FALSE(usage.used(2));
      CHECK(usage.used(3));
      REQUIRE(loose.size() == 2 + many - (many + 2) / 3);
      CHECK(loose[0].path == "/c/l/a.xml");
      CHECK(loose[1].path == "/c/l/c.xml");
      std::size_t wrong = 0;
      for (std::size_t i = 0; i < many; ++i)
        if (usage.used(4 + i) != (i % 3 == 0)) ++wrong;
      CHECK(wrong == 0);
    }
  }
}  // TEST_SUITE
