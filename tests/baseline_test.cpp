// baseline_test.cpp — the JSON reader, fingerprints, baselines, audit diffs and atomic writes.
#include <doctest/doctest.h>

#include "json_reader.hpp"

#include "report_sample.hpp"

using namespace stancheck;
using namespace stancheck::test;

TEST_SUITE("report") {

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

}  // TEST_SUITE
