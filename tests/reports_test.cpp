// reports_test.cpp — test-case extraction from native, ATML (TestStand-shaped) and JUnit
// (pytest, Maven Surefire, ctest) reports.
#include <doctest/doctest.h>

#include <climits>
#include <string>

#include "document.hpp"
#include "reports.hpp"

using namespace stancheck;

namespace {

std::string fixture(const std::string& rel) { return std::string(STANCHECK_TEST_DIR) + "/data/documents/" + rel; }

report_extraction extract_file(const std::string& rel) {
  auto r = load_document(fixture(rel));
  REQUIRE_MESSAGE(r, r.error.message);
  return extract_tests(*r.doc);
}

report_extraction extract_text(std::string_view text) {
  auto r = parse_document("r.xml", text);
  REQUIRE_MESSAGE(r, r.error.message);
  return extract_tests(*r.doc);
}

/// One line per test: "system | id | name | verdict | date | measurements".
std::string dump(const report_extraction& x) {
  std::string out;
  for (const auto& g : x.groups)
    for (const auto& t : g.tests) {
      out += g.system + " | " + t.id + " | " + t.name + " | " + to_string(t.verdict) + " | " +
             (t.date == INT32_MIN ? std::string("-") : std::to_string(t.date)) + " |";
      for (const auto& m : t.measurements) out += " " + m.name + "=" + m.value;
      out += "\n";
    }
  for (const auto& e : x.errors)
    out += "error " + std::to_string(e.line) + ":" + std::to_string(e.column) + ": " + e.message + "\n";
  return out;
}

}  // namespace

TEST_SUITE("reports") {

TEST_CASE("parse_date") {
  struct row {
    const char* text;
    int32_t days;
  };
  const row rows[] = {
      {"1970-01-01", 0},
      {"1970-01-02T00:00:00", 1},
      {"1969-12-31", -1},
      {"2000-03-01", 11017},
      {"2024-02-29", 19782},
      {"2025-03-14T09:30:12.52", 20161},
      {"2025-04-02T14:05:00.00+02:00", 20180},
      {"2025-03-14Z", 20161},
      {"2025-03-14 09:30", 20161},
      {"2023-02-29", INT32_MIN},
      {"2025-13-01", INT32_MIN},
      {"2025-1-01", INT32_MIN},
      {"20250314", INT32_MIN},
      {"2025-03-14x", INT32_MIN},
      {"", INT32_MIN},
  };
  for (const auto& r : rows) {
    CAPTURE(r.text);
    CHECK(parse_date(r.text) == r.days);
  }
}

TEST_CASE("native report") {
  auto x = extract_file("catalogue/reports/native.xml");
  CHECK(dump(x) ==
        "FRA-UAV-0001 | L16-BAND-TEST |  | pass | 20161 | band-low=969 MHz band-high=1206 MHz\n"
        "FRA-UAV-0001 | PWR-SURGE |  | fail | 20162 |\n");
  REQUIRE(x.groups.size() == 1);
  CHECK(x.groups[0].line == 2);
  CHECK(x.groups[0].column == 1);
  CHECK(x.groups[0].tests[1].offset == 290);
  CHECK(x.groups[0].tests[1].file == fixture("catalogue/reports/native.xml"));

  CHECK(dump(extract_text(R"(<test-report xmlns="urn:stancheck:report:1" date="2025-01-01"/>)")) ==
        "error 1:1: test-report has no system attribute naming the system it tests\n");
  CHECK(dump(extract_text(R"(<test-report xmlns="urn:stancheck:report:1" system="S" date="01/02/2025">
  <test id="a" verdict="passed"/>
  <test verdict="pass"/>
  <test id="b" verdict="skipped" date="soon"/>
</test-report>)")) == "S | b |  | skipped | - |\n"
                     "error 1:1: date '01/02/2025' is not a date (expected YYYY-MM-DD, optionally with a time)\n"
                     "error 2:3: test 'a' has verdict 'passed'; expected pass, fail, error or skipped\n"
                     "error 3:3: test has no id attribute\n"
                     "error 4:3: date 'soon' is not a date (expected YYYY-MM-DD, optionally with a time)\n");
}

TEST_CASE("ATML 2011 as TestStand writes it") {
  CHECK(dump(extract_file("reports/teststand-atml-2011.xml")) ==
        "FRA-UAV-0001 | PWR-28V-STEADY | Bus voltage | pass | 20161 | Numeric=28.1 V\n"
        "FRA-UAV-0001 | Surge 100 V 50 ms | Surge 100 V 50 ms | fail | 20161 |\n"
        "FRA-UAV-0001 | Self test | Self test | skipped | 20162 |\n");
}

TEST_CASE("ATML 2013 names the system by serial number when no identification number is given") {
  auto x = extract_file("reports/teststand-atml-2013.xml");
  CHECK(dump(x) ==
        "DEU-GCS-0007 | LOI-3-HANDOVER | LOI-3-HANDOVER | pass | 20180 | Latency=0.12 s\n"
        "DEU-GCS-0007 | HF-9600-LINK | HF-9600-LINK | error | 20180 |\n");
  REQUIRE(x.groups.size() == 1);
  CHECK(x.groups[0].line == 19);  // the c:SerialNumber element
}

TEST_CASE("ATML with a TestResults root and problems") {
  CHECK(dump(extract_text(R"(<tr:TestResults xmlns:tr="urn:IEEE-1636.1:2011:01:TestResults" xmlns:c="urn:IEEE-1671:2010:Common">
  <tr:ResultSet startDateTime="2025-01-01T00:00:00">
    <tr:Test name="T1"><tr:Outcome value="Done"/></tr:Test>
    <tr:Test name="T2"/>
  </tr:ResultSet>
  <tr:UUT><c:SerialNumber>S-1</c:SerialNumber></tr:UUT>
</tr:TestResults>)")) == "S-1 | T1 | T1 | unknown | 20089 |\n"
                          "S-1 | T2 | T2 | unknown | 20089 |\n"
                          "error 4:5: ATML Test 'T2' has no Outcome\n");
  CHECK(dump(extract_text(R"(<trc:TestResultsCollection xmlns:trc="urn:IEEE-1636.1:2013:TestResultsCollection">
  <trc:TestResults><ResultSet/></trc:TestResults>
</trc:TestResultsCollection>)")) ==
        "error 2:3: ATML TestResults names no unit under test (expected UUT/Definition/Identification/"
        "IdentificationNumbers/IdentificationNumber/@number or UUT/SerialNumber)\n");
  CHECK(dump(extract_text(R"(<trc:TestResultsCollection xmlns:trc="urn:IEEE-1636.1:2013:TestResultsCollection"/>)")) ==
        "error 1:1: ATML TestResultsCollection holds no TestResults\n");
}

TEST_CASE("JUnit from pytest: system-id property, failure, skipped, error, record_property") {
  CHECK(dump(extract_file("reports/pytest.xml")) ==
        "GBR-RDR-0100 | tests.test_video.test_klv_checksum | test_klv_checksum | pass | 20228 | frame_rate=25 Hz\n"
        "GBR-RDR-0100 | tests.test_video.test_klv_timestamp | test_klv_timestamp | fail | 20228 |\n"
        "GBR-RDR-0100 | tests.test_power.test_brownout | test_brownout | skipped | 20228 |\n"
        "GBR-RDR-0100 | tests.test_power.test_supply | test_supply | error | 20228 |\n");
}

TEST_CASE("JUnit from Maven Surefire: stancheck.system property, no timestamp") {
  CHECK(dump(extract_file("reports/TEST-eu.example.gcs.LinkTest.xml")) ==
        "DEU-GCS-0007 | eu.example.gcs.LinkTest.handoverWithinLoi3 | handoverWithinLoi3 | pass | - |\n"
        "DEU-GCS-0007 | eu.example.gcs.LinkTest.rejectsStaleVehicleId | rejectsStaleVehicleId | fail | - |\n"
        "DEU-GCS-0007 | eu.example.gcs.LinkTest.hfFallback | hfFallback | skipped | - |\n");
}

TEST_CASE("JUnit from ctest names no system: one error per suite") {
  CHECK(dump(extract_file("reports/ctest.xml")) ==
        "error 2:1: JUnit testsuite 'Linux-c++' names no system: add <property name=\"system-id\" "
        "value=\"...\"/> to its properties\n");
}

TEST_CASE("JUnit: properties inherit from testsuites, one file can hold several systems") {
  auto x = extract_text(R"(<testsuites timestamp="2025-01-01T10:00:00">
  <properties><property name="system-id" value="A"/></properties>
  <testsuite name="one"><testcase name="t1"/></testsuite>
  <testsuite name="two" timestamp="2025-01-02T10:00:00">
    <properties><property name="stancheck.system">B</property></properties>
    <testcase classname="k" name="t2"/>
    <testsuite name="nested"><testcase name="t3"><failure/></testcase></testsuite>
  </testsuite>
  <testsuite name="three"><testcase name="t4"/></testsuite>
</testsuites>)");
  CHECK(dump(x) ==
        "A | t1 | t1 | pass | 20089 |\n"
        "A | t4 | t4 | pass | 20089 |\n"
        "B | k.t2 | t2 | pass | 20090 |\n"
        "B | t3 | t3 | fail | 20090 |\n");
  REQUIRE(x.groups.size() == 2);
  CHECK(x.groups[1].line == 5);
}

TEST_CASE("extract_tests on a document that is not a report") {
  auto x = extract_text(R"(<catalogue xmlns="urn:stancheck:eid:1"/>)");
  CHECK(dump(x) == "error 1:1: not a test report (it is a interface description)\n");
}

}  // TEST_SUITE
