// engine_check.cpp — checks one system bundle: walks its roots once, evaluates the dispatched
// rules, builds located findings, applies waivers and computes the verdicts.
#include <algorithm>
#include <cstring>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "dispatch.hpp"
#include "document.hpp"
#include "engine.hpp"
#include "evaluate.hpp"
#include "verdict.hpp"

namespace stancheck::eval {

struct run_context::data {
  const ir::rule_set* rules = nullptr;
  selection sel;
  std::unique_ptr<plan> compiled;
  int32_t as_of = 0;
  std::unordered_map<std::string_view, std::vector<const ir::waiver*>> waivers;  // by system id
};

run_context::run_context(const ir::rule_set& rules, const std::string& profile, int32_t as_of)
    : data_(std::make_unique<data>()) {
  data_->rules = &rules;
  data_->sel = select_rules(rules, profile);
  data_->compiled = std::make_unique<plan>(rules, data_->sel.rules);
  data_->as_of = as_of;
  for (const ir::waiver& w : rules.waivers) data_->waivers[w.system].push_back(&w);
}

run_context::~run_context() = default;

namespace {

std::string template_text(const std::vector<ir::template_part>& parts) {
  std::string out;
  for (const ir::template_part& p : parts) out += p.expr == ir::no_expr ? p.text : std::string("{…}");
  return out;
}

}  // namespace

void run_context::describe(run_result& out) const {
  const ir::rule_set& rules = *data_->rules;
  const selection& sel = data_->sel;
  out.tool_version = STANCHECK_VERSION;
  out.profile = sel.profile ? sel.profile->name : std::string();
  std::size_t flat = 0;
  for (std::size_t pi = 0; pi < rules.packs.size(); ++pi) {
    const ir::pack& p = rules.packs[pi];
    if (sel.packs[pi]) {
      out.packs.push_back({p.id, p.title, p.version, p.standard, p.edition,
                           p.source ? p.source->name() : std::string(), p.sha256});
    }
    for (const ir::rule& r : p.rules) {
      if (sel.rules[flat]) {
        rule_info ri;
        ri.id = r.id;
        ri.pack = p.id;
        ri.standard = p.standard;
        ri.title = r.title;
        ri.level = sel.levels[flat];
        ri.clauses = r.clauses;
        ri.help = r.help;
        ri.fix = template_text(r.fix);
        ri.conformance_level = r.conformance_level;
        out.rules.push_back(std::move(ri));
      }
      ++flat;
    }
  }
  if (!rules.waivers.empty()) {
    rule_info expired{std::string(waiver_expired_rule), "", "", "An expired waiver",
                      sel.tool_level(waiver_expired_rule, severity::error), {"stancheck waivers"},
                      "A waiver past its expiry date no longer suppresses findings; it must be renewed or the findings fixed.",
                      "renew the waiver or fix the findings it covered", std::nullopt};
    rule_info unused{std::string(waiver_unused_rule), "", "", "A waiver that suppressed nothing",
                     sel.tool_level(waiver_unused_rule, severity::warning), {"stancheck waivers"},
                     "A waiver whose rule produced no finding on its system is stale.",
                     "remove the waiver", std::nullopt};
    out.rules.push_back(std::move(expired));
    out.rules.push_back(std::move(unused));
  }
}

}  // namespace stancheck::eval

namespace stancheck::eval {

struct bundle_checker::impl {
  const run_context::data& d;
  ns_resolver resolver;
  walker walk;
  evaluator ev;
  std::vector<rule_tally> tallies;
  // Path of the last bundle root named, so roots in document order are counted incrementally.
  pugi::xml_node memo_parent, memo_node;
  uint32_t memo_index = 0;
  std::string memo_parent_path;

  explicit impl(const run_context::data& data)
      : d(data), resolver(data.compiled->names()), walk(*data.compiled, resolver), ev(*data.compiled, resolver) {}

  std::string root_path(pugi::xml_node node) {
    pugi::xml_node parent = node.parent();
    if (parent.type() != pugi::node_element) return fmt::format("/{}", node.name());
    uint32_t idx = 0;
    bool counted = false;
    if (memo_node && memo_parent == parent && std::strcmp(memo_node.name(), node.name()) == 0) {
      idx = memo_index;
      pugi::xml_node s = memo_node;
      while (s && s != node) {
        s = s.next_sibling();
        if (s && s.type() == pugi::node_element && std::strcmp(s.name(), node.name()) == 0) ++idx;
      }
      counted = static_cast<bool>(s);
    }
    if (!counted) idx = sibling_index(node);
    if (memo_parent != parent) memo_parent_path = element_path(parent);
    memo_parent = parent;
    memo_node = node;
    memo_index = idx;
    return fmt::format("{}/{}[{}]", memo_parent_path, node.name(), idx);
  }

  finding make_finding(uint32_t rule, const outcome& o, pugi::xml_node e, const system_bundle::root& root,
                       const std::string& path) {
    const plan& pl = *d.compiled;
    const ir::rule& r = pl.ir_rule(rule);
    const ir::pack& p = *pl.pack(pl.rule(rule).pack).ir;
    finding f;
    f.rule = r.id;
    f.pack = p.id;
    f.standard = p.standard;
    f.level = d.sel.levels[rule];
    f.message = r.message.empty() ? r.title : ev.fill(r.message);
    for (const std::string& pr : o.problems) f.message += fmt::format(" ({})", pr);
    if (o.missing_evidence)
      for (const std::string& t : o.missing_tests)
        f.message += fmt::format(" (evidence missing: no test report of this system mentions test '{}')", t);
    f.fix = ev.fill(r.fix);
    f.clauses = r.clauses;
    if (root.doc) {
      f.file = root.doc->path;
      line_col lc = root.doc->lines.locate(element_offset(e));
      f.line = lc.line;
      f.column = lc.column;
    }
    f.path = path;
    f.missing_evidence = o.missing_evidence;
    return f;
  }
};

bundle_checker::bundle_checker(const run_context& ctx) : impl_(std::make_unique<impl>(ctx.get())) {}
bundle_checker::~bundle_checker() = default;

void bundle_checker::begin_item() {
  impl_->memo_parent = {};
  impl_->memo_node = {};
  impl_->memo_parent_path.clear();
}

system_result bundle_checker::check(const system_bundle& bundle) {
  impl& m = *impl_;
  const plan& pl = *m.d.compiled;
  m.resolver.reset();
  m.ev.begin_bundle(&bundle.tests, m.d.as_of);
  m.tallies.assign(pl.rule_count(), rule_tally{});
  system_result r;
  r.id = bundle.id;
  r.name = bundle.name;
  r.nation = bundle.nation;
  r.supplier = bundle.supplier;
  r.files = bundle.files;
  std::vector<uint32_t> finding_rules;
  for (const system_bundle::root& root : bundle.roots) {
    std::string base;  // the root's own path, named on the first finding under it
    m.walk.walk(root.node, [&](pugi::xml_node e, uint32_t rule) {
      if (!m.ev.matches_context(rule, e)) return;
      m.tallies[rule].applied = true;
      outcome o = m.ev.check(rule, e);
      if (!o.finding) return;
      if (base.empty()) base = m.root_path(root.node);
      r.findings.push_back(m.make_finding(rule, o, e, root, m.walk.current_path(base)));
      finding_rules.push_back(rule);
    });
  }
  auto w = m.d.waivers.find(bundle.id);
  if (w != m.d.waivers.end()) apply_waivers(w->second, m.d.as_of, m.d.sel, r);
  for (std::size_t i = 0; i < finding_rules.size(); ++i) {
    const finding& f = r.findings[i];
    rule_tally& t = m.tallies[finding_rules[i]];
    if (f.waived_by.empty()) t.unwaived = true;
    if (f.level != severity::error) continue;
    if (!f.waived_by.empty()) t.waived_error = true;
    else if (f.missing_evidence) t.missing = true;
    else t.failed = true;
  }
  r.verdicts = pack_verdicts(*m.d.rules, m.d.sel, m.tallies);
  for (uint32_t f = 0; f < pl.rule_count(); ++f)
    if (m.tallies[f].applied) r.rules_applied.push_back(pl.ir_rule(f).id);
  std::sort(r.findings.begin(), r.findings.end(), [](const finding& a, const finding& b) {
    return std::tie(a.file, a.line, a.column, a.rule, a.message, a.path) <
           std::tie(b.file, b.line, b.column, b.rule, b.message, b.path);
  });
  return r;
}

}  // namespace stancheck::eval
