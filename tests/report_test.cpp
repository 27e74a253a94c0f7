// report_test.cpp — every report format (golden files), escaping tables, fingerprints, baselines,
// audit diffs, atomic writes, and the external SARIF/JUnit validators when they are present.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "atomic_file.hpp"
#include "baseline.hpp"
#include "json_reader.hpp"
#include "json_writer.hpp"
#include "report.hpp"
#include "report_detail.hpp"

using namespace stancheck;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

finding make_finding(std::string rule, std::string pack, std::string standard, severity level, std::string message,
                     std::string file, uint32_t line, uint32_t column, std::string path) {
  finding f;
  f.rule = std::move(rule);
  f.pack = std::move(pack);
  f.standard = std::move(standard);
  f.level = level;
  f.message = std::move(message);
  f.file = std::move(file);
  f.line = line;
  f.column = column;
  f.path = std::move(path);
  return f;
}

/// Three systems: one conformant, one with findings (incl. a waived one and missing evidence),
/// one whose test report could not be parsed (an input error).
run_result sample_run() {
  run_result r;
  r.tool_version = "0.1.0";
  r.as_of = "2026-01-15";
  r.profile = "accession";
  r.packs = {
      {"link16", "Link 16 terminal declarations", "1.2.0", "STANAG 5516", "8", "rules/link16.rules",
       "3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8551"},
      {"uas-loi", "UAS levels of interoperability", "2.0.1", "STANAG 4586", "4", "rules/stanag4586.rules",
       "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8"},
  };
  rule_info band{"L16-BAND-01", "link16", "STANAG 5516", "Link 16 operates in 960-1215 MHz", severity::error,
                 {"STANAG 5516 Ed. 8 (public band facts)"}, "A Link 16 terminal must declare a band within the "
                 "960-1215 MHz allocation.", "declare the operating band within 960-1215 MHz", std::nullopt};
  rule_info notes{"L16-NOTE-02", "link16", "STANAG 5516", "Terminal notes are recommended", severity::info,
                  {"STANAG 5516 Ed. 8"}, "", "", std::nullopt};
  rule_info evid{"UAS-EVID-01", "uas-loi", "STANAG 4586", "LOI 3 needs a passed interoperability test",
                 severity::warning, {"STANAG 4586 Ed. 4 Annex B"}, "Claims of LOI 3 need evidence.",
                 "attach a test report in which test UAS-LOI3 passed", 3u};
  rule_info edition{"UAS-ED-01", "uas-loi", "STANAG 4586", "Claimed edition is current", severity::error,
                    {"NISP: STANAG 4586 editions"}, "Edition claims must not be superseded.",
                    "claim edition 4", std::nullopt};
  r.rules = {band, notes, evid, edition};

  system_result deu;
  deu.id = "DEU-GW-0003";
  deu.name = "Gateway";
  deu.nation = "DEU";
  deu.supplier = "Beispiel GmbH";
  deu.files = {"catalogue/deu.xml"};
  deu.verdicts = {{"STANAG 5516", "link16", verdict_kind::conformant, std::nullopt, ""},
                  {"STANAG 4586", "uas-loi", verdict_kind::conformant, 3u, "LOI 3"}};
  deu.rules_applied = {"L16-BAND-01", "L16-NOTE-02", "UAS-EVID-01", "UAS-ED-01"};

  system_result fra;
  fra.id = "FRA-UAV-0001";
  fra.name = "Patroller \"relay\" <b>&</b>";
  fra.nation = "FRA";
  fra.supplier = "Example SA, Paris";
  fra.files = {"/work/audit/catalogue/fra.xml", "reports/fra-tests.xml"};
  finding f1 = make_finding("L16-BAND-01", "link16", "STANAG 5516", severity::error,
                            "declared band 900 MHz .. 1206 MHz leaves 960 MHz .. 1215 MHz, \"low\" edge",
                            "/work/audit/catalogue/fra.xml", 12, 5, "/catalogue/system[1]/interface[1]");
  f1.clauses = band.clauses;
  f1.fix = band.fix;
  finding f2 = make_finding("L16-NOTE-02", "link16", "STANAG 5516", severity::info,
                            "no notes on terminal <l16>\nsee line two", "/work/audit/catalogue/fra.xml", 12, 5,
                            "/catalogue/system[1]/interface[1]");
  f2.clauses = notes.clauses;
  finding f3 = make_finding("UAS-ED-01", "uas-loi", "STANAG 4586", severity::error,
                            "edition 3 is superseded by edition 4", "/work/audit/catalogue/fra.xml", 20, 7,
                            "/catalogue/system[1]/interface[7]");
  f3.clauses = edition.clauses;
  f3.fix = edition.fix;
  f3.waived_by = "W-2026-001";
  finding f4 = make_finding("UAS-EVID-01", "uas-loi", "STANAG 4586", severity::warning,
                            "no test report shows test UAS-LOI3 passed", "/work/audit/catalogue/fra.xml", 20, 7,
                            "/catalogue/system[1]/interface[7]");
  f4.clauses = evid.clauses;
  f4.fix = evid.fix;
  f4.missing_evidence = true;
  fra.findings = {f1, f2, f3, f4};
  fra.verdicts = {{"STANAG 5516", "link16", verdict_kind::non_conformant, std::nullopt, ""},
                  {"STANAG 4586", "uas-loi", verdict_kind::incomplete, 2u, "LOI 2"}};
  fra.rules_applied = deu.rules_applied;

  system_result gbr;
  gbr.id = "GBR-RAD-0002";
  gbr.name = "Radar, coastal";
  gbr.nation = "GBR";
  gbr.supplier = "Example Ltd";
  gbr.files = {"catalogue/gbr.xml"};
  finding g1 = make_finding("UAS-EVID-01", "uas-loi", "STANAG 4586", severity::warning,
                            "no test report shows test UAS-LOI3 passed", "catalogue/gbr.xml", 4, 3,
                            "/system/interface[2]");
  g1.clauses = evid.clauses;
  g1.fix = evid.fix;
  g1.missing_evidence = true;
  gbr.findings = {g1};
  gbr.verdicts = {{"STANAG 5516", "link16", verdict_kind::not_applicable, std::nullopt, ""},
                  {"STANAG 4586", "uas-loi", verdict_kind::incomplete, 2u, "LOI 2"}};
  gbr.rules_applied = {"UAS-EVID-01", "UAS-ED-01"};

  r.systems = {deu, fra, gbr};
  r.input_errors = {{"reports/gbr-tests.xml", 7, 14, "expected '>' after attribute 'verdict'"}};
  r.summary.files = 5;
  r.summary.systems = 3;
  r.summary.input_errors = 1;
  recount(r);
  return r;
}

report_options sample_options() {
  report_options o;
  o.working_dir = "/work/audit";
  return o;
}

/// Compares `actual` with tests/golden/reports/NAME; STANCHECK_UPDATE_GOLDEN=1 rewrites it.
void check_golden(const std::string& name, const std::string& actual) {
  fs::path p = fs::path(STANCHECK_TEST_DIR) / "golden" / "reports" / name;
  const char* update = std::getenv("STANCHECK_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    REQUIRE(write_file_atomic(p.string(), actual));
    MESSAGE("rewrote " << p.string());
    return;
  }
  REQUIRE_MESSAGE(fs::exists(p), "missing golden file " << p.string() << " (run with STANCHECK_UPDATE_GOLDEN=1)");
  std::string expected = slurp(p);
  if (expected != actual)
    FAIL_CHECK("golden mismatch for " << p.string() << " (STANCHECK_UPDATE_GOLDEN=1 rewrites); actual output:\n"
                                      << actual);
}

/// A fresh empty directory under the system temp dir.
fs::path scratch_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("stancheck-report-test-" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

/// Runs a shell command, returns {exit status, output}.
std::pair<int, std::string> run(const std::string& cmd) {
  std::string out;
  std::FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return {-1, ""};
  std::array<char, 4096> buf{};
  for (std::size_t n; (n = std::fread(buf.data(), 1, buf.size(), p)) > 0;) out.append(buf.data(), n);
  int st = ::pclose(p);
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, out};
}

/// First existing path among: $ENV, /work/shared/<rel>, <repo>/../shared/<rel>.
std::string shared_path(const char* env, const std::string& rel) {
  if (const char* e = std::getenv(env); e && *e) return e;
  for (fs::path base : {fs::path("/work/shared"), fs::path(STANCHECK_ROOT_DIR) / ".." / "shared"})
    if (fs::exists(base / rel)) return (base / rel).lexically_normal().string();
  return "";
}

}  // namespace

TEST_SUITE("report") {

TEST_CASE("golden: every format over the three-system sample") {
  run_result r = sample_run();
  report_options o = sample_options();
  struct row {
    report_format format;
    const char* file;
  };
  for (auto [format, file] : {row{report_format::text, "sample.txt"}, row{report_format::json, "sample.json"},
                              row{report_format::sarif, "sample.sarif"}, row{report_format::junit, "sample.junit.xml"},
                              row{report_format::csv, "sample.csv"}, row{report_format::csv_matrix, "sample.matrix.csv"},
                              row{report_format::markdown, "sample.md"}, row{report_format::github, "sample.github.txt"},
                              row{report_format::html, "sample.html"}}) {
    CAPTURE(file);
    std::string a = render_report(r, format, o);
    CHECK(a == render_report(r, format, o));  // deterministic
    check_golden(file, a);
  }
  report_options colour = o;
  colour.color = true;
  colour.audit = true;
  check_golden("sample.audit-color.txt", render_text(r, colour));
}

TEST_CASE("every format names the tool version and each pack's id, version and sha256") {
  run_result r = sample_run();
  for (const auto& info : report_formats()) {
    std::string name = info.name;
    CAPTURE(name);
    std::string a = render_report(r, info.format, sample_options());
    CHECK(a.find("0.1.0") != std::string::npos);
    for (const auto& p : r.packs) {
      CHECK(a.find(p.id) != std::string::npos);
      CHECK(a.find(p.version) != std::string::npos);
      CHECK(a.find(p.sha256) != std::string::npos);
    }
  }
}

TEST_CASE("parse_format accepts every table name and aliases") {
  struct row {
    const char* in;
    std::optional<report_format> out;
  };
  for (auto [in, out] : {row{"text", report_format::text}, row{"json", report_format::json},
                         row{"sarif", report_format::sarif}, row{"junit", report_format::junit},
                         row{"csv", report_format::csv}, row{"csv-matrix", report_format::csv_matrix},
                         row{"csv_matrix", report_format::csv_matrix}, row{"markdown", report_format::markdown},
                         row{"md", report_format::markdown}, row{"github", report_format::github},
                         row{"html", report_format::html}, row{"HTML", std::nullopt}, row{"", std::nullopt},
                         row{"xml", std::nullopt}}) {
    CAPTURE(in);
    CHECK(parse_format(in) == out);
  }
  for (const auto& f : report_formats()) CHECK(std::string(to_string(f.format)) == f.name);
}

TEST_CASE("one_line_summary counts findings, waivers and input errors") {
  CHECK(one_line_summary(sample_run()) ==
        "stancheck: 3 systems, 5 files: 1 error, 2 warnings, 1 info (1 waived), 1 input error");
  run_result empty;
  CHECK(one_line_summary(empty) == "stancheck: 0 systems, 0 files: 0 errors, 0 warnings, 0 infos");
}

TEST_CASE("CSV fields are quoted as RFC 4180 says, formulas neutralised") {
  struct row {
    const char* in;
    const char* out;
  };
  for (auto [in, out] : {row{"plain", "plain"}, row{"", ""}, row{"a,b", "\"a,b\""},
                         row{"say \"hi\"", "\"say \"\"hi\"\"\""}, row{"two\nlines", "\"two\nlines\""},
                         row{"cr\rhere", "\"cr\rhere\""}, row{" padded", "\" padded\""}, row{"=1+2", "'=1+2"},
                         row{"+x", "'+x"}, row{"@sum", "'@sum"}, row{"-5", "-5"}, row{"-x", "'-x"},
                         row{"=a,b", "\"'=a,b\""}, row{"bad\xff", "bad\xEF\xBF\xBD"}}) {
    CAPTURE(in);
    CHECK(detail::csv_field(in) == out);
  }
  std::string csv = render_csv(sample_run(), {});
  CHECK(csv.find("\r\n") != std::string::npos);
  CHECK(csv.rfind("\r\n") == csv.size() - 2);
}

TEST_CASE("JSON strings are escaped correctly") {
  struct row {
    std::string in;
    const char* out;
    bool html;
  };
  for (const auto& [in, out, html] : {row{"plain", "\"plain\"", false}, row{"q\"b\\", "\"q\\\"b\\\\\"", false},
                                      row{"a\nb\tc\r", "\"a\\nb\\tc\\r\"", false},
                                      row{std::string("\x01\x1f\x7f\b\f", 5), "\"\\u0001\\u001f\\u007f\\b\\f\"", false},
                                      row{std::string("nul\0x", 5), "\"nul\\u0000x\"", false},
                                      row{"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"", false},
                                      row{"bad\xff\xC3", "\"bad\\ufffd\\ufffd\"", false},
                                      row{"\xED\xA0\x80", "\"\\ufffd\\ufffd\\ufffd\"", false},
                                      row{"ls\xE2\x80\xA8ps\xE2\x80\xA9", "\"ls\\u2028ps\\u2029\"", false},
                                      row{"</script>&", "\"</script>&\"", false},
                                      row{"</script>&", "\"\\u003c/script\\u003e\\u0026\"", true}}) {
    CAPTURE(in);
    CHECK(json_quote(in, html) == out);
  }
  // Whatever goes in comes back out of the reader (valid UTF-8 unchanged).
  for (std::string s : {"x\"\\/\n\x01", "caf\xC3\xA9 \xF0\x9F\x98\x80", "</script>"}) {
    json_value v = parse_json(json_quote(s, true));
    CHECK(v.string == s);
  }
}

TEST_CASE("json_writer: stable key order, empty containers, misuse throws") {
  std::string out;
  json_writer w(out);
  w.begin_object();
  w.field("b", 1);
  w.field("a", "x");
  w.key("e");
  w.begin_array();
  w.end_array();
  w.key("o");
  w.begin_object();
  w.field("t", true);
  w.key("n");
  w.null();
  w.end_object();
  w.end_object();
  CHECK(w.complete());
  CHECK(out == "{\n  \"b\": 1,\n  \"a\": \"x\",\n  \"e\": [],\n  \"o\": {\n    \"t\": true,\n    \"n\": null\n  }\n}");
  std::string c;
  json_writer compact(c, json_style{false, false});
  compact.begin_array();
  compact.value(1.5);
  compact.value("s");
  compact.end_array();
  CHECK(c == "[1.5,\"s\"]");
  std::string bad;
  json_writer m(bad);
  m.begin_object();
  CHECK_THROWS_AS(m.value("no key"), std::logic_error);
  CHECK_THROWS_AS(m.end_array(), std::logic_error);
}

TEST_CASE("JSON reader reports malformed input with line and column") {
  struct row {
    const char* in;
    const char* what;
  };
  for (auto [in, what] : {row{"", "1:1: unexpected end of input"}, row{"{", "1:2: expected a member name"},
                          row{"{\"a\" 1}", "1:6: expected ':'"}, row{"[1,]", "1:4: expected a JSON value"},
                          row{"[1]\n x", "2:2: unexpected text after the JSON value"},
                          row{"\"abc", "1:5: unterminated string"}, row{"\"\\q\"", "1:3: unknown escape in a string"},
                          row{"-", "1:2: malformed number"}, row{"tru", "1:1: expected a JSON value"}}) {
    CAPTURE(in);
    try {
      parse_json(in);
      FAIL("no error");
    } catch (const json_error& e) {
      CHECK(std::string(e.what()) == what);
    }
  }
  std::string deep(300, '[');
  CHECK_THROWS_AS(parse_json(deep), json_error);
  json_value v = parse_json(R"({"s":"\u00e9\ud83d\ude00","n":-1.5e2,"a":[true,false,null]})");
  CHECK(v.get_string("s") == "\xC3\xA9\xF0\x9F\x98\x80");
  CHECK(v.find("n")->number == -150);
  CHECK(v.get_array("a").size() == 3);
}

TEST_CASE("GitHub workflow-command escaping") {
  CHECK(detail::gh_data("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b");
  CHECK(detail::gh_property("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext%3A a%2Cb");
  std::string gh = render_github(sample_run(), sample_options());
  CHECK(gh.find("::error file=catalogue/fra.xml,line=12,col=5,title=L16-BAND-01 (FRA-UAV-0001)::") !=
        std::string::npos);
  CHECK(gh.find("W-2026-001") == std::string::npos);  // waived findings are not annotated
}

TEST_CASE("SARIF artifact URIs are relative to the working directory and percent-encoded") {
  struct row {
    const char* file;
    const char* dir;
    const char* uri;
  };
  for (auto [file, dir, uri] : {row{"/w/a/b.xml", "/w", "a/b.xml"}, row{"/w/a/b.xml", "/w/", "a/b.xml"},
                                row{"./a b.xml", "/w", "a%20b.xml"}, row{"a\\b#1.xml", "", "a/b%231.xml"},
                                row{"/other/x.xml", "/w", "file:///other/x.xml"}, row{"/wx/y.xml", "/w", "file:///wx/y.xml"},
                                row{"", "/w", "unknown"}, row{"caf\xC3\xA9.xml", "/w", "caf%C3%A9.xml"}}) {
    CAPTURE(file);
    CHECK(detail::sarif_uri(file, dir) == uri);
  }
}

TEST_CASE("fingerprints survive line shifts and tell findings apart") {
  finding f = make_finding("L16-BAND-01", "link16", "STANAG 5516", severity::error, "band", "a.xml", 10, 3, "/s/i[1]");
  finding shifted = f;
  shifted.line = 42;
  shifted.column = 9;
  std::string fp = fingerprint(f, "SYS-1");
  CHECK(fp.size() == 16);
  CHECK(fingerprint(shifted, "SYS-1") == fp);
  finding other = f;
  other.message = "band 2";
  CHECK(fingerprint(other, "SYS-1") != fp);
  other = f;
  other.path = "/s/i[2]";
  CHECK(fingerprint(other, "SYS-1") != fp);
  CHECK(fingerprint(f, "SYS-2") != fp);
  other = f;
  other.file = "a\\..\\a.xml";
  CHECK(fingerprint(other, "SYS-1") != fp);
  CHECK(fp == "250a8a34bdf5dcde");  // stable across releases: baselines depend on it
}

TEST_CASE("the JSON report reads back into the same run") {
  run_result r = sample_run();
  std::string json = render_json(r, {});
  run_result back = read_json_report(json);
  CHECK(render_json(back, {}) == json);
  CHECK_THROWS_AS(read_json_report("{\"tool\":{\"name\":\"other\"},\"systems\":[]}"), std::runtime_error);
  CHECK_THROWS_AS(read_json_report("{"), json_error);
}

TEST_CASE("baseline: known findings are dropped even when lines shift, fixed ones are listed") {
  run_result r = sample_run();
  std::string baseline = render_json(r, {});
  run_result now = sample_run();
  for (auto& s : now.systems)
    for (auto& f : s.findings) f.line += 3;  // an edit above shifted everything
  auto same = apply_baseline(now, baseline);
  REQUIRE(same);
  CHECK(same.known == 5);
  CHECK(same.fixed.empty());
  for (const auto& s : same->systems) CHECK(s.findings.empty());
  CHECK(same->summary.errors == 0);
  CHECK(same->summary.waived == 0);
  CHECK(same->summary.input_errors == 1);  // input errors are not baselined

  // One finding fixed, one new.
  now.systems[1].findings.erase(now.systems[1].findings.begin());  // L16-BAND-01 fixed
  now.systems[0].findings.push_back(
      make_finding("UAS-ED-01", "uas-loi", "STANAG 4586", severity::error, "edition 2", "catalogue/deu.xml", 3, 1, "/x"));
  recount(now);
  auto changed = apply_baseline(now, baseline);
  REQUIRE(changed);
  REQUIRE(changed.fixed.size() == 1);
  CHECK(changed.fixed[0].system == "FRA-UAV-0001");
  CHECK(changed.fixed[0].item.rule == "L16-BAND-01");
  REQUIRE(changed->systems[0].findings.size() == 1);
  CHECK(changed->systems[0].findings[0].message == "edition 2");
  CHECK(changed->summary.errors == 1);
  report_options o;
  o.fixed = &changed.fixed;
  CHECK(render_text(*changed, o).find("== fixed since the baseline\n/work/audit/catalogue/fra.xml:12:5: fixed: ") !=
        std::string::npos);

  // Duplicates need as many baseline entries.
  run_result dup = sample_run();
  dup.systems[2].findings.push_back(dup.systems[2].findings[0]);
  auto d = apply_baseline(dup, baseline);
  CHECK(d->systems[2].findings.size() == 1);

  auto bad = apply_baseline(sample_run(), "{\"tool\": 1");
  CHECK(!bad);
  CHECK(bad.error == "1:11: expected '}'");
  CHECK(bad->systems.size() == 3);  // the run is left as it was
}

TEST_CASE("diff of two audits: new, fixed, changed verdicts, systems") {
  run_result before = sample_run();
  run_result after = sample_run();
  after.systems[1].findings.erase(after.systems[1].findings.begin());
  after.systems[1].verdicts[0].kind = verdict_kind::conformant;
  after.systems[2].verdicts[1].kind = verdict_kind::conformant;
  after.systems[2].verdicts[1].level = 3;
  after.systems[2].findings.clear();
  after.systems[1].findings.push_back(
      make_finding("UAS-ED-01", "uas-loi", "STANAG 4586", severity::error, "edition 2", "catalogue/fra.xml", 3, 1, "/x"));
  system_result extra;
  extra.id = "ITA-SHIP-0009";
  extra.verdicts = {{"STANAG 5516", "link16", verdict_kind::conformant, std::nullopt, ""}};
  after.systems.push_back(extra);
  after.systems.erase(after.systems.begin());  // DEU removed
  auto d = diff_audits(render_json(before, {}), render_json(after, {}));
  REQUIRE(d);
  CHECK(d.changed());
  CHECK(d->text ==
        "== new findings\n"
        "+ catalogue/fra.xml:3:1: error: edition 2 [UAS-ED-01] (system FRA-UAV-0001)\n"
        "== fixed findings\n"
        "- /work/audit/catalogue/fra.xml:12:5: error: declared band 900 MHz .. 1206 MHz leaves 960 MHz .. 1215 MHz, "
        "\"low\" edge [L16-BAND-01] (system FRA-UAV-0001)\n"
        "- catalogue/gbr.xml:4:3: warning: no test report shows test UAS-LOI3 passed [UAS-EVID-01] (system GBR-RAD-0002)\n"
        "== changed verdicts\n"
        "~ FRA-UAV-0001 STANAG 5516 (link16): non-conformant -> conformant\n"
        "~ GBR-RAD-0002 STANAG 4586 (uas-loi): incomplete (level 2) -> conformant (level 3)\n"
        "== systems added\n+ ITA-SHIP-0009\n"
        "== systems removed\n- DEU-GW-0003\n"
        "stancheck diff: findings 1 new, 2 fixed; verdicts 2 changed; systems 1 added, 1 removed\n");
  auto same = diff_audits(render_json(before, {}), render_json(before, {}));
  REQUIRE(same);
  CHECK(!same.changed());
  CHECK(same->text == "stancheck diff: findings 0 new, 0 fixed; verdicts 0 changed; systems 0 added, 0 removed\n");
  auto broken = diff_audits("{}", render_json(before, {}));
  CHECK(!broken);
  CHECK(broken.error().rfind("old audit: not a stancheck JSON report", 0) == 0);
}

TEST_CASE("atomic writes leave no temporary file and never a partial file") {
  fs::path dir = scratch_dir("atomic");
  std::string target = (dir / "report.json").string();
  REQUIRE(write_file_atomic(target, "first"));
  CHECK(slurp(target) == "first");
  REQUIRE(write_file_atomic(target, std::string(1 << 20, 'x')));
  CHECK(slurp(target).size() == (1u << 20));
  auto entries = [&] {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  };
  CHECK(entries() == std::vector<std::string>{"report.json"});

  // Failure: the target is a directory, so the rename fails; the temp file is removed.
  fs::create_directories(dir / "taken");
  std::string error;
  CHECK(!write_file_atomic((dir / "taken").string(), "data", &error));
  CHECK(error.rfind("cannot write " + (dir / "taken").string() + ": rename", 0) == 0);
  CHECK(entries() == std::vector<std::string>{"report.json", "taken"});
  // Failure: no such directory.
  CHECK(!write_file_atomic((dir / "missing" / "r.json").string(), "data", &error));
  CHECK(error.find("cannot create a temporary file") != std::string::npos);
  CHECK(!write_file_atomic("", "data", &error));
  CHECK(slurp(target).size() == (1u << 20));  // untouched by the failures
  fs::remove_all(dir);
}

TEST_CASE("HTML is self-contained and escapes document text") {
  run_result r = sample_run();
  r.systems[1].name = "</script><script>alert(1)</script><img src=x onerror=alert(2)>";
  r.systems[1].findings[0].message = "<iframe src=\"https://evil.example\"></iframe>";
  std::string html = render_html(r, {});
  CHECK(html.find("<script>alert") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("<iframe") == std::string::npos);
  CHECK(html.find("\\u003c/script\\u003e") != std::string::npos);
  // No external resource of any kind: the only URL is the SVG namespace name.
  std::string scrubbed = html;
  for (std::string ns = "http://www.w3.org/2000/svg"; scrubbed.find(ns) != std::string::npos;)
    scrubbed.erase(scrubbed.find(ns), ns.size());
  for (const char* bad : {"http://", "src=\"", "@import", "url(", "<link rel=\"stylesheet\""}) {
    CAPTURE(bad);
    CHECK(scrubbed.find(bad) == std::string::npos);
  }
  CHECK(html.find("default-src 'none'") != std::string::npos);
  CHECK(html.find("innerHTML") == std::string::npos);
}

TEST_CASE("JUnit: one suite per system, one case per rule applied, a failure per finding") {
  std::string x = render_junit(sample_run(), {});
  CHECK(x.find("<testsuite name=\"FRA-UAV-0001\" tests=\"4\" failures=\"3\" errors=\"0\" skipped=\"1\">") !=
        std::string::npos);
  CHECK(x.find("<testsuite name=\"DEU-GW-0003\" tests=\"4\" failures=\"0\"") != std::string::npos);
  CHECK(x.find("<testsuite name=\"input-errors\" tests=\"1\" failures=\"0\" errors=\"1\">") != std::string::npos);
  CHECK(x.find("<testsuites name=\"stancheck 0.1.0\" tests=\"11\" failures=\"4\" errors=\"1\">") != std::string::npos);
}

TEST_CASE("external validators: SARIF schema + code-scanning fields, JUnit XSD") {
  fs::path dir = scratch_dir("validators");
  run_result r = sample_run();
  std::string sarif_path = (dir / "sample.sarif").string();
  REQUIRE(write_file_atomic(sarif_path, render_sarif(r, sample_options())));
  std::string validator = shared_path("STANCHECK_SARIF_VALIDATOR", "tools/validate-sarif");
  if (validator.empty() || run("command -v node").first != 0) {
    MESSAGE("skipped: SARIF validator or node not found (set STANCHECK_SARIF_VALIDATOR)");
  } else {
    auto [rc, out] = run(validator + " " + sarif_path);
    if (rc != 0 && out.find("INVALID") == std::string::npos && out.find("valid") == std::string::npos) {
      MESSAGE("skipped: SARIF validator could not run (npm packages unavailable?): " << out);
    } else {
      CHECK_MESSAGE(rc == 0, out);
      CHECK(out.find(": valid") != std::string::npos);
    }
  }
  std::string xsd = shared_path("STANCHECK_JUNIT_XSD", "schemas/junit-10.xsd");
  if (xsd.empty() || run("command -v xmllint").first != 0) {
    MESSAGE("skipped: junit-10.xsd or xmllint not found");
  } else {
    std::string junit_path = (dir / "sample.junit.xml").string();
    REQUIRE(write_file_atomic(junit_path, render_junit(r, {})));
    auto [rc, out] = run("xmllint --noout --schema " + xsd + " " + junit_path);
    CHECK_MESSAGE(rc == 0, out);
    run_result none;
    none.tool_version = "0.1.0";
    REQUIRE(write_file_atomic(junit_path, render_junit(none, {})));
    auto [rc2, out2] = run("xmllint --noout --schema " + xsd + " " + junit_path);
    CHECK_MESSAGE(rc2 == 0, out2);
  }
  fs::remove_all(dir);
}

TEST_CASE("html report files for the screenshot check (only with STANCHECK_HTML_OUT)") {
  const char* out = std::getenv("STANCHECK_HTML_OUT");
  if (!out || !*out) return;
  fs::create_directories(out);
  REQUIRE(write_file_atomic((fs::path(out) / "sample.html").string(), render_html(sample_run(), {})));
  // A synthetic catalogue of 100,000 systems.
  run_result big = sample_run();
  big.systems.clear();
  const char* nations[] = {"DEU", "FRA", "GBR", "ITA", "NLD", "NOR", "POL", "ESP", "TUR", "USA"};
  for (uint32_t i = 0; i < 100000; ++i) {
    system_result s = sample_run().systems[i % 3];
    s.id = fmt::format("{}-SYS-{:06}", nations[i % 10], i);
    s.nation = nations[i % 10];
    big.systems.push_back(std::move(s));
  }
  big.summary.systems = 100000;
  recount(big);
  REQUIRE(write_file_atomic((fs::path(out) / "large.html").string(), render_html(big, {})));
  MESSAGE("wrote sample.html and large.html to " << out);
}

}  // TEST_SUITE
