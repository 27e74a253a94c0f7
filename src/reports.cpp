// reports.cpp — test-case extraction from native reports, ATML test results (IEEE 1636.1 2011
// and 2013, as NI TestStand writes them) and JUnit XML (pytest, Maven Surefire, ctest, ...).
#include "reports.hpp"

#include <fmt/format.h>

#include <climits>
#include <cstdint>
#include <map>

#include "document.hpp"

namespace stancheck {

int32_t parse_date(std::string_view t) {
  auto digit = [&](std::size_t i) { return i < t.size() && t[i] >= '0' && t[i] <= '9'; };
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!digit(i)) return INT32_MIN;
  if (t[4] != '-' || t[7] != '-') return INT32_MIN;
  if (t.size() > 10 && std::string_view("Tt Zz+-").find(t[10]) == std::string_view::npos)
    return INT32_MIN;
  auto num = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (t[i] - '0');
    return v;
  };
  int y = num(0, 4), m = num(5, 2), d = num(8, 2);
  static constexpr int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m < 1 || m > 12 || d < 1 || d > month_days[m - 1] + (m == 2 && leap ? 1 : 0))
    return INT32_MIN;
  // Days from the civil calendar: count in 400-year eras starting 0000-03-01.
  int ya = m <= 2 ? y - 1 : y;
  int era = ya / 400;
  int yoe = ya - era * 400;
  int mp = m > 2 ? m - 3 : m + 9;
  int doy = (153 * mp + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

namespace {

bool named(pugi::xml_node n, std::string_view local) {
  return n.type() == pugi::node_element && local_name(n.name()) == local;
}

pugi::xml_node child(pugi::xml_node n, std::string_view local) {
  for (auto c : n.children())
    if (named(c, local)) return c;
  return {};
}

/// Collects groups in order of first appearance of each system.
class collector {
 public:
  explicit collector(const document& doc) : doc_(doc) {}
  const document& doc() const { return doc_; }

  void add(const std::string& system, pugi::xml_node where, test_case tc) {
    // The tests of one system mostly come together (a suite, a report): its group is looked
    // up in the index only when the system changes.
    if (last_ == npos || out_.groups[last_].system != system) {
      auto [it, fresh] = index_.try_emplace(system, out_.groups.size());
      if (fresh) {
        auto lc = doc_.lines.locate(element_offset(where));
        out_.groups.push_back({system, doc_.path, lc.line, lc.column, {}});
      }
      last_ = it->second;
    }
    tc.file = doc_.path;
    out_.groups[last_].tests.push_back(std::move(tc));
  }
  void error(pugi::xml_node where, std::string message) {
    out_.errors.push_back(error_at(doc_, element_offset(where), std::move(message)));
  }
  void error(pugi::xml_attribute where, pugi::xml_node owner, std::string message) {
    // pugixml gives no attribute offsets: point at the element that carries it.
    (void)where;
    error(owner, std::move(message));
  }
  report_extraction take() { return std::move(out_); }

 private:
  const document& doc_;
  report_extraction out_;
  std::map<std::string, std::size_t, std::less<>> index_;
  static constexpr std::size_t npos = SIZE_MAX;
  std::size_t last_ = npos;  // the group of the last test added
};

int32_t date_attr(collector& c, pugi::xml_node n, const char* attr, int32_t fallback) {
  auto a = n.attribute(attr);
  if (!a || !*a.value()) return fallback;
  int32_t d = parse_date(a.value());
  if (d == INT32_MIN) {
    c.error(a, n,
            fmt::format("{} '{}' is not a date (expected YYYY-MM-DD, optionally with a time)", attr,
                        a.value()));
    return fallback;
  }
  return d;
}

std::string with_unit(std::string value, std::string_view unit) {
  if (!unit.empty() && !value.empty()) (value += ' ') += unit;
  return value;
}

// ---- native: urn:stancheck:report:1 -------------------------------------------------------

void extract_native(collector& c, pugi::xml_node root) {
  std::string system = root.attribute("system").value();
  if (system.empty())
    return c.error(root, "test-report has no system attribute naming the system it tests");
  int32_t report_date = date_attr(c, root, "date", INT32_MIN);
  for (auto t : root.children()) {
    if (!named(t, "test")) continue;
    test_case tc;
    tc.id = t.attribute("id").value();
    tc.name = t.attribute("name").value();
    tc.offset = element_offset(t);
    if (tc.id.empty()) {
      c.error(t, "test has no id attribute");
      continue;
    }
    std::string_view v = t.attribute("verdict").value();
    if (v == "pass")
      tc.verdict = test_verdict::pass;
    else if (v == "fail")
      tc.verdict = test_verdict::fail;
    else if (v == "error")
      tc.verdict = test_verdict::error;
    else if (v == "skipped")
      tc.verdict = test_verdict::skipped;
    else {
      c.error(t, fmt::format("test '{}' has verdict '{}'; expected pass, fail, error or skipped",
                             tc.id, v));
      continue;
    }
    tc.date = date_attr(c, t, "date", report_date);
    for (auto m : t.children())
      if (named(m, "measurement"))
        tc.measurements.push_back(
            {m.attribute("name").value(),
             with_unit(m.attribute("value").value(), m.attribute("unit").value())});
    c.add(system, root, std::move(tc));
  }
}

// ---- ATML: IEEE 1636.1 TestResults ---------------------------------------------------------

test_verdict atml_outcome(std::string_view v, std::string_view qualifier, bool nested = false) {
  if (v == "Passed") return test_verdict::pass;
  if (v == "Failed") return test_verdict::fail;
  if (v == "Error" || v == "Aborted" || v == "Terminated") return test_verdict::error;
  if (v == "Skipped" || v == "NotStarted") return test_verdict::skipped;
  if (v == "UserDefined" && !nested) return atml_outcome(qualifier, {}, true);
  return test_verdict::unknown;  // Done, Informational, Running, ...
}

/// The unit under test: the first IdentificationNumber, else the SerialNumber.
std::pair<std::string, pugi::xml_node> atml_system(pugi::xml_node results) {
  auto uut = child(results, "UUT");
  if (!uut) return {};
  auto numbers = child(child(child(uut, "Definition"), "Identification"), "IdentificationNumbers");
  for (auto n : numbers.children())
    if (named(n, "IdentificationNumber") && *n.attribute("number").value())
      return {n.attribute("number").value(), n};
  auto serial = child(uut, "SerialNumber");
  std::string s = serial.text().get();
  auto b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return {s.substr(b, e - b + 1), serial};
}

void atml_test(collector& c, const std::string& system, pugi::xml_node where, pugi::xml_node t,
               int32_t date) {
  test_case tc;
  tc.name = t.attribute("name").value();
  tc.id = t.attribute("testReferenceID").value();
  if (tc.id.empty()) tc.id = tc.name;
  if (tc.id.empty()) tc.id = t.attribute("ID").value();
  tc.offset = element_offset(t);
  if (tc.id.empty()) return c.error(t, "ATML Test has neither testReferenceID, name nor ID");
  auto outcome = child(t, "Outcome");
  if (!outcome) c.error(t, fmt::format("ATML Test '{}' has no Outcome", tc.id));
  tc.verdict =
      atml_outcome(outcome.attribute("value").value(), outcome.attribute("qualifier").value());
  tc.date = date_attr(c, t, "startDateTime", date);
  for (auto r : t.children()) {
    if (!named(r, "TestResult")) continue;
    auto datum = child(child(r, "TestData"), "Datum");
    if (!datum) continue;
    std::string_view unit = datum.attribute("nonStandardUnit").value();
    if (unit.empty()) unit = datum.attribute("unit").value();
    std::string name = r.attribute("name").value();
    if (name.empty()) name = r.attribute("ID").value();
    tc.measurements.push_back({std::move(name), with_unit(datum.attribute("value").value(), unit)});
  }
  c.add(system, where, std::move(tc));
}

void extract_atml_results(collector& c, pugi::xml_node results) {
  auto [system, where] = atml_system(results);
  if (system.empty())
    return c.error(
        results,
        "ATML TestResults names no unit under test (expected UUT/Definition/Identification/"
        "IdentificationNumbers/IdentificationNumber/@number or UUT/SerialNumber)");
  auto set = child(results, "ResultSet");
  if (!set) return c.error(results, "ATML TestResults has no ResultSet");
  // Tests sit under the ResultSet, nested in TestGroups to any depth (bounded by max_depth).
  struct frame {
    pugi::xml_node node;
    int32_t date;
  };
  std::vector<frame> stack{{set, date_attr(c, set, "startDateTime", INT32_MIN)}};
  while (!stack.empty()) {
    frame f = stack.back();
    stack.pop_back();
    std::vector<frame> kids;
    for (auto n : f.node.children()) {
      if (named(n, "Test"))
        kids.push_back({n, f.date});
      else if (named(n, "TestGroup"))
        kids.push_back({n, date_attr(c, n, "startDateTime", f.date)});
    }
    for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.push_back(*it);
    if (f.node != set && named(f.node, "Test")) atml_test(c, system, where, f.node, f.date);
  }
}

void extract_atml(collector& c, pugi::xml_node root) {
  if (local_name(root.name()) == "TestResults") return extract_atml_results(c, root);
  bool any = false;
  for (auto r : root.children())
    if (named(r, "TestResults")) extract_atml_results(c, r), any = true;
  if (!any) c.error(root, "ATML TestResultsCollection holds no TestResults");
}

// ---- JUnit XML -------------------------------------------------------------------------------

struct junit_scope {
  std::string system;
  pugi::xml_node where;  // element naming the system
  int32_t date = INT32_MIN;
};

void junit_system(pugi::xml_node suite, junit_scope& scope) {
  for (auto p : child(suite, "properties").children()) {
    if (!named(p, "property")) continue;
    std::string_view n = p.attribute("name").value();
    if (n != "system-id" && n != "stancheck.system") continue;
    std::string v = p.attribute("value").value();
    if (v.empty()) v = p.text().get();
    if (!v.empty()) scope.system = v, scope.where = p;
  }
}

void junit_suite(collector& c, pugi::xml_node suite, junit_scope scope) {
  junit_system(suite, scope);
  scope.date = date_attr(c, suite, "timestamp", scope.date);
  bool reported = false;
  for (auto n : suite.children()) {
    if (named(n, "testsuite")) {
      junit_suite(c, n, scope);  // depth is bounded by load_options::max_depth
      continue;
    }
    if (!named(n, "testcase")) continue;
    if (scope.system.empty()) {
      if (!reported)
        c.error(suite, fmt::format(
                           "JUnit testsuite '{}' names no system: add <property name=\"system-id\" "
                           "value=\"...\"/> to its properties",
                           suite.attribute("name").value()));
      reported = true;
      continue;
    }
    test_case tc;
    std::string classname = n.attribute("classname").value();
    tc.name = n.attribute("name").value();
    tc.id = classname.empty() ? tc.name : classname + "." + tc.name;
    tc.offset = element_offset(n);
    tc.date = scope.date;
    tc.verdict = test_verdict::pass;
    if (child(n, "failure"))
      tc.verdict = test_verdict::fail;
    else if (child(n, "error"))
      tc.verdict = test_verdict::error;
    else if (child(n, "skipped"))
      tc.verdict = test_verdict::skipped;
    for (auto p : child(n, "properties").children())
      if (named(p, "property"))
        tc.measurements.push_back({p.attribute("name").value(), p.attribute("value").value()});
    if (tc.id.empty()) {
      c.error(n, "JUnit testcase has no name");
      continue;
    }
    c.add(scope.system, scope.where, std::move(tc));
  }
}

void extract_junit(collector& c, pugi::xml_node root) {
  junit_scope scope;
  if (std::string_view(root.name()) == "testsuite") return junit_suite(c, root, scope);
  junit_system(root, scope);
  scope.date = date_attr(c, root, "timestamp", INT32_MIN);
  for (auto s : root.children())
    if (named(s, "testsuite")) junit_suite(c, s, scope);
}

}  // namespace

report_extraction extract_tests(const document& doc) {
  collector c(doc);
  auto root = doc.dom.document_element();
  switch (doc.kind) {
    case doc_kind::report_native:
      extract_native(c, root);
      break;
    case doc_kind::report_atml:
      extract_atml(c, root);
      break;
    case doc_kind::report_junit:
      extract_junit(c, root);
      break;
    default:
      c.error(root, fmt::format("not a test report (it is a {})", to_string(doc.kind)));
      break;
  }
  return c.take();
}

}  // namespace stancheck
