// report_junit.cpp — JUnit XML: one testsuite per system, one testcase per rule applied, one
// failure per finding (waived findings are reported as skipped), input errors as errors.
#include <map>

#include <fmt/format.h>

#include "report.hpp"
#include "report_detail.hpp"

namespace stancheck {

namespace detail {

std::string junit_failure_body(const finding& f) {
  std::string body = location(f.file, f.line, f.column) + ": " + to_string(f.level) + ": " + f.message;
  if (!f.path.empty()) body += "\nat: " + f.path;
  if (!f.clauses.empty()) body += "\nclause: " + join(f.clauses, "; ");
  if (f.missing_evidence) body += "\nevidence: missing";
  if (!f.fix.empty()) body += "\nfix: " + f.fix;
  return body;
}

}  // namespace detail

std::string render_junit(const run_result& r, const report_options&) {
  using namespace detail;
  struct suite_counts {
    uint32_t tests = 0, failures = 0, skipped = 0;
  };
  std::string body;
  suite_counts total;
  uint32_t total_errors = 0;
  std::string pack_props;
  pack_props += fmt::format("      <property name=\"stancheck.version\" value=\"{}\"/>\n", xml_escape(r.tool_version, true));
  if (!r.as_of.empty()) pack_props += fmt::format("      <property name=\"stancheck.as-of\" value=\"{}\"/>\n", xml_escape(r.as_of, true));
  if (!r.profile.empty())
    pack_props += fmt::format("      <property name=\"stancheck.profile\" value=\"{}\"/>\n", xml_escape(r.profile, true));
  for (const auto& p : r.packs)
    pack_props += fmt::format("      <property name=\"pack.{}\" value=\"{} sha256:{}\"/>\n", xml_escape(p.id, true),
                              xml_escape(p.version, true), xml_escape(p.sha256, true));

  std::map<std::string, std::string> rule_pack;
  for (const auto& ri : r.rules) rule_pack.emplace(ri.id, ri.pack);

  for (const auto& s : r.systems) {
    // Group findings by rule; rules with findings but not in rules_applied get their own case.
    std::map<std::string, std::vector<const finding*>> by_rule;
    for (const auto& f : s.findings) by_rule[f.rule].push_back(&f);
    std::vector<std::string> cases = s.rules_applied;
    for (const auto& f : s.findings) {
      bool listed = false;
      for (const auto& c : cases) listed = listed || c == f.rule;
      if (!listed) cases.push_back(f.rule);
    }
    suite_counts sc;
    std::string cases_xml;
    for (const auto& rule : cases) {
      ++sc.tests;
      auto it = by_rule.find(rule);
      auto pk = rule_pack.find(rule);
      std::string pack = pk == rule_pack.end() ? std::string() : pk->second;
      std::string classname = pack.empty() ? s.id : s.id + "." + pack;
      std::string open = fmt::format("    <testcase name=\"{}\" classname=\"{}\"", xml_escape(rule, true),
                                     xml_escape(classname, true));
      if (it == by_rule.end()) {
        cases_xml += open + "/>\n";
        continue;
      }
      cases_xml += open + ">\n";
      bool failed = false, all_waived = true;
      for (const finding* f : it->second) {
        if (!f->waived_by.empty()) {
          cases_xml += fmt::format("      <skipped message=\"waived by {}\">{}</skipped>\n", xml_escape(f->waived_by, true),
                                   xml_escape(junit_failure_body(*f), false));
          continue;
        }
        all_waived = false;
        failed = true;
        cases_xml += fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n", to_string(f->level),
                                 xml_escape(f->message, true), xml_escape(junit_failure_body(*f), false));
      }
      if (failed) ++sc.failures;
      else if (all_waived) ++sc.skipped;
      cases_xml += "    </testcase>\n";
    }
    body += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">\n",
                        xml_escape(s.id, true), sc.tests, sc.failures, sc.skipped);
    body += "    <properties>\n";
    body += fmt::format("      <property name=\"system.name\" value=\"{}\"/>\n", xml_escape(s.name, true));
    body += fmt::format("      <property name=\"system.nation\" value=\"{}\"/>\n", xml_escape(s.nation, true));
    for (const auto& v : s.verdicts)
      body += fmt::format("      <property name=\"verdict.{}\" value=\"{}{}\"/>\n", xml_escape(v.pack, true),
                          to_string(v.kind), v.level ? fmt::format(" level {}", *v.level) : std::string());
    body += pack_props;
    body += "    </properties>\n";
    body += cases_xml;
    body += "  </testsuite>\n";
    total.tests += sc.tests;
    total.failures += sc.failures;
  }

  if (!r.input_errors.empty()) {
    std::string cases_xml;
    for (const auto& e : r.input_errors) {
      cases_xml += fmt::format("    <testcase name=\"{}\" classname=\"{}\">\n", xml_escape(e.file, true), input_error_rule);
      cases_xml += fmt::format("      <error type=\"{}\" message=\"{}\">{}</error>\n", input_error_rule,
                               xml_escape(e.message, true),
                               xml_escape(location(e.file, e.line, e.column) + ": error: " + e.message, false));
      cases_xml += "    </testcase>\n";
    }
    auto n = static_cast<uint32_t>(r.input_errors.size());
    body += fmt::format("  <testsuite name=\"input-errors\" tests=\"{}\" failures=\"0\" errors=\"{}\">\n", n, n);
    body += "    <properties>\n" + pack_props + "    </properties>\n";
    body += cases_xml + "  </testsuite>\n";
    total.tests += n;
    total_errors += n;
  }

  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"stancheck {}\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
                     xml_escape(r.tool_version, true), total.tests, total.failures, total_errors);
  out += body;
  out += "</testsuites>\n";
  return out;
}

}  // namespace stancheck
