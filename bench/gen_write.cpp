// gen_write.cpp — renders the generator's system model as XML: EID systems, native/ATML/JUnit
// reports and STANAG 4774 labels, in the formats described in docs/documents.md.
#include <cstdio>

#include "gen_model.hpp"

namespace stancheck::bench {
namespace {

void append(fmt::memory_buffer& out, std::string_view s) { out.append(s.data(), s.data() + s.size()); }

void write_attrs(fmt::memory_buffer& out, const attr_list& attrs) {
  for (const auto& [name, value] : attrs) {
    append(out, " ");
    append(out, name);
    append(out, "=\"");
    append_escaped(out, value);
    append(out, "\"");
  }
}

std::string date_time(int32_t days, int seconds_of_day) {
  return fmt::format("{}T{:02}:{:02}:{:02}Z", format_date(days), seconds_of_day / 3600,
                     seconds_of_day / 60 % 60, seconds_of_day % 60);
}

// FNV-1a: a fixed hash (std::hash differs between library versions).
uint64_t fnv1a(const std::string& s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

const char* atml_outcome(const std::string& verdict) {
  if (verdict == "pass") return "Passed";
  if (verdict == "fail") return "Failed";
  if (verdict == "error") return "Aborted";
  return "Skipped";
}

}  // namespace

void append_escaped(fmt::memory_buffer& out, const std::string& text) {
  for (char c : text) {
    switch (c) {
      case '&': append(out, "&amp;"); break;
      case '<': append(out, "&lt;"); break;
      case '>': append(out, "&gt;"); break;
      case '"': append(out, "&quot;"); break;
      default: out.push_back(c);
    }
  }
}

// Civil-from-days and days-from-civil (H. Hinnant's algorithms), proleptic Gregorian.
std::string format_date(int32_t days) {
  int64_t z = int64_t{days} + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  return fmt::format("{:04}-{:02}-{:02}", y + (m <= 2), m, d);
}

bool parse_date(const std::string& text, int32_t& days) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return false;
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  int64_t yy = m <= 2 ? y - 1 : y;
  int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
  int64_t yoe = yy - era * 400;
  int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  days = static_cast<int32_t>(era * 146097 + doe - 719468);
  return true;
}

std::string label_href(const system_spec& s) { return "labels/" + s.id + ".xml"; }

void write_system(fmt::memory_buffer& out, const system_spec& s, bool in_catalogue) {
  const char* ind = in_catalogue ? "  " : "";
  fmt::format_to(std::back_inserter(out), "{}<system", ind);
  write_attrs(out, {{"id", s.id}, {"name", s.name}, {"nation", s.nation}, {"supplier", s.supplier},
                    {"version", s.version}});
  if (!in_catalogue) append(out, " xmlns=\"urn:stancheck:eid:1\"");
  append(out, ">\n");
  for (const auto& i : s.interfaces) {
    fmt::format_to(std::back_inserter(out), "{}  <interface", ind);
    write_attrs(out, i.attrs);
    if (i.children.empty()) {
      append(out, "/>\n");
      continue;
    }
    append(out, ">\n");
    for (const auto& c : i.children) {
      fmt::format_to(std::back_inserter(out), "{}    <{}", ind, c.element);
      write_attrs(out, c.attrs);
      append(out, "/>\n");
    }
    fmt::format_to(std::back_inserter(out), "{}  </interface>\n", ind);
  }
  fmt::format_to(std::back_inserter(out), "{}</system>\n", ind);
}

void write_eid_document(fmt::memory_buffer& out, const system_spec& s) {
  append(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  write_system(out, s, false);
}

void write_junit_suite(fmt::memory_buffer& out, const system_spec& s) {
  std::size_t failures = 0, skipped = 0;
  for (const auto& t : s.tests) (t.verdict == "skipped" ? skipped : failures) += t.verdict != "pass";
  fmt::format_to(std::back_inserter(out),
                 "  <testsuite name=\"{} qualification\" tests=\"{}\" failures=\"{}\" errors=\"0\" "
                 "skipped=\"{}\" timestamp=\"{}\">\n    <properties>\n"
                 "      <property name=\"system-id\" value=\"",
                 s.id, s.tests.size(), failures - skipped, skipped, date_time(s.report_date, 36000).substr(0, 19));
  append_escaped(out, s.id);
  append(out, "\"/>\n    </properties>\n");
  for (const auto& t : s.tests) {
    fmt::format_to(std::back_inserter(out), "    <testcase classname=\"qualification\" name=\"{}\" time=\"{}.{:03}\"",
                   t.id, t.date % 7, t.date % 1000);
    if (t.verdict == "pass") {
      append(out, "/>\n");
      continue;
    }
    append(out, ">\n");
    if (t.verdict == "skipped")
      append(out, "      <skipped/>\n");
    else
      fmt::format_to(std::back_inserter(out), "      <{0} message=\"{1} did not meet its limit\">{1}: measured value out of range</{0}>\n",
                     t.verdict == "error" ? "error" : "failure", t.id);
    append(out, "    </testcase>\n");
  }
  append(out, "  </testsuite>\n");
}

void write_report_document(fmt::memory_buffer& out, const system_spec& s) {
  append(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  switch (s.report) {
    case report_format::native:
      append(out, "<test-report xmlns=\"urn:stancheck:report:1\" system=\"");
      append_escaped(out, s.id);
      fmt::format_to(std::back_inserter(out), "\" date=\"{}\">\n", format_date(s.report_date));
      for (const auto& t : s.tests) {
        fmt::format_to(std::back_inserter(out), "  <test id=\"{}\" verdict=\"{}\" date=\"{}\"", t.id,
                       t.verdict, format_date(t.date));
        if (t.measurement_name.empty()) {
          append(out, "/>\n");
          continue;
        }
        fmt::format_to(std::back_inserter(out), ">\n    <measurement name=\"{}\" value=\"{}\"/>\n  </test>\n",
                       t.measurement_name, t.measurement_value);
      }
      append(out, "</test-report>\n");
      break;
    case report_format::atml: {
      append(out,
             "<tr:TestResults xmlns:tr=\"urn:IEEE-1636.1:2013:TestResults\" "
             "xmlns:c=\"urn:IEEE-1671:2010:Common\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" uuid=\"");
      fmt::format_to(std::back_inserter(out), "{:08x}-0000-4000-8000-{:012x}\">\n", s.report_date,
                     fnv1a(s.id) & 0xffffffffffffULL);
      fmt::format_to(std::back_inserter(out),
                     "  <tr:ResultSet ID=\"RS-1\" name=\"Qualification\" startDateTime=\"{}\" endDateTime=\"{}\">\n",
                     date_time(s.report_date, 28800), date_time(s.report_date, 43200));
      append(out, "    <tr:TestGroup ID=\"TG-1\" name=\"Interface qualification\">\n");
      for (std::size_t k = 0; k < s.tests.size(); ++k) {
        const auto& t = s.tests[k];
        fmt::format_to(std::back_inserter(out),
                       "      <tr:Test ID=\"T-{}\" testReferenceID=\"{}\" name=\"{}\" startDateTime=\"{}\">\n"
                       "        <tr:Outcome value=\"{}\"/>\n",
                       k + 1, t.id, t.id, date_time(t.date, 30000 + static_cast<int>(k) * 60), atml_outcome(t.verdict));
        if (!t.measurement_name.empty()) {
          auto space = t.measurement_value.find(' ');
          fmt::format_to(std::back_inserter(out),
                         "        <tr:TestResult ID=\"T-{}-R1\" name=\"{}\">\n          <tr:TestData>"
                         "<c:Datum xsi:type=\"c:double\" value=\"{}\" nonStandardUnit=\"{}\"/></tr:TestData>\n"
                         "        </tr:TestResult>\n",
                         k + 1, t.measurement_name, t.measurement_value.substr(0, space),
                         space == std::string::npos ? "" : t.measurement_value.substr(space + 1));
        }
        append(out, "      </tr:Test>\n");
      }
      append(out, "    </tr:TestGroup>\n");
      append(out, "  </tr:ResultSet>\n  <tr:UUT UutType=\"Hardware\">\n    <c:Definition>\n"
                  "      <c:Identification>\n        <c:IdentificationNumbers>\n"
                  "          <c:IdentificationNumber type=\"Part\" number=\"");
      append_escaped(out, s.id);
      append(out, "\"/>\n        </c:IdentificationNumbers>\n      </c:Identification>\n    </c:Definition>\n"
                  "    <c:SerialNumber>");
      append_escaped(out, s.id);
      append(out, "</c:SerialNumber>\n  </tr:UUT>\n</tr:TestResults>\n");
      break;
    }
    case report_format::junit:
      append(out, "<testsuites>\n");
      write_junit_suite(out, s);
      append(out, "</testsuites>\n");
      break;
  }
}

void write_label_document(fmt::memory_buffer& out, const system_spec& s) {
  const label_spec& l = s.label;
  auto o = std::back_inserter(out);
  append(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              "<originatorConfidentialityLabel xmlns=\"urn:nato:stanag:4774:confidentialitymetadatalabel:1:0\"");
  if (!l.review.empty()) fmt::format_to(o, " ReviewDateTime=\"{}\"", l.review);
  fmt::format_to(o, ">\n  <ConfidentialityInformation>\n    <PolicyIdentifier URI=\"{}\">NATO</PolicyIdentifier>\n",
                 l.policy_uri);
  fmt::format_to(o, "    <Classification{}>{}</Classification>\n",
                 l.classification_uri ? " URI=\"urn:oid:1.3.26.1.3.1.1\"" : "", l.classification);
  if (l.context)
    append(out, "    <Category TagName=\"Context\" Type=\"PERMISSIVE\" URI=\"urn:oid:1.3.26.1.4.4\">\n"
                "      <GenericValue>Releasable</GenericValue>\n    </Category>\n");
  fmt::format_to(o, "    <Category TagName=\"Releasable To\" Type=\"{}\" URI=\"urn:oid:1.3.26.1.4.2\">\n", l.releasable_type);
  for (const auto& v : l.releasable_to) fmt::format_to(o, "      <GenericValue>{}</GenericValue>\n", v);
  if (l.integer_value) append(out, "      <IntegerValue>7</IntegerValue>\n");
  append(out, "    </Category>\n  </ConfidentialityInformation>\n  <OriginatorID IDType=\"rfc822Name\">");
  append_escaped(out, l.originator);
  fmt::format_to(o, "</OriginatorID>\n  <CreationDateTime>{}</CreationDateTime>\n</originatorConfidentialityLabel>\n",
                 l.created);
}

}  // namespace stancheck::bench
