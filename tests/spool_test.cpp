// spool_test.cpp — results kept on disk (system_spool, system_view) and reports streamed in
// pieces (render_report_to, atomic_writer): the same bytes as in memory, in every format.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine_support.hpp"
#include "report_detail.hpp"
#include "report_sample.hpp"
#include "system_spool.hpp"
#include "temp_store.hpp"

using namespace stancheck;
using engine_test::temp_dir;
namespace fs = std::filesystem;

namespace {

/// Writes a system to the spool and adds it to the spool's index (as the engine's merge does).
void append(system_spool& spool, const system_result& r, const std::string& file = {}) {
  spool.index().add(r.id, input_error{file, 1, 1, {}}, spool.write(spool.encode(r)), {});
}

/// The engine over a directory, results in memory or spooled.
run_result audit(const ir::rule_set& rules, const fs::path& root, bool spool, unsigned jobs) {
  engine_options o;
  o.inputs = {root.string()};
  o.as_of = "2026-01-15";
  o.jobs = jobs;
  o.spool = spool;
  return run_engine(rules, o);
}

/// The same run with its systems moved to a spool (appended in reverse, so the spool's own
/// ordering is what puts them back in id order).
run_result spooled_copy(const run_result& r) {
  run_result s = r;
  auto spool = std::make_shared<system_spool>(r.rules);
  for (auto it = r.systems.rbegin(); it != r.systems.rend(); ++it) append(*spool, *it);
  run_summary ignored;
  REQUIRE(spool->index().seal(ignored).empty());
  s.systems.clear();
  s.spool = spool;
  return s;
}

/// The report as render_report_to hands it over, and the pieces' sizes.
std::string streamed(const run_result& r, report_format f, const report_options& o,
                     std::vector<std::size_t>* sizes = nullptr) {
  std::string all;
  render_report_to(r, f, o, [&](std::string_view piece) {
    CHECK(!piece.empty());
    all.append(piece);
    if (sizes) sizes->push_back(piece.size());
  });
  return all;
}

bool same_system(const system_result& a, const system_result& b) {
  auto same_finding = [](const finding& x, const finding& y) {
    return x.rule == y.rule && x.pack == y.pack && x.standard == y.standard && x.level == y.level &&
           x.message == y.message && x.fix == y.fix && x.clauses == y.clauses && x.file == y.file &&
           x.line == y.line && x.column == y.column && x.path == y.path &&
           x.missing_evidence == y.missing_evidence && x.waived_by == y.waived_by;
  };
  auto same_verdict = [](const verdict& x, const verdict& y) {
    return x.standard == y.standard && x.pack == y.pack && x.kind == y.kind && x.level == y.level &&
           x.level_title == y.level_title;
  };
  return a.id == b.id && a.name == b.name && a.nation == b.nation && a.supplier == b.supplier &&
         a.files == b.files && a.rules_applied == b.rules_applied &&
         std::equal(a.verdicts.begin(), a.verdicts.end(), b.verdicts.begin(), b.verdicts.end(),
                    same_verdict) &&
         std::equal(a.findings.begin(), a.findings.end(), b.findings.begin(), b.findings.end(),
                    same_finding);
}

}  // namespace

TEST_SUITE("spool") {
  TEST_CASE("a spooled system reads back field for field, in id order") {
    std::vector<rule_info> rules(2);
    rules[0].id = "R-1";
    rules[1].id = "R-2";
    system_spool spool(rules);
    system_result a;
    a.id = "B";
    a.name = "n\xC3\xA4me";
    a.nation = "";
    a.supplier = std::string("with\0nul", 8);
    a.files = {"x.xml", "y.xml"};
    a.verdicts.push_back({"STANAG 1", "p1", verdict_kind::incomplete, 3, "Level three"});
    a.verdicts.push_back({"STANAG 2", "p2", verdict_kind::waived, std::nullopt, ""});
    finding f = test::make_finding("R-2", "p1", "STANAG 1", severity::warning,
                                   std::string(70000, 'm'), "x.xml", 7, 9, "/catalogue/system[1]");
    f.clauses = {"5.1", "5.2"};
    f.missing_evidence = true;
    f.waived_by = "W-1";
    a.findings.push_back(f);
    a.rules_applied = {"R-2", "NOT-IN-TABLE", "R-1"};
    system_result b;
    b.id = "A";
    append(spool, a, "a.xml");
    append(spool, b, "b.xml");
    system_result c = a;
    c.name = "second B";
    append(spool, c, "c.xml");
    // Enough records to cross the buffered write several times.
    for (int i = 0; i < 40; ++i) {
      system_result big = a;
      big.id = "C-" + std::to_string(100 + i);
      append(spool, big);
    }
    run_summary sum;
    auto dups = spool.index().seal(sum);
    REQUIRE(dups.size() == 1);  // the second B: dropped, never read
    CHECK(dups[0].file == "c.xml");
    CHECK(dups[0].message == "duplicate system id 'B' (already described at a.xml:1:1)");
    REQUIRE(spool.size() == 42);
    CHECK(spool.bytes() > (std::uint64_t{2} << 20));
    system_result back;
    spool.read(1, back);
    CHECK(same_system(back, a));
    spool.read(2, back);
    CHECK(back.id == "C-100");
    spool.read(0, back);  // reusing the storage of a larger record leaves nothing behind
    CHECK(same_system(back, b));
    spool.read(41, back);
    CHECK(back.id == "C-139");
    CHECK(back.findings.at(0).message.size() == 70000);
    spool.read(1, back, true);  // verdicts only: the tallying passes skip the findings
    CHECK(back.id == "B");
    CHECK(back.verdicts.size() == 2);
    CHECK(back.verdicts[0].level == std::optional<uint32_t>(3));
    CHECK(back.findings.empty());
    CHECK(back.rules_applied.empty());
    spool.read(1, back);
    CHECK(same_system(back, a));
  }

  TEST_CASE("every format renders the same bytes from a spool, in one piece or streamed") {
    run_result mem = test::sample_run();
    run_result disk = spooled_copy(mem);
    CHECK(disk.systems.empty());
    REQUIRE(system_view(disk).size() == mem.systems.size());
    for (std::size_t i = 0; i < mem.systems.size(); ++i)
      CHECK(same_system(system_view(disk)[i], mem.systems[i]));
    report_options o = test::sample_options();
    for (const auto& info : report_formats()) {
      for (bool audit : {false, true}) {
        o.audit = audit;
        INFO(info.name << (audit ? " (audit)" : ""));
        std::string expected = render_report(mem, info.format, o);
        CHECK(render_report(disk, info.format, o) == expected);
        CHECK(streamed(disk, info.format, o) == expected);
        CHECK(streamed(mem, info.format, o) == expected);
      }
    }
  }

  TEST_CASE(
      "a large audit streams its reports in bounded pieces, spooled or not, with the same bytes") {
    // 60 files of 40 systems, every other one failing, a duplicate id and a broken file: enough
    // output that every format is handed over in several pieces.
    compile_result c =
        compile_files({std::string(STANCHECK_TEST_DIR) + "/data/engine/engine.rules"},
                      {std::string(STANCHECK_TEST_DIR) + "/data/engine/waivers.rules"});
    REQUIRE(c.ok());
    temp_dir t;
    std::string long_text(300, 'q');
    for (int f = 0; f < 60; ++f) {
      std::string xml = "<catalogue xmlns=\"urn:stancheck:eid:1\">\n";
      for (int s = 0; s < 40; ++s) {
        std::string id =
            "SYS-" + std::to_string(1000 + (f * 40 + s) * 7 % 2400);  // ids not in file order
        xml += "  <system id=\"" + id + "\" name=\"" + long_text +
               "\">\n    <interface id=\"p\" kind=\"power\" voltage=\"" +
               std::to_string(18 + (f * 5 + s) % 20) + " V\"" +
               ((f + s) % 2 ? " connector=\"X\"" : "") + "/>\n" +
               "    <interface id=\"v\" kind=\"motion-imagery\" codec=\"" +
               ((f + s) % 4 ? "H.264" : "MJPEG") + "\"/>\n  </system>\n";
      }
      if (f == 7)
        xml +=
            "  <system id=\"SYS-1000\"><interface id=\"p\" kind=\"power\" voltage=\"1 "
            "V\"/></system>\n";
      xml += "</catalogue>\n";
      t.write("eid/file-" + std::to_string(100 + f) + ".xml", xml);
    }
    t.write("eid/zz-broken.xml", "<catalogue xmlns=\"urn:stancheck:eid:1\"><system id=\"Z\">\n");
    auto run = [&](bool spool, unsigned jobs) { return audit(c.rules, t.root, spool, jobs); };
    run_result mem = run(false, 1);
    run_result disk1 = run(true, 1);
    run_result disk2 = run(true, 2);
    REQUIRE(mem.systems.size() == 2400);
    CHECK(!mem.spool);
    REQUIRE(disk1.spool);
    CHECK(disk1.systems.empty());
    CHECK(disk1.spool->size() == 2400);
    CHECK(mem.input_errors.size() == 2);  // the duplicate and the broken file
    for (const run_result* d : {&disk1, &disk2}) {
      CHECK(d->summary.systems == mem.summary.systems);
      CHECK(d->summary.errors == mem.summary.errors);
      CHECK(d->summary.warnings == mem.summary.warnings);
      CHECK(d->summary.infos == mem.summary.infos);
      CHECK(d->summary.waived == mem.summary.waived);
      CHECK(d->summary.input_errors == mem.summary.input_errors);
      CHECK(exit_code(*d, severity::error) == exit_code(mem, severity::error));
    }
    CHECK(mem.summary.errors > 500);
    report_options o;
    o.audit = true;
    int in_pieces = 0;  // formats large enough to need several pieces
    for (const auto& info : report_formats()) {
      INFO(std::string(info.name));
      std::string expected = render_report(mem, info.format, o);
      std::vector<std::size_t> sizes;
      CHECK(streamed(disk1, info.format, o, &sizes) == expected);
      CHECK(streamed(disk2, info.format, o) == expected);
      for (unsigned jobs : {2u, 3u, 8u}) {  // systems rendered on several threads: the same bytes
        report_options oj = o;
        oj.jobs = jobs;
        CHECK(streamed(disk1, info.format, oj) == expected);
        CHECK(render_report(mem, info.format, oj) == expected);
      }
      for (std::size_t n : sizes)
        CHECK(n < detail::stream_chunk + 64 * 1024);  // a piece plus one system
      if (expected.size() > detail::stream_chunk + 64 * 1024) {
        CHECK(sizes.size() >= expected.size() / (detail::stream_chunk + 64 * 1024) + 1);
        ++in_pieces;
      }
    }
    CHECK(in_pieces >= 7);
  }

  TEST_CASE("duplicate ids and unknown systems through sorts on disk: the same errors, any mode") {
    // 8,400 systems in 12 files: the system index writes sorted runs to disk. Every 420th id
    // comes again in the last two files (one of them twice more), and
    // reports name known and unknown systems. Whether results are in memory or spooled, on
    // 1, 2 or 3 threads: the same systems, the same errors, each duplicate naming its first.
    compile_result c =
        compile_files({std::string(STANCHECK_TEST_DIR) + "/data/engine/engine.rules"}, {});
    REQUIRE(c.ok());
    temp_dir t;
    auto id = [](int n) { return "SYS-" + std::to_string(100000 + n * 7919 % 8400); };
    // A model of the rule: a repeat inside a file is that file's error ("first at line"), a
    // repeat of an id from an earlier file is the system index's ("already described at").
    std::set<std::string> seen;
    std::size_t in_file = 0, across = 0;
    for (int f = 0; f < 12; ++f) {
      std::vector<std::string> ids;
      for (int s = 0; s < 700; ++s) ids.push_back(id(f * 700 + s));
      if (f >= 10)  // the repeats: every 420th id again (some of them are in files 10 and 11)
        for (int k = 0; k < 8400; k += 420) ids.push_back(id(k));
      if (f == 11) ids.push_back(id(0));
      std::string xml = "<catalogue xmlns=\"urn:stancheck:eid:1\">\n";
      std::set<std::string> here;
      for (const auto& i : ids) {
        xml += "  <system id=\"" + i + "\"/>\n";
        if (!here.insert(i).second)
          ++in_file;
        else if (!seen.insert(i).second)
          ++across;
      }
      xml += "</catalogue>\n";
      t.write("eid/f" + std::to_string(10 + f) + ".xml", xml);
    }
    REQUIRE(across >= 20);
    for (int r = 0; r < 6; ++r) {
      const std::string system = r % 2 ? id(r * 1000) : "GHOST-" + std::to_string(r);
      t.write("reports/r" + std::to_string(r) + ".xml",
              "<test-report xmlns=\"urn:stancheck:report:1\" system=\"" + system +
                  "\" date=\"2025-03-14\">\n  <test id=\"T\" verdict=\"pass\"/>\n</test-report>\n");
    }
    auto run = [&](bool spool, unsigned jobs) { return audit(c.rules, t.root, spool, jobs); };
    auto errors = [&](const run_result& r) {
      std::string out;
      for (const auto& e : r.input_errors)
        out += e.file.substr(t.root.string().size()) + ":" + std::to_string(e.line) + ":" +
               std::to_string(e.column) + " " + e.message + "\n";
      return out;
    };
    run_result mem = run(false, 1);
    REQUIRE(mem.systems.size() == 8400);
    CHECK(std::is_sorted(mem.systems.begin(), mem.systems.end(),
                         [](const auto& a, const auto& b) { return a.id < b.id; }));
    const std::string expected = errors(mem);
    CHECK(mem.input_errors.size() == in_file + across + 3);  // and three unknown systems
    auto count = [](const std::string& text, const std::string& what) {
      std::size_t n = 0;
      for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
      return n;
    };
    CHECK(count(expected, "(already described at ") == across);
    CHECK(count(expected, "(first at line ") == in_file);
    CHECK(expected.find("/eid/f20.xml:702:3 duplicate system id '" + id(0) +
                        "' (already described at " + t.root.string() + "/eid/f10.xml:2:3)") !=
          std::string::npos);
    CHECK(expected.find("/eid/f21.xml:722:3 duplicate system id '" + id(0) +
                        "' (first at line 702, column 3)") != std::string::npos);
    CHECK(expected.find("/reports/r0.xml:1:1 test report names system 'GHOST-0'") !=
          std::string::npos);
    CHECK(expected.find("system '" + id(1000) + "'") == std::string::npos);
    CHECK(expected.find("system '" + id(5000) + "'") == std::string::npos);  // it is described
    for (unsigned jobs : {1u, 2u, 3u}) {
      CAPTURE(jobs);
      run_result disk = run(true, jobs);
      REQUIRE(disk.spool);
      CHECK(disk.spool->size() == 8400);
      CHECK(errors(disk) == expected);
      CHECK(disk.summary.errors == mem.summary.errors);
      CHECK(disk.summary.warnings == mem.summary.warnings);
      CHECK(disk.summary.input_errors == mem.input_errors.size());
      int wrong = 0;
      for (std::size_t i = 0; i < 8400; ++i)
        if (system_view(disk)[i].id != mem.systems[i].id) ++wrong;
      CHECK(wrong == 0);
    }
  }

  /// Sets TMPDIR for the life of the object (restores the previous value).
  struct tmpdir_override {
    std::optional<std::string> old;
    explicit tmpdir_override(const std::string& dir) {
      if (const char* v = std::getenv("TMPDIR")) old = v;
      ::setenv("TMPDIR", dir.c_str(), 1);
    }
    ~tmpdir_override() {
      if (old)
        ::setenv("TMPDIR", old->c_str(), 1);
      else
        ::unsetenv("TMPDIR");
    }
  };

  TEST_CASE("a temporary store keeps records on disk, or in memory without a temporary directory") {
    for (bool usable : {true, false}) {
      INFO("usable TMPDIR: " << usable);
      tmpdir_override dir(usable ? fs::temp_directory_path().string()
                                 : "/nonexistent/stancheck-tmp");
      temp_store store("test store");
      CHECK(store.on_disk() == usable);
      std::vector<temp_store::ref> refs;
      for (int i = 0; i < 3000; ++i)
        refs.push_back(store.write(std::string(500 + i % 7, static_cast<char>('a' + i % 26))));
      CHECK(store.bytes() >
            (std::uint64_t{1} << 20));  // past the write buffer: some records are in the file
      for (int i : {0, 1, 2999, 1500, 7}) {
        std::string_view back = store.read(refs[static_cast<std::size_t>(i)]);
        CHECK(back == std::string(500 + i % 7, static_cast<char>('a' + i % 26)));
      }
      temp_store::ref last = store.write("tail");  // still buffered: read flushes it first
      CHECK(store.read(last) == "tail");
    }
  }

  TEST_CASE("a temporary store gives each record's bytes: in order or not, two stores, appends") {
    auto text = [](char store, int i) {
      // Sizes around and past the 64 KiB window, so windows end inside records.
      std::size_t n =
          i == 5 ? (std::size_t{100} << 10) : 40 + static_cast<std::size_t>(i * 997 % 3000);
      return std::string(n, static_cast<char>(store + i % 20));
    };
    for (bool usable : {true, false}) {
      INFO("usable TMPDIR: " << usable);
      tmpdir_override dir(usable ? fs::temp_directory_path().string()
                                 : "/nonexistent/stancheck-tmp");
      temp_store a("store a"), b("store b");
      std::vector<temp_store::ref> ra, rb;
      for (int i = 0; i < 400; ++i) {
        ra.push_back(a.write(text('A', i)));
        rb.push_back(b.write(text('a', i)));
      }
      int wrong = 0;
      for (int i = 0; i < 400; ++i) {  // in order, the two stores in turn
        wrong += a.read(ra[i]) != text('A', i);
        wrong += b.read(rb[i]) != text('a', i);
      }
      for (int i = 399; i >= 0; --i) wrong += a.read(ra[i]) != text('A', i);  // backwards
      CHECK(wrong == 0);
      // Written after a window was read: still buffered, then in the file past the window.
      temp_store::ref tail = a.write("tail");
      CHECK(a.read(tail) == "tail");
      for (int i = 0; i < 50; ++i) a.write(text('A', i));
      CHECK(a.read(ra[399]) == text('A', 399));
      temp_store::ref later = a.write("later");
      CHECK(a.read(later) == "later");
      // A record that begins inside a window and ends just past it.
      temp_store e("store e");
      temp_store::ref big = e.write(std::string(65500, 'x'));
      temp_store::ref across = e.write(std::string(50, 'y') + std::string(50, 'z'));
      e.write(std::string(70000, 'w'));  // past the write buffer: all of it in the file
      CHECK(e.read(big).size() == 65500);
      CHECK(e.read(across) == std::string(50, 'y') + std::string(50, 'z'));
    }
    // A store made where another was, with a record at the same place: not the old bytes.
    {
      temp_store c("store c");
      CHECK(c.read(c.write("first store")) == "first store");
    }
    temp_store d("store d");
    CHECK(d.read(d.write("other store")) == "other store");
  }

  TEST_CASE("an audit gives the same results with or without a temporary directory") {
    compile_result c =
        compile_files({std::string(STANCHECK_TEST_DIR) + "/data/engine/engine.rules"},
                      {std::string(STANCHECK_TEST_DIR) + "/data/engine/waivers.rules"});
    REQUIRE(c.ok());
    temp_dir t;  // a report naming a system nobody describes
    t.write("stray.xml",
            "<test-report xmlns=\"urn:stancheck:report:1\" system=\"NOBODY\" date=\"2025-10-01\">"
            "<test id=\"PWR-TEST\" verdict=\"pass\"/></test-report>\n");
    auto run = [&](bool spool) {
      engine_options o;
      o.inputs = {std::string(STANCHECK_TEST_DIR) + "/data/engine/catalogue", t.root.string()};
      o.as_of = "2026-01-15";
      o.jobs = 2;
      o.spool = spool;
      return render_report(run_engine(c.rules, o), report_format::json);
    };
    std::string in_memory = run(false);
    CHECK(in_memory.find("\"missing_evidence\": true") !=
          std::string::npos);  // evidence is exercised
    CHECK(in_memory.find("test report names system") != std::string::npos);
    CHECK(run(true) == in_memory);
    tmpdir_override dir("/nonexistent/stancheck-tmp");
    CHECK(run(true) == in_memory);
  }

  TEST_CASE("a report written in pieces appears whole or not at all") {
    fs::path dir = test::scratch_dir("pieces");
    std::string target = (dir / "report.json").string();
    REQUIRE(write_file_atomic(target, "old"));
    auto entries = [&] {
      std::vector<std::string> names;
      for (const auto& e : fs::directory_iterator(dir))
        names.push_back(e.path().filename().string());
      return names;
    };
    {
      atomic_writer w(target);
      w.write("new ");
      w.write("report");
      CHECK(test::slurp(target) == "old");  // nothing visible before the commit
      CHECK(entries().size() == 2);         // the target and the temporary file
      w.commit();
    }
    CHECK(test::slurp(target) == "new report");
    CHECK(entries() == std::vector<std::string>{"report.json"});
    {
      atomic_writer w(target);
      w.write("half of a report");
      // Destroyed without commit, as when rendering throws: the old file stays, the temp goes.
    }
    CHECK(test::slurp(target) == "new report");
    CHECK(entries() == std::vector<std::string>{"report.json"});
    CHECK_THROWS_WITH_AS(atomic_writer((dir / "missing" / "r.json").string()),
                         doctest::Contains("cannot create a temporary file"), write_error);
    fs::remove_all(dir);
  }

}  // TEST_SUITE
