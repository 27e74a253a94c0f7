// engine_test.cpp — verdicts, levels, evidence, waivers, profiles, locations, the batch over a
// directory (a broken file among good ones) and byte-identical output whatever --jobs is.
#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine_support.hpp"
#include "report.hpp"
#include "value.hpp"

using namespace engine_test;
namespace fs = std::filesystem;

namespace {

const std::string data_dir = std::string(STANCHECK_TEST_DIR) + "/data/engine";

compile_result fixture_rules() {
  compile_result c = compile_files({data_dir + "/engine.rules"}, {data_dir + "/waivers.rules"});
  INFO(render_diagnostics(c.diagnostics));
  REQUIRE(c.ok());
  return c;
}

run_result audit(const compile_result& c, unsigned jobs, std::string profile = {}) {
  engine_options o;
  o.inputs = {data_dir + "/catalogue"};
  o.as_of = "2026-01-15";
  o.jobs = jobs;
  o.profile = std::move(profile);
  return run_engine(c.rules, o);
}

/// Findings with file names relative to the data directory.
std::string relative(std::string text) {
  for (std::size_t p; (p = text.find(data_dir + "/")) != std::string::npos;)
    text.erase(p, data_dir.size() + 1);
  return text;
}

/// Everything a report could show, in a plain dump.
std::string dump(const run_result& r) {
  std::string out = "as-of " + r.as_of + " profile '" + r.profile + "'\n";
  for (const pack_info& p : r.packs)
    out += "pack " + p.id + " " + p.version + " " + p.standard + " " + p.sha256 + "\n";
  for (const system_result& s : r.systems) {
    out += "system " + s.id + " (" + s.name + ")\n";
    for (const verdict& v : s.verdicts) {
      out += "  " + v.pack + ": " + to_string(v.kind);
      if (v.level)
        out += " level " + std::to_string(*v.level) +
               (v.level_title.empty() ? "" : " \"" + v.level_title + "\"");
      out += "\n";
    }
    for (const finding& f : s.findings) {
      out += "  " + f.file + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + ": " +
             to_string(f.level) + ": " + f.message + " [" + f.rule + "]";
      if (!f.path.empty()) out += " at " + f.path;
      if (!f.waived_by.empty()) out += " waived by " + f.waived_by;
      if (f.missing_evidence) out += " (missing evidence)";
      out += "\n";
    }
    out += "  applied:";
    for (const std::string& id : s.rules_applied) out += " " + id;
    out += "\n";
  }
  for (const input_error& e : r.input_errors)
    out += "input error " + e.file + ":" + std::to_string(e.line) + ":" + std::to_string(e.column) +
           ": " + e.message + "\n";
  const run_summary& m = r.summary;
  out += "summary: files " + std::to_string(m.files) + ", systems " + std::to_string(m.systems) +
         ", errors " + std::to_string(m.errors) + ", warnings " + std::to_string(m.warnings) +
         ", infos " + std::to_string(m.infos) + ", waived " + std::to_string(m.waived) +
         ", input errors " + std::to_string(m.input_errors) + "\n";
  return relative(out);
}

/// A JUnit testsuite of system `id` with one passing PWR-TEST, dated 2025-10-01.
std::string junit_suite_of(const std::string& id) {
  return "<testsuite name=\"" + id +
         "\" timestamp=\"2025-10-01T00:00:00\"><properties><property name=\"system-id\" "
         "value=\"" +
         id + "\"/></properties><testcase name=\"PWR-TEST\"/></testsuite>";
}

/// An audit of directory `root` on `jobs` threads, as of 2026-01-15.
run_result audit_dir(const compile_result& c, const fs::path& root, unsigned jobs) {
  engine_options o;
  o.inputs = {root.string()};
  o.as_of = "2026-01-15";
  o.jobs = jobs;
  return run_engine(c.rules, o);
}

}  // namespace

TEST_SUITE("engine") {
  TEST_CASE("a catalogue audit: verdicts, levels, evidence, waivers, locations, a broken file") {
    compile_result c = fixture_rules();
    run_result r = audit(c, 1);
    const std::string expected = R"(as-of 2026-01-15 profile ''
pack power 1.0.0 MIL-STD-1275 )" +
                                 c.rules.packs[0].sha256 + R"(
pack video 2.0.0 STANAG 4609 )" + c.rules.packs[1].sha256 +
                                 R"(
system A (Conformant)
  power: conformant level 3 "Tested"
  video: not-applicable
  waivers.rules:10:1: warning: waiver W-UNUSED for rule PWR-001 on system 'A' suppressed nothing [STANCHECK-WAIVER-UNUSED]
  applied: PWR-001 PWR-002 PWR-003 PWR-004
system B (Over-voltage)
  power: non-conformant level 1 "Declares its voltage"
  video: non-conformant
  catalogue/fleet.xml:7:5: error: voltage 40 V leaves 20 V .. 33 V [PWR-002] at /catalogue/system[2]/interface[1]
  catalogue/fleet.xml:7:5: error: no passing PWR-TEST within 365 days [PWR-003] at /catalogue/system[2]/interface[1]
  catalogue/fleet.xml:7:5: warning: power interface 'pwr' names no connector [PWR-004] at /catalogue/system[2]/interface[1]
  catalogue/fleet.xml:8:5: error: codec 'MPEG-1' is not approved [VID-001] at /catalogue/system[2]/interface[2]
  waivers.rules:18:1: error: waiver W-EXPIRED for rule PWR-002 on system 'B' expired on 2025-01-01; the rule's findings are reported [STANCHECK-WAIVER-EXPIRED]
  applied: PWR-001 PWR-002 PWR-003 PWR-004 VID-001
system C (Untested)
  power: incomplete level 2 "Voltage within limits"
  video: conformant
  catalogue/fleet.xml:11:5: error: no passing PWR-TEST within 365 days (evidence missing: no test report of this system mentions test 'PWR-TEST') [PWR-003] at /catalogue/system[3]/interface[1] (missing evidence)
  applied: PWR-001 PWR-002 PWR-003 PWR-004 VID-001
system D (Failed test)
  power: non-conformant level 1 "Declares its voltage"
  video: not-applicable
  catalogue/single.xml:3:3: error: voltage 28 Hz leaves 20 V .. 33 V (value '28 Hz' is not a voltage) [PWR-002] at /system/interface[1]
  catalogue/single.xml:3:3: error: no passing PWR-TEST within 365 days [PWR-003] at /system/interface[1]
  applied: PWR-001 PWR-002 PWR-003 PWR-004
system W (Waived)
  power: waived level 3 "Tested"
  video: not-applicable
  catalogue/fleet.xml:15:5: error: voltage 40 V leaves 20 V .. 33 V [PWR-002] at /catalogue/system[4]/interface[1] waived by W-USED
  applied: PWR-001 PWR-002 PWR-003 PWR-004
)";
    std::string got = dump(r);
    // The broken file is an input error located in it; everything else was still checked.
    REQUIRE(r.input_errors.size() == 1);
    CHECK(relative(r.input_errors[0].file) == "catalogue/broken.xml");
    CHECK(r.input_errors[0].line == 4);
    CHECK(r.input_errors[0].column > 0);
    std::string head = got.substr(0, got.find("input error"));
    CHECK(head == expected);
    CHECK(r.summary.files == 7);
    CHECK(r.summary.systems == 5);
    CHECK(r.summary.errors == 7);
    CHECK(r.summary.warnings == 2);
    CHECK(r.summary.waived == 1);
    CHECK(r.summary.input_errors == 1);
    CHECK(exit_code(r, severity::error) == 3);
    CHECK(r.rules.size() == 7);  // 5 rules + the two waiver rules
  }

  TEST_CASE("output is identical whatever the number of jobs") {
    compile_result c = fixture_rules();
    temp_dir t;
    // A larger catalogue: many files of several systems, some failing, plus reports.
    for (int f = 0; f < 24; ++f) {
      std::string xml = "<catalogue xmlns=\"urn:stancheck:eid:1\">\n";
      for (int s = 0; s < 5; ++s) {
        std::string id = "SYS-" + std::to_string(f) + "-" + std::to_string(s);
        xml += "  <system id=\"" + id + "\">\n    <interface id=\"p\" kind=\"power\" voltage=\"" +
               std::to_string(18 + (f * 5 + s) % 20) + " V\"" +
               ((f + s) % 3 ? " connector=\"X\"" : "") + "/>\n" +
               "    <interface id=\"v\" kind=\"motion-imagery\" codec=\"" +
               ((f + s) % 4 ? "H.264" : "MJPEG") + "\"/>\n  </system>\n";
      }
      xml += "</catalogue>\n";
      t.write("eid/file-" + std::to_string(100 + f) + ".xml", xml);
      t.write(
          "reports/r-" + std::to_string(100 + f) + ".xml",
          "<test-report xmlns=\"urn:stancheck:report:1\" system=\"SYS-" + std::to_string(f) +
              "-1\" date=\"2025-10-01\"><test id=\"PWR-TEST\" verdict=\"pass\"/></test-report>\n");
    }
    t.write("eid/zz-broken.xml", "<catalogue xmlns=\"urn:stancheck:eid:1\"><system id=\"Z\">\n");
    auto run_jobs = [&](unsigned jobs) {
      engine_options o;
      o.inputs = {t.root.string(), data_dir + "/catalogue"};
      o.as_of = "2026-01-15";
      o.jobs = jobs;
      std::size_t calls = 0, last_done = 0, total = 0;
      o.progress = [&](std::size_t done, std::size_t all) {
        ++calls;
        CHECK(done > last_done);
        last_done = done;
        total = all;
      };
      run_result r = run_engine(c.rules, o);
      CHECK(calls > 0);
      CHECK(last_done == total);
      return r;
    };
    run_result one = run_jobs(1);
    run_result two = run_jobs(2);
    run_result four = run_jobs(4);
    CHECK(one.systems.size() == 24 * 5 + 5);
    CHECK(one.input_errors.size() == 2);
    std::string d1 = dump(one);
    CHECK(d1 == dump(two));
    CHECK(d1 == dump(four));
    CHECK(render_report(one, report_format::json) == render_report(two, report_format::json));
    CHECK(render_report(one, report_format::json) == render_report(four, report_format::json));
  }

  TEST_CASE("descriptions loaded while phase 1 runs still get their evidence") {
    // One report file and one catalogue file (the single-file shape): with two jobs the
    // catalogue is loaded while the report is extracted, and its evidence attached afterwards.
    compile_result c = fixture_rules();
    temp_dir t;
    std::string eid = "<catalogue xmlns=\"urn:stancheck:eid:1\">\n";
    std::string junit = "<testsuites>\n";
    for (int s = 0; s < 40; ++s) {
      std::string id = "SYS-" + std::to_string(s);
      eid += "  <system id=\"" + id +
             "\"><interface id=\"p\" kind=\"power\" voltage=\"28 V\"/></system>\n";
      if (s % 2 == 0) junit += "  " + junit_suite_of(id) + "\n";
    }
    t.write("a-reports.xml", junit + "</testsuites>\n");
    t.write("b-catalogue.xml", eid + "</catalogue>\n");
    auto run_jobs = [&](unsigned jobs) { return audit_dir(c, t.root, jobs); };
    run_result one = run_jobs(1), two = run_jobs(2), three = run_jobs(3);
    REQUIRE(one.systems.size() == 40);
    REQUIRE(one.input_errors.empty());
    const std::string report = (t.root / "a-reports.xml").string();
    for (const system_result& s : one.systems) {
      const bool tested = std::stoi(s.id.substr(4)) % 2 == 0;
      CHECK(std::count(s.files.begin(), s.files.end(), report) == (tested ? 1 : 0));
    }
    CHECK(dump(one) == dump(two));
    CHECK(dump(one) == dump(three));
  }

  TEST_CASE("phase 1 adds the evidence of hundreds of reports in catalogue order, any jobs") {
    // More report files than the extractions held in flight (64 per job): each system's tests
    // and files must come in the reports' catalogue order, however the workers interleave, and
    // every broken report must be an input error.
    compile_result c = fixture_rules();
    temp_dir t;
    std::string eid = "<catalogue xmlns=\"urn:stancheck:eid:1\">\n";
    for (int s = 0; s < 20; ++s)
      eid += "  <system id=\"SYS-" + std::to_string(s) +
             "\"><interface id=\"p\" kind=\"power\" voltage=\"28 V\"/></system>\n";
    t.write("z-catalogue.xml", eid + "</catalogue>\n");
    std::vector<std::vector<std::string>> expected(20);
    int broken = 0;
    for (int r = 0; r < 600; ++r) {
      char name[32];
      std::snprintf(name, sizeof name, "r%04d.xml", r);
      const std::string id = "SYS-" + std::to_string(r * 7 % 20);
      if (r % 50 == 49) {
        t.write(name, "<testsuites");
        ++broken;
        continue;
      }
      t.write(name, "<testsuites>" + junit_suite_of(id) + "</testsuites>\n");
      expected[r * 7 % 20].push_back((t.root / name).string());
    }
    auto run_jobs = [&](unsigned jobs) { return audit_dir(c, t.root, jobs); };
    auto files_of = [](const run_result& r) {
      std::string out;
      for (const system_result& s : r.systems)
        for (const std::string& f : s.files) out += s.id + " " + f + "\n";
      return out;
    };
    run_result one = run_jobs(1);
    REQUIRE(one.systems.size() == 20);
    CHECK(one.input_errors.size() == static_cast<std::size_t>(broken));
    for (const system_result& s : one.systems) {
      CAPTURE(s.id);
      std::vector<std::string> reports;
      for (const std::string& f : s.files)
        if (f.find("/r") != std::string::npos) reports.push_back(f);
      CHECK(reports == expected[std::stoi(s.id.substr(4))]);
    }
    for (unsigned jobs : {2u, 3u}) {
      CAPTURE(jobs);
      for (int run = 0; run < 3; ++run) {
        run_result again = run_jobs(jobs);
        CHECK(dump(again) == dump(one));
        CHECK(files_of(again) == files_of(one));
      }
    }
  }

  TEST_CASE("profiles select packs and rules and override severities") {
    compile_result c = fixture_rules();
    SUBCASE("strict: a warning becomes an error") {
      run_result r = audit(c, 1, "strict");
      CHECK(r.profile == "strict");
      const system_result& b = r.systems[1];
      REQUIRE(b.id == "B");
      bool seen = false;
      for (const finding& f : b.findings)
        if (f.rule == "PWR-004") {
          CHECK(f.level == severity::error);
          seen = true;
        }
      CHECK(seen);
      for (const rule_info& ri : r.rules)
        if (ri.id == "PWR-004") CHECK(ri.level == severity::error);
    }
    SUBCASE("power-only: one pack, one rule left out") {
      run_result r = audit(c, 1, "power-only");
      REQUIRE(r.packs.size() == 1);
      CHECK(r.packs[0].id == "power");
      for (const system_result& s : r.systems) {
        CHECK(s.verdicts.size() == 1);
        for (const finding& f : s.findings) {
          CHECK(f.rule != "PWR-003");
          CHECK(f.rule != "VID-001");
        }
      }
      // C was incomplete only for lack of evidence; without the evidence rule it conforms, and
      // level 3 (whose only rule is left out) is neither reached nor blocking.
      REQUIRE(r.systems[2].id == "C");
      CHECK(r.systems[2].verdicts[0].kind == verdict_kind::conformant);
      CHECK(r.systems[2].verdicts[0].level == 2u);
    }
    SUBCASE("an unknown profile is a usage error") {
      CHECK_THROWS_AS(audit(c, 1, "no-such-profile"), std::invalid_argument);
    }
  }

  TEST_CASE("evidence: id matching, verdicts, age and dates") {
    const char* pack = R"(pack e "E" {
  standard "STANAG 9999" edition 1
  version "1"
  namespace eid = "urn:stancheck:eid:1"
  rule EV-1 error "tested" {
    clause "stancheck test"
    for each eid:interface
    require passed("T-1", 30 d)
    message "not tested"
  }
  rule EV-2 error "tested ever" {
    clause "stancheck test"
    for each eid:interface
    require passed("T-1")
    message "never tested"
  }
})";
    compile_result c = compile(pack);
    const int32_t as_of = *eval::parse_date("2026-01-15");
    auto tc = [](std::string id, test_verdict v, int32_t date, std::string name = {}) {
      test_case t;
      t.id = std::move(id);
      t.name = std::move(name);
      t.verdict = v;
      t.date = date;
      return t;
    };
    struct {
      const char* what;
      std::vector<test_case> tests;
      const char* expect;
    } cases[] = {
        {"exact id, recent pass", {tc("T-1", test_verdict::pass, as_of - 3)}, ""},
        {"suffix after '.'", {tc("suite.T-1", test_verdict::pass, as_of)}, ""},
        {"suffix after '/'", {tc("lab/bench/T-1", test_verdict::pass, as_of)}, ""},
        {"JUnit name", {tc("suite.case", test_verdict::pass, as_of, "T-1")}, ""},
        {"a longer id is another test",
         {tc("XT-1", test_verdict::pass, as_of)},
         "EV-1 missing\nEV-2 missing\n"},
        {"failed", {tc("T-1", test_verdict::fail, as_of)}, "EV-1\nEV-2\n"},
        {"exactly 30 days old", {tc("T-1", test_verdict::pass, as_of - 30)}, ""},
        {"31 days old", {tc("T-1", test_verdict::pass, as_of - 31)}, "EV-1\n"},
        {"undated: not shown recent", {tc("T-1", test_verdict::pass, INT32_MIN)}, "EV-1\n"},
        {"an old fail and a recent pass",
         {tc("T-1", test_verdict::fail, as_of - 90), tc("T-1", test_verdict::pass, as_of)},
         ""},
        {"no report mentions it", {}, "EV-1 missing\nEV-2 missing\n"},
    };
    for (const auto& k : cases) {
      std::string what = k.what;
      CAPTURE(what);
      run_result r =
          run(c, bundles(R"(<system xmlns="urn:stancheck:eid:1" id="S"><interface/></system>)",
                         "s.xml", k.tests));
      std::string got;
      for (const finding& f : r.systems[0].findings)
        got += f.rule + (f.missing_evidence ? " missing" : "") + "\n";
      CHECK(got == k.expect);
    }
  }

  TEST_CASE("missing evidence alongside a real failure is a real failure") {
    const char* pack = R"(pack e "E" {
  standard "STANAG 9999" edition 1
  version "1"
  namespace eid = "urn:stancheck:eid:1"
  rule EV-1 error "tested and in range" {
    clause "stancheck test"
    for each eid:interface
    require passed("T-1") and @v <= 33 V
    message "bad"
  }
})";
    compile_result c = compile(pack);
    run_result ok_but_untested = run(
        c, bundles(R"(<system xmlns="urn:stancheck:eid:1" id="S"><interface v="28 V"/></system>)"));
    run_result bad_and_untested = run(
        c, bundles(R"(<system xmlns="urn:stancheck:eid:1" id="S"><interface v="40 V"/></system>)"));
    REQUIRE(ok_but_untested.systems[0].findings.size() == 1);
    CHECK(ok_but_untested.systems[0].findings[0].missing_evidence);
    CHECK(ok_but_untested.systems[0].verdicts[0].kind == verdict_kind::incomplete);
    REQUIRE(bad_and_untested.systems[0].findings.size() == 1);
    CHECK(!bad_and_untested.systems[0].findings[0].missing_evidence);
    CHECK(bad_and_untested.systems[0].verdicts[0].kind == verdict_kind::non_conformant);
  }

  TEST_CASE("exit codes follow the threshold, input errors win") {
    // exit_code reads the summary's counts (unwaived findings per severity), which the engine keeps
    // exact whether the systems are in memory or spooled.
    run_result r;
    CHECK(exit_code(r, severity::error) == 0);
    r.summary.warnings = 1;
    CHECK(exit_code(r, severity::error) == 0);
    CHECK(exit_code(r, severity::warning) == 1);
    CHECK(exit_code(r, severity::info) == 1);
    CHECK(exit_code(r, std::nullopt) == 0);
    r.summary.warnings = 0;
    r.summary.infos = 1;
    CHECK(exit_code(r, severity::warning) == 0);
    CHECK(exit_code(r, severity::info) == 1);
    r.summary.infos = 0;
    r.summary.waived = 1;  // a waived finding never fails the run
    CHECK(exit_code(r, severity::info) == 0);
    r.summary.errors = 1;
    CHECK(exit_code(r, severity::error) == 1);
    r.input_errors.push_back({"x.xml", 1, 1, "bad"});
    CHECK(exit_code(r, std::nullopt) == 3);
    CHECK(exit_code(r, severity::error) == 3);
  }

  TEST_CASE("an invalid as-of date is a usage error") {
    CHECK_THROWS_AS(as_of_days("2026-13-01"), std::invalid_argument);
    CHECK_THROWS_AS(as_of_days("15/01/2026"), std::invalid_argument);
    CHECK(as_of_days("1970-01-02") == 1);
  }

}  // TEST_SUITE
