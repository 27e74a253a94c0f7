// report_junit.cpp — JUnit XML: one testsuite per system, one testcase per rule applied, one
// failure per finding (waived findings are reported as skipped), input errors as errors.
#include <fmt/format.h>

#include <map>

#include "report.hpp"
#include "report_detail.hpp"

namespace stancheck {

namespace detail {

std::string junit_failure_body(const finding& f) {
  std::string body =
      location(f.file, f.line, f.column) + ": " + to_string(f.level) + ": " + f.message;
  if (!f.path.empty()) body += "\nat: " + f.path;
  if (!f.clauses.empty()) body += "\nclause: " + join(f.clauses, "; ");
  if (f.missing_evidence) body += "\nevidence: missing";
  if (!f.fix.empty()) body += "\nfix: " + f.fix;
  return body;
}

struct suite_counts {
  uint32_t tests = 0, failures = 0, skipped = 0;
};

/// The testsuite of one system: its counts, and its XML appended to *xml when given (the first
/// pass over the systems only counts, so the totals can head the report).
suite_counts junit_suite(const system_result& s,
                         const std::map<std::string, std::string>& rule_pack,
                         const std::string& pack_props, std::string* xml) {
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
    std::string open;
    if (xml) {
      auto pk = rule_pack.find(rule);
      std::string pack = pk == rule_pack.end() ? std::string() : pk->second;
      std::string classname = pack.empty() ? s.id : s.id + "." + pack;
      open = fmt::format("    <testcase name=\"{}\" classname=\"{}\"", xml_escape(rule, true),
                         xml_escape(classname, true));
    }
    if (it == by_rule.end()) {
      if (xml) cases_xml += open + "/>\n";
      continue;
    }
    if (xml) cases_xml += open + ">\n";
    bool failed = false, all_waived = true;
    for (const finding* f : it->second) {
      if (!f->waived_by.empty()) {
        if (xml)
          cases_xml += fmt::format("      <skipped message=\"waived by {}\">{}</skipped>\n",
                                   xml_escape(f->waived_by, true),
                                   xml_escape(junit_failure_body(*f), false));
        continue;
      }
      all_waived = false;
      failed = true;
      if (xml)
        cases_xml += fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                                 to_string(f->level), xml_escape(f->message, true),
                                 xml_escape(junit_failure_body(*f), false));
    }
    if (failed)
      ++sc.failures;
    else if (all_waived)
      ++sc.skipped;
    if (xml) cases_xml += "    </testcase>\n";
  }
  if (!xml) return sc;
  std::string& out = *xml;
  out += fmt::format(
      "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">\n",
      xml_escape(s.id, true), sc.tests, sc.failures, sc.skipped);
  out += "    <properties>\n";
  out += fmt::format("      <property name=\"system.name\" value=\"{}\"/>\n",
                     xml_escape(s.name, true));
  out += fmt::format("      <property name=\"system.nation\" value=\"{}\"/>\n",
                     xml_escape(s.nation, true));
  for (const auto& v : s.verdicts)
    out += fmt::format("      <property name=\"verdict.{}\" value=\"{}{}\"/>\n",
                       xml_escape(v.pack, true), to_string(v.kind),
                       v.level ? fmt::format(" level {}", *v.level) : std::string());
  out += pack_props;
  out += "    </properties>\n";
  out += cases_xml;
  out += "  </testsuite>\n";
  return sc;
}

}  // namespace detail

std::string render_junit(const run_result& r, const report_options& opts) {
  using namespace detail;
  std::string pack_props;
  pack_props += fmt::format("      <property name=\"stancheck.version\" value=\"{}\"/>\n",
                            xml_escape(r.tool_version, true));
  if (!r.as_of.empty())
    pack_props += fmt::format("      <property name=\"stancheck.as-of\" value=\"{}\"/>\n",
                              xml_escape(r.as_of, true));
  if (!r.profile.empty())
    pack_props += fmt::format("      <property name=\"stancheck.profile\" value=\"{}\"/>\n",
                              xml_escape(r.profile, true));
  for (const auto& p : r.packs)
    pack_props += fmt::format("      <property name=\"pack.{}\" value=\"{} sha256:{}\"/>\n",
                              xml_escape(p.id, true), xml_escape(p.version, true),
                              xml_escape(p.sha256, true));

  std::map<std::string, std::string> rule_pack;
  for (const auto& ri : r.rules) rule_pack.emplace(ri.id, ri.pack);

  // First pass: the totals that head the report; second pass: the suites, streamed.
  system_view systems(r);
  suite_counts total;
  for (const auto& s : systems) {
    suite_counts sc = junit_suite(s, rule_pack, pack_props, nullptr);
    total.tests += sc.tests;
    total.failures += sc.failures;
  }
  const auto n_errors = static_cast<uint32_t>(r.input_errors.size());
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(
      "<testsuites name=\"stancheck {}\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
      xml_escape(r.tool_version, true), total.tests + n_errors, total.failures, n_errors);
  render_systems(r, opts, out, [&](const system_result& s, std::size_t, std::string& piece) {
    junit_suite(s, rule_pack, pack_props, &piece);
  });

  if (n_errors) {
    out += fmt::format(
        "  <testsuite name=\"input-errors\" tests=\"{}\" failures=\"0\" errors=\"{}\">\n", n_errors,
        n_errors);
    out += "    <properties>\n" + pack_props + "    </properties>\n";
    for (const auto& e : r.input_errors) {
      out += fmt::format("    <testcase name=\"{}\" classname=\"{}\">\n", xml_escape(e.file, true),
                         input_error_rule);
      out += fmt::format(
          "      <error type=\"{}\" message=\"{}\">{}</error>\n", input_error_rule,
          xml_escape(e.message, true),
          xml_escape(location(e.file, e.line, e.column) + ": error: " + e.message, false));
      out += "    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace stancheck
