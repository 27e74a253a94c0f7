// report_sample.hpp — the hand-built three-system run and helpers shared by the report suites.
#pragma once

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include "atomic_file.hpp"
#include "baseline.hpp"
#include "report.hpp"

namespace stancheck::test {

namespace fs = std::filesystem;


inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline finding make_finding(std::string rule, std::string pack, std::string standard, severity level, std::string message,
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
inline run_result sample_run() {
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

inline report_options sample_options() {
  report_options o;
  o.working_dir = "/work/audit";
  return o;
}

/// Compares `actual` with tests/golden/reports/NAME; STANCHECK_UPDATE_GOLDEN=1 rewrites it.
inline void check_golden(const std::string& name, const std::string& actual) {
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
inline fs::path scratch_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("stancheck-report-test-" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

/// Runs a shell command, returns {exit status, output}.
inline std::pair<int, std::string> run(const std::string& cmd) {
  std::string out;
  std::FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return {-1, ""};
  std::array<char, 4096> buf{};
  for (std::size_t n; (n = std::fread(buf.data(), 1, buf.size(), p)) > 0;) out.append(buf.data(), n);
  int st = ::pclose(p);
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, out};
}

/// First existing path among: $ENV, /work/shared/<rel>, <repo>/../shared/<rel>.
inline std::string shared_path(const char* env, const std::string& rel) {
  if (const char* e = std::getenv(env); e && *e) return e;
  for (fs::path base : {fs::path("/work/shared"), fs::path(STANCHECK_ROOT_DIR) / ".." / "shared"})
    if (fs::exists(base / rel)) return (base / rel).lexically_normal().string();
  return "";
}

}  // namespace stancheck::test
