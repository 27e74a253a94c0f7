// evaluate_memo_test.cpp — predicate calls on `.` are computed once per element and shared by
// every rule, yet each rule still reports what the call raised: problems with document values
// and missing evidence appear on every finding that depends on them.
#include <doctest/doctest.h>

#include <string>

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
  return std::string("<system xmlns=\"urn:stancheck:eid:1\" id=\"S\"><interface id=\"i\" v=\"") + v +
         "\"/></system>";
}

}  // namespace

TEST_SUITE("evaluate") {

TEST_CASE("memoized predicate calls: every rule reports the problems and missing evidence of the call") {
  compile_result c = compile(pack);
  // A value of the wrong unit: both rules that call powered(.) say why.
  run_result bad = run(c, bundles(doc("28 Hz")));
  CHECK(findings(bad) ==
        "1:44 M-1 error: M-1 (value '28 Hz' is not a voltage)\n"
        "1:44 M-2 error: M-2 (value '28 Hz' is not a voltage)\n"
        "1:44 M-3 error: M-3 (evidence missing: no test report of this system mentions test 'PWR-TEST') [missing "
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
