// evaluate_memo_test.cpp — predicate calls on `.` are computed once per element and shared by
// every rule, yet each rule still reports what the call raised: problems with document values
// and missing evidence appear on every finding that depends on them.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "engine_support.hpp"

using namespace engine_test;

namespace {

const char* const pack = R"(pack m "Memo test pack" {
  standard "STANAG 9999" edition 1
  version "1.0.0"
  namespace eid = "urn:stancheck:eid:1"
  predicate powered($i) = $i/@v >= 20 V
  predicate tested($i) = passed("PWR-TEST")
  rule M-1 error "first" {
    clause "stancheck test"
    for each eid:interface
    require powered(.)
    message "M-1"
  }
  rule M-2 error "second" {
    clause "stancheck test"
    for each eid:interface
    require powered(.) and @id = "i"
    message "M-2"
  }
  rule M-3 error "third" {
    clause "stancheck test"
    for each eid:interface
    require tested(.)
    message "M-3"
  }
  rule M-4 error "fourth" {
    clause "stancheck test"
    for each eid:interface
    require tested(.) and powered(.)
    message "M-4"
  }
}
)";

std::string doc(const char* v) {
  return std::string("<system xmlns=\"urn:stancheck:eid:1\" id=\"S\"><interface id=\"i\" v=\"") +
         v + "\"/></system>";
}

}  // namespace

TEST_SUITE("evaluate") {
  TEST_CASE(
      "memoized predicate calls: every rule reports the problems and missing evidence of the "
      "call") {
    compile_result c = compile(pack);
    // A value of the wrong unit: both rules that call powered(.) say why.
    run_result bad = run(c, bundles(doc("28 Hz")));
    CHECK(findings(bad) ==
          "1:44 M-1 error: M-1 (value '28 Hz' is not a voltage)\n"
          "1:44 M-2 error: M-2 (value '28 Hz' is not a voltage)\n"
          "1:44 M-3 error: M-3 (evidence missing: no test report of this system mentions test "
          "'PWR-TEST') [missing "
          "evidence]\n"
          "1:44 M-4 error: M-4 (value '28 Hz' is not a voltage)\n");
    // A good value and a passing test: the shared truth holds for all four.
    test_case pass;
    pass.id = "PWR-TEST";
    pass.verdict = test_verdict::pass;
    run_result good = run(c, bundles(doc("28 V"), "sys.xml", {pass}));
    CHECK(findings(good).empty());
    // A low value: the memoized false is the same in both rules.
    run_result low = run(c, bundles(doc("12 V"), "sys.xml", {pass}));
    CHECK(findings(low) == "1:44 M-1 error: M-1\n1:44 M-2 error: M-2\n1:44 M-4 error: M-4\n");
  }

}  // TEST_SUITE

TEST_SUITE("evaluate") {
  TEST_CASE("cached regular expression results: every text, every expression, the same verdicts") {
    // Two expressions over the same values (the cache is keyed by both), more distinct values
    // than the cache has slots (collisions and evictions), values repeated (hits), and values
    // longer than the cache keeps.
    compile_result c = compile(R"(pack rx "Regex cache test pack" {
  standard "STANAG 9999" edition 1
  version "1.0.0"
  namespace eid = "urn:stancheck:eid:1"
  rule RX-1 error "anchored" {
    clause "stancheck test"
    for each eid:interface
    require @v matches "^(ab)+$"
    message "{@id}"
  }
  rule RX-2 error "partial" {
    clause "stancheck test"
    for each eid:interface
    require @v matches "b[0-9]*$"
    message "{@id}"
  }
}
)");
    std::string xml = "<system xmlns=\"urn:stancheck:eid:1\" id=\"S\">\n";
    std::string want1, want2;
    // The two expressions, decided by hand (std::regex trips a GCC warning under the sanitizers).
    auto rx1 = [](const std::string& v) {  // ^(ab)+$
      if (v.empty() || v.size() % 2) return false;
      for (std::size_t i = 0; i < v.size(); i += 2)
        if (v[i] != 'a' || v[i + 1] != 'b') return false;
      return true;
    };
    auto rx2 = [](const std::string& v) {  // b[0-9]*$ anywhere: a 'b' then only digits to the end
      std::size_t e = v.size();
      while (e > 0 && v[e - 1] >= '0' && v[e - 1] <= '9') --e;
      return e > 0 && v[e - 1] == 'b';
    };
    for (int k = 0; k < 3000; ++k) {
      std::string v;
      for (int r = 0; r <= (k % 11 == 0 ? 60 : k % 7); ++r) v += "ab";
      if (k % 3 == 0) v += "x";
      if (k % 5 == 0) v += std::to_string(k % 1700);  // 1,700 distinct suffixes
      const std::string id = "i" + std::to_string(k);
      xml += "  <interface id=\"" + id + "\" v=\"" + v + "\"/>\n";
      if (!rx1(v)) want1 += id + "\n";
      if (!rx2(v)) want2 += id + "\n";
    }
    xml += "</system>\n";
    run_result r = run(c, bundles(xml));
    REQUIRE(r.systems.size() == 1);
    std::string got1, got2;
    for (const finding& f : r.systems[0].findings)
      (f.rule == "RX-1" ? got1 : got2) += f.message + "\n";
    auto sorted = [](const std::string& lines) {
      std::vector<std::string> v;
      std::size_t a = 0;
      for (std::size_t b; (b = lines.find('\n', a)) != std::string::npos; a = b + 1)
        v.push_back(lines.substr(a, b - a));
      std::sort(v.begin(), v.end());
      return v;
    };
    CHECK(!want1.empty());
    CHECK(!want2.empty());
    CHECK(sorted(got1) == sorted(want1));
    CHECK(sorted(got2) == sorted(want2));
  }

  TEST_CASE("cached quantity conversions: every text, every comparison, the same verdicts") {
    // More distinct texts than the cache has slots, each compared by two rules; wrong units and
    // missing units make findings (with their problem) wherever they occur.
    compile_result c = compile(R"(pack qc "Quantity cache test pack" {
  standard "STANAG 9999" edition 1
  version "1.0.0"
  namespace eid = "urn:stancheck:eid:1"
  rule QC-1 error "at least 20 V" {
    clause "stancheck test"
    for each eid:interface
    require @v >= 20 V
    message "{@id}"
  }
  rule QC-2 error "below 1 kV" {
    clause "stancheck test"
    for each eid:interface
    require @v < 1 kV
    message "{@id}"
  }
}
)");
    const char* const units[] = {"V", "mV", "kV", "Hz", ""};
    const double scale[] = {1, 1e-3, 1e3, 0, 0};
    std::string xml = "<system xmlns=\"urn:stancheck:eid:1\" id=\"S\">\n";
    std::vector<std::string> want1, want2;
    for (int k = 0; k < 3000; ++k) {
      const int u = k % 5, n = k % 1300;
      const std::string id = "i" + std::to_string(k);
      xml += "  <interface id=\"" + id + "\" v=\"" + std::to_string(n) +
             (units[u][0] ? std::string(" ") + units[u] : "") + "\"/>\n";
      const bool volts = u < 3;
      if (!volts || n * scale[u] < 20) want1.push_back(id);
      if (!volts || n * scale[u] >= 1000) want2.push_back(id);
    }
    xml += "</system>\n";
    run_result r = run(c, bundles(xml));
    REQUIRE(r.systems.size() == 1);
    std::vector<std::string> got1, got2;
    for (const finding& f : r.systems[0].findings) {
      const std::string id = f.message.substr(0, f.message.find(' '));
      (f.rule == "QC-1" ? got1 : got2).push_back(id);
    }
    for (auto* v : {&want1, &want2, &got1, &got2}) std::sort(v->begin(), v->end());
    CHECK(want1.size() > 100);
    CHECK(want2.size() > 100);
    CHECK(got1 == want1);
    CHECK(got2 == want2);
  }

}  // TEST_SUITE
