// report_test.cpp — every report format (golden files), escaping tables, the HTML safety checks,
// and the external SARIF/JUnit validators when they are present.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <limits>

#include "json_reader.hpp"
#include "json_writer.hpp"
#include "report_detail.hpp"
#include "report_sample.hpp"

using namespace stancheck;
using namespace stancheck::test;

TEST_SUITE("report") {
  TEST_CASE("golden: every format over the three-system sample") {
    run_result r = sample_run();
    report_options o = sample_options();
    struct row {
      report_format format;
      const char* file;
    };
    for (auto [format, file] :
         {row{report_format::text, "sample.txt"}, row{report_format::json, "sample.json"},
          row{report_format::sarif, "sample.sarif"}, row{report_format::junit, "sample.junit.xml"},
          row{report_format::csv, "sample.csv"},
          row{report_format::csv_matrix, "sample.matrix.csv"},
          row{report_format::markdown, "sample.md"},
          row{report_format::github, "sample.github.txt"},
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
    for (auto [in, out] :
         {row{"text", report_format::text}, row{"json", report_format::json},
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
    CHECK(one_line_summary(empty) ==
          "stancheck: 0 systems, 0 files: 0 errors, 0 warnings, 0 infos");
  }

  TEST_CASE("CSV fields are quoted as RFC 4180 says, formulas neutralised") {
    struct row {
      const char* in;
      const char* out;
    };
    for (auto [in, out] :
         {row{"plain", "plain"}, row{"", ""}, row{"a,b", "\"a,b\""},
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
    for (const auto& [in, out, html] :
         {row{"plain", "\"plain\"", false}, row{"q\"b\\", "\"q\\\"b\\\\\"", false},
          row{"a\nb\tc\r", "\"a\\nb\\tc\\r\"", false},
          row{std::string("\x01\x1f\x7f\b\f", 5), "\"\\u0001\\u001f\\u007f\\b\\f\"", false},
          row{std::string("nul\0x", 5), "\"nul\\u0000x\"", false},
          row{"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80",
              "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"", false},
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
    CHECK(out ==
          "{\n  \"b\": 1,\n  \"a\": \"x\",\n  \"e\": [],\n  \"o\": {\n    \"t\": true,\n    \"n\": "
          "null\n  }\n}");
    std::string c;
    json_writer compact(c, json_style{false, false});
    compact.begin_array();
    compact.value(1.5);
    compact.value("s");
    compact.end_array();
    CHECK(c == "[1.5,\"s\"]");
    // Keys: plain ones (written in one step), ones that need escapes, html-safe, empty; nested
    // indentation; compact objects; integers at their limits.
    std::string k;
    json_writer kw(k, json_style{true, true});
    kw.begin_object();
    kw.key("a\"b");
    kw.begin_object();
    kw.field("", std::numeric_limits<int64_t>::min());
    kw.field("<x>", uint64_t{18446744073709551615ull});
    kw.end_object();
    kw.field("plain", 0);
    kw.end_object();
    CHECK(k ==
          "{\n  \"a\\\"b\": {\n    \"\": -9223372036854775808,\n    \"\\u003cx\\u003e\": "
          "18446744073709551615\n  },\n  \"plain\": 0\n}");
    CHECK(parse_json(k).members.size() == 2);
    std::string ck;
    json_writer ckw(ck, json_style{false, false});
    ckw.begin_object();
    ckw.field("a", 1);
    ckw.field("b\n", "v\"");
    ckw.key("c");
    ckw.begin_array();
    ckw.value(int64_t{-1});
    ckw.end_array();
    ckw.end_object();
    CHECK(ck == "{\"a\":1,\"b\\n\":\"v\\\"\",\"c\":[-1]}");
    std::string bad;
    json_writer m(bad);
    m.begin_object();
    CHECK_THROWS_AS(m.value("no key"), std::logic_error);
    CHECK_THROWS_AS(m.end_array(), std::logic_error);
  }

  TEST_CASE("GitHub workflow-command escaping") {
    CHECK(detail::gh_data("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b");
    CHECK(detail::gh_property("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext%3A a%2Cb");
    std::string gh = render_github(sample_run(), sample_options());
    CHECK(gh.find(
              "::error file=catalogue/fra.xml,line=12,col=5,title=L16-BAND-01 (FRA-UAV-0001)::") !=
          std::string::npos);
    CHECK(gh.find("W-2026-001") == std::string::npos);  // waived findings are not annotated
  }

  TEST_CASE("SARIF artifact URIs are relative to the working directory and percent-encoded") {
    struct row {
      const char* file;
      const char* dir;
      const char* uri;
    };
    for (auto [file, dir, uri] :
         {row{"/w/a/b.xml", "/w", "a/b.xml"}, row{"/w/a/b.xml", "/w/", "a/b.xml"},
          row{"./a b.xml", "/w", "a%20b.xml"}, row{"a\\b#1.xml", "", "a/b%231.xml"},
          row{"/other/x.xml", "/w", "file:///other/x.xml"},
          row{"/wx/y.xml", "/w", "file:///wx/y.xml"}, row{"", "/w", "unknown"},
          row{"caf\xC3\xA9.xml", "/w", "caf%C3%A9.xml"},
          row{"a\x01\x7F.xml", "/w", "a%01%7F.xml"}}) {
      CAPTURE(file);
      CHECK(detail::sarif_uri(file, dir) == uri);
    }
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
    CHECK(x.find("<testsuite name=\"FRA-UAV-0001\" tests=\"4\" failures=\"3\" errors=\"0\" "
                 "skipped=\"1\">") != std::string::npos);
    CHECK(x.find("<testsuite name=\"DEU-GW-0003\" tests=\"4\" failures=\"0\"") !=
          std::string::npos);
    CHECK(x.find("<testsuite name=\"input-errors\" tests=\"1\" failures=\"0\" errors=\"1\">") !=
          std::string::npos);
    CHECK(
        x.find("<testsuites name=\"stancheck 0.1.0\" tests=\"11\" failures=\"4\" errors=\"1\">") !=
        std::string::npos);
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
      if (rc != 0 && out.find("INVALID") == std::string::npos &&
          out.find("valid") == std::string::npos) {
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
    REQUIRE(
        write_file_atomic((fs::path(out) / "sample.html").string(), render_html(sample_run(), {})));
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
