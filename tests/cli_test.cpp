// cli_test.cpp — end-to-end runs of the real stancheck binary: exit codes and output contracts.
#include <doctest/doctest.h>

#include <algorithm>

#include "run_command.hpp"

using stancheck::test::command_result;
using stancheck::test::run_stancheck;
using stancheck::test::scratch_dir;

namespace {

const char* good_pack = R"(pack demo "Demo pack" {
  standard "STANAG 5516" edition 8
  version "1.0.0"
  namespace eid = "urn:stancheck:eid:1"
  rule DEMO-BAND-01 error "Link 16 band" {
    clause "STANAG 5516 Ed 8"
    help "Link 16 terminals operate between 960 and 1215 MHz."
    for each eid:interface[@standard = "STANAG 5516"]
    require @band-low >= 960 MHz and @band-high <= 1215 MHz
    message "declared band {@band-low} .. {@band-high} leaves 960 MHz .. 1215 MHz"
    fix "declare a band within 960-1215 MHz"
  }
}
)";

const char* eid_doc(const char* low) {
  static std::string s;
  s = std::string(R"(<?xml version="1.0"?>
<catalogue xmlns="urn:stancheck:eid:1">
  <system id="T-1" name="Test" nation="FRA" supplier="Acme" version="1">
    <interface id="l16" kind="datalink" standard="STANAG 5516" edition="8"
               band-low=")") +
      low + R"(" band-high="1206 MHz"/>
  </system>
</catalogue>
)";
  return s.c_str();
}

}  // namespace

TEST_SUITE("cli") {
  TEST_CASE("a full temporary directory is an error of the environment: exit 2, says what to do") {
    // Discovery's file lists live in $TMPDIR; a file size limit makes writing them fail as a
    // full disk would (limits and ignored signals pass to the child).
    scratch_dir dir("tmpfull");
    const std::string deep = stancheck::test::deep_dir();
    for (int i = 0; i < 400; ++i)
      dir.write(deep + "/s" + std::to_string(i) + ".xml",
                "<system xmlns=\"urn:stancheck:eid:1\" id=\"S" + std::to_string(i) + "\"/>");
    command_result r;
    {
      stancheck::test::file_size_limit limit(64 * 1024);
      r = run_stancheck("audit --jobs 2 -q '" + (dir.path / "cat").string() + "'");
    }
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("stancheck: error: cannot write the catalogue list in ") == 0);
    CHECK(r.err.find("set TMPDIR to a directory with room") != std::string::npos);
    CHECK(r.err.find("internal error") == std::string::npos);
  }

  TEST_CASE("--version names the tool and version") {
    auto r = run_stancheck("--version");
    CHECK(r.exit_code == 0);
    CHECK(r.out == std::string("stancheck ") + STANCHECK_VERSION + "\n");
  }

  TEST_CASE("unknown subcommand is a usage error") {
    auto r = run_stancheck("frobnicate");
    CHECK(r.exit_code == 2);
  }

  TEST_CASE("rules lint: clean pack exits 0, broken pack exits 2 with a located diagnostic") {
    scratch_dir d("lint");
    auto good = d.write("good.rules", good_pack);
    auto r = run_stancheck("rules lint '" + good.string() + "'");
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("1 rule(s)") != std::string::npos);

    std::string broken = good_pack;
    broken.replace(broken.find("rule DEMO-BAND-01 error"), 23, "rule DEMO-BAND-01 fatal");
    auto bad = d.write("bad.rules", broken);
    r = run_stancheck("rules lint '" + bad.string() + "'");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("bad.rules:5:21: error:") != std::string::npos);
    CHECK(r.err.find("fatal") != std::string::npos);
  }

  TEST_CASE("check: passing system exits 0, failing exits 1, text names file:line:col and rule") {
    scratch_dir d("check");
    auto pack = d.write("p.rules", good_pack);
    auto ok = d.write("ok/sys.xml", eid_doc("969 MHz"));
    auto bad = d.write("bad/sys.xml", eid_doc("900 MHz"));
    auto r = run_stancheck("check --rules '" + pack.string() + "' --as-of 2026-01-01 '" +
                           ok.string() + "'");
    CHECK(r.exit_code == 0);
    r = run_stancheck("check --rules '" + pack.string() + "' --as-of 2026-01-01 '" + bad.string() +
                      "'");
    CHECK(r.exit_code == 1);
    CHECK(r.out.find(bad.string() + ":4:5: error: declared band 900 MHz .. 1206 MHz leaves 960 MHz "
                                    ".. 1215 MHz [DEMO-BAND-01]") != std::string::npos);
    r = run_stancheck("check --fail-on never --rules '" + pack.string() + "' --as-of 2026-01-01 '" +
                      bad.string() + "'");
    CHECK(r.exit_code == 0);
  }

  TEST_CASE("check: an unreadable XML file is exit 3 and the good file is still checked") {
    scratch_dir d("broken");
    auto pack = d.write("p.rules", good_pack);
    d.write("cat/a.xml", eid_doc("900 MHz"));
    d.write("cat/b.xml",
            "<catalogue xmlns=\"urn:stancheck:eid:1\">\n  <system id=\"X\">\n</catalogue>\n");
    auto r = run_stancheck("check --format json --rules '" + pack.string() +
                           "' --as-of 2026-01-01 '" + (d.path / "cat").string() + "'");
    CHECK(r.exit_code == 3);
    CHECK(r.out.find("DEMO-BAND-01") != std::string::npos);  // a.xml was checked
    CHECK(r.out.find("b.xml") != std::string::npos);         // b.xml is an input error
    CHECK(r.out.find("\"input_errors\": 1") != std::string::npos);
  }

  TEST_CASE("check: a missing input path is exit 3, not a crash") {
    auto r = run_stancheck("check --as-of 2026-01-01 /nonexistent/stancheck/input.xml");
    CHECK(r.exit_code == 3);
    CHECK(r.out.find("/nonexistent/stancheck/input.xml") != std::string::npos);
  }

  TEST_CASE("rules list prints one row per shipped rule, rules show prints metadata and source") {
    auto r = run_stancheck("rules list");
    CHECK(r.exit_code == 0);
    CHECK(r.out.rfind("ID ", 0) == 0);
    CHECK(r.out.find("\nL16-002 ") != std::string::npos);
    std::size_t rows = std::count(r.out.begin(), r.out.end(), '\n');
    CHECK(rows >= 151);  // header + at least 150 rules

    r = run_stancheck("rules show L16-002");
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("L16-002 (error) Link 16 operates in 960-1215 MHz\n") == 0);
    CHECK(r.out.find("  clause:    STANAG 5516") != std::string::npos);
    CHECK(r.out.find("rule L16-002 error \"Link 16 operates in 960-1215 MHz\" {") !=
          std::string::npos);
    CHECK(r.out.find("require @band-low >= 960 MHz") != std::string::npos);

    r = run_stancheck("rules show NO-SUCH-RULE");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("no rule 'NO-SUCH-RULE'") != std::string::npos);
  }

  TEST_CASE("a broken test vector makes rules test fail with the mismatch") {
    scratch_dir d("vectors");
    auto pack = d.write("p.rules", good_pack);
    // Expect a finding where there is none, and get one that is not expected.
    d.write("v/demo/wrong.xml", std::string(eid_doc("900 MHz"))
                                    .insert(std::string(eid_doc("900 MHz")).find("  <system"),
                                            "  <!-- expect: DEMO-BAND-01 -->\n"));
    auto r = run_stancheck("rules test --rules '" + pack.string() + "' '" +
                           (d.path / "v").string() + "'");
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("missing finding: ") != std::string::npos);
    CHECK(r.out.find("unexpected finding: ") != std::string::npos);
    CHECK(r.out.find("coverage: demo: rule DEMO-BAND-01 has no passing vector") !=
          std::string::npos);
  }

  TEST_CASE("usage errors: bad --as-of, --format, --profile and --fail-on exit 2 with a message") {
    struct row {
      const char* args;
      const char* message;
    };
    for (auto r : {row{"--as-of 2026-13-01", "--as-of: invalid as-of date '2026-13-01'"},
                   row{"--format xml", "unknown format 'xml'"},
                   row{"--profile nope", "unknown profile 'nope'"},
                   row{"--fail-on sometimes", "--fail-on must be error, warning, info or never"},
                   row{"--output sarif", "--output wants FORMAT=PATH"}}) {
      CAPTURE(r.args);
      auto res = run_stancheck(std::string("check examples/catalogue ") + r.args);
      CHECK(res.exit_code == 2);
      CHECK(res.err.find(r.message) != std::string::npos);
      CHECK(res.out.empty());
    }
  }

  TEST_CASE("baseline hides known findings, diff lists what changed between two audits") {
    scratch_dir d("baseline");
    std::string a = (d.path / "a.json").string(), b = (d.path / "b.json").string();
    auto r = run_stancheck("audit examples/catalogue --as-of 2026-12-01 -q -o json=" + a);
    REQUIRE(r.exit_code == 1);
    // Without the reports, evidence goes missing: new findings.
    r = run_stancheck(
        "audit examples/catalogue/catalogue-2026.xml examples/catalogue/systems "
        "examples/catalogue/labels examples/catalogue/bindings --as-of 2026-12-01 -q -o json=" +
        b);
    REQUIRE(r.exit_code == 1);

    r = run_stancheck("check examples/catalogue --as-of 2026-12-01 --baseline " + a);
    CHECK(r.exit_code == 0);
    CHECK(r.err.find(": 0 errors, 0 warnings, 0 infos") != std::string::npos);

    r = run_stancheck("diff " + a + " " + a);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("+ ") == std::string::npos);

    r = run_stancheck("diff " + a + " " + b);
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("== new findings") != std::string::npos);
    CHECK(r.out.find("[EVD-") != std::string::npos);

    r = run_stancheck("diff " + a + " README.md");
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("README.md") != std::string::npos);
  }

  TEST_CASE("a report that cannot be written says why and exits 3") {
    auto r = run_stancheck(
        "check examples/catalogue/systems --as-of 2026-12-01 -q -o json=/nonexistent-dir/out.json");
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("cannot write /nonexistent-dir/out.json: ") != std::string::npos);
    CHECK(r.err.find("No such file or directory") != std::string::npos);
  }
}
