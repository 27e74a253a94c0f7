// verdict.cpp — profile selection, waivers and per-pack verdicts with conformance levels.
#include "verdict.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "value.hpp"

namespace stancheck::eval {

bool pattern_matches(std::string_view pattern, std::string_view id) {
  if (!pattern.empty() && pattern.back() == '*') return id.starts_with(pattern.substr(0, pattern.size() - 1));
  return pattern == id;
}

namespace {

bool any_matches(const std::vector<std::string>& patterns, std::string_view id) {
  for (const std::string& p : patterns)
    if (pattern_matches(p, id)) return true;
  return false;
}

}  // namespace

severity selection::tool_level(std::string_view rule, severity as_written) const {
  if (!profile) return as_written;
  severity s = as_written;
  for (const auto& [pattern, level] : profile->severities)
    if (pattern_matches(pattern, rule)) s = level;
  return s;
}

selection select_rules(const ir::rule_set& rules, std::string_view name) {
  selection sel;
  if (!name.empty()) {
    for (const ir::profile& p : rules.profiles)
      if (p.name == name) sel.profile = &p;
    if (!sel.profile) throw std::invalid_argument(fmt::format("unknown profile '{}'", name));
  }
  const ir::profile* p = sel.profile;
  for (const ir::pack& pack : rules.packs) {
    bool on = !p || ((p->include_packs.empty() || any_matches(p->include_packs, pack.id)) &&
                     !any_matches(p->exclude_packs, pack.id));
    sel.packs.push_back(on);
    for (const ir::rule& r : pack.rules) {
      bool rule_on = on && (!p || ((p->include_rules.empty() || any_matches(p->include_rules, r.id)) &&
                                   !any_matches(p->exclude_rules, r.id)));
      sel.rules.push_back(rule_on);
      sel.levels.push_back(sel.tool_level(r.id, r.level));
    }
    // A pack none of whose rules is selected (or a library of tables and predicates) is not applied.
    bool any = false;
    for (std::size_t r = sel.rules.size() - pack.rules.size(); r < sel.rules.size(); ++r) any |= sel.rules[r];
    sel.packs.back() = on && any;
  }
  return sel;
}

std::vector<verdict> pack_verdicts(const ir::rule_set& rules, const selection& sel,
                                   const std::vector<rule_tally>& tallies) {
  std::vector<verdict> out;
  std::size_t flat = 0;
  for (std::size_t pi = 0; pi < rules.packs.size(); ++pi) {
    const ir::pack& p = rules.packs[pi];
    std::size_t first = flat;
    flat += p.rules.size();
    if (!sel.packs[pi]) continue;
    verdict v;
    v.standard = p.standard;
    v.pack = p.id;
    bool applied = false, failed = false, missing = false, waived = false;
    for (std::size_t r = first; r < flat; ++r) {
      if (!sel.rules[r] || r >= tallies.size()) continue;
      applied |= tallies[r].applied;
      failed |= tallies[r].failed;
      missing |= tallies[r].missing;
      waived |= tallies[r].waived_error;
    }
    if (!applied) {
      v.kind = verdict_kind::not_applicable;
      out.push_back(std::move(v));
      continue;
    }
    v.kind = failed ? verdict_kind::non_conformant
             : missing ? verdict_kind::incomplete
             : waived ? verdict_kind::waived
                      : verdict_kind::conformant;
    if (!p.levels.empty()) {
      uint32_t reached = 0;
      std::string title;
      for (const ir::level& l : p.levels) {
        bool has_rules = false, any_applied = false, broken = false;
        for (std::size_t r = first; r < flat; ++r) {
          const ir::rule& rule = p.rules[r - first];
          if (!sel.rules[r] || rule.conformance_level != l.number) continue;
          has_rules = true;
          any_applied |= tallies[r].applied;
          broken |= tallies[r].unwaived;
        }
        if (!has_rules) continue;  // a level without selected rules neither helps nor blocks
        if (!any_applied || broken) break;
        reached = l.number;
        title = l.title;
      }
      v.level = reached;
      v.level_title = title;
    }
    out.push_back(std::move(v));
  }
  return out;
}

void apply_waivers(const std::vector<const ir::waiver*>& waivers, int32_t as_of, const selection& sel,
                   system_result& sys) {
  std::vector<finding> added;
  for (const ir::waiver* w : waivers) {
    finding f;
    f.file = w->file;
    f.line = w->line;
    f.column = w->line ? 1 : 0;
    f.clauses = {"stancheck waivers"};
    if (w->expires < as_of) {
      f.rule = waiver_expired_rule;
      f.level = sel.tool_level(f.rule, severity::error);
      f.message = fmt::format("waiver {} for rule {} on system '{}' expired on {}; the rule's findings are reported",
                              w->id, w->rule, w->system, civil_from_days(w->expires));
      f.fix = "renew the waiver with a new expiry date and approval, or fix the findings it covered";
      added.push_back(std::move(f));
      continue;
    }
    std::size_t suppressed = 0;
    for (finding& x : sys.findings) {
      if (!x.waived_by.empty() || x.pack.empty() || !pattern_matches(w->rule, x.rule)) continue;
      x.waived_by = w->id;
      ++suppressed;
    }
    if (suppressed) continue;
    f.rule = waiver_unused_rule;
    f.level = sel.tool_level(f.rule, severity::warning);
    f.message = fmt::format("waiver {} for rule {} on system '{}' suppressed nothing", w->id, w->rule, w->system);
    f.fix = "remove the waiver if the finding it covered has been fixed";
    added.push_back(std::move(f));
  }
  for (finding& f : added) sys.findings.push_back(std::move(f));
}

}  // namespace stancheck::eval
