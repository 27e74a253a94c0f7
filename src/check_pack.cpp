// check_pack.cpp — pack-level checks: header, namespaces, levels, lookup tables, imports and name
// clashes, predicate bodies, rules (clauses, severity, context, lets, condition, templates), and
// the warnings about unused names and constant conditions.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "check_detail.hpp"

namespace stancheck::checker_detail {

namespace {

/// Builds one lookup table from its literal entries.
ir::table build_table(compiler& c, uint32_t pack_index, const ast::table_decl& decl) {
  expr_checker ec(c, pack_index);
  ir::table t;
  t.name = decl.name.text;
  bool with_values = std::any_of(decl.entries.begin(), decl.entries.end(),
                                 [](const ast::table_entry& e) { return e.value != ast::no_expr; });
  uint32_t first_value_offset = 0;
  bool have_value_type = false;
  for (const ast::table_entry& entry : decl.entries) {
    checked k = ec.check(entry.key);
    if (k.error) continue;
    const ir::expr ke = ec.at(k.id);
    if (ke.kind != ir::expr_kind::constant || ke.result == ir::type::boolean) {
      ec.error(ke.offset, "a table key must be a literal string, number, quantity, date or version");
      continue;
    }
    if (t.key_type == ir::type::empty) {
      t.key_type = ke.result;
      t.key_dim = ke.dim;
    } else if (ke.result != t.key_type || ke.dim != t.key_dim) {
      ec.error(ke.offset, fmt::format("table '{}' mixes key {}: this key is {}, the first is {}", t.name,
                                      ke.result == t.key_type ? "units" : "types", describe(ke),
                                      describe(t.key_type, t.key_dim)));
      continue;
    }
    std::string key = ir::canonical_key(ke.value);
    if (t.entries.count(key)) {
      ec.error(ke.offset, fmt::format("duplicate key {} in table '{}'",
                                      ke.result == ir::type::string ? "\"" + ke.value.str + "\"" : ke.value.str,
                                      t.name));
      continue;
    }
    ir::constant value;
    if (entry.value != ast::no_expr) {
      checked v = ec.check(entry.value);
      if (v.error) continue;
      const ir::expr ve = ec.at(v.id);
      if (ve.kind != ir::expr_kind::constant) {
        ec.error(ve.offset, "a table value must be a literal");
        continue;
      }
      if (!have_value_type) {
        t.value_type = ve.result;
        t.value_dim = ve.dim;
        have_value_type = true;
        first_value_offset = ve.offset;
      } else if (ve.result != t.value_type || ve.dim != t.value_dim) {
        ec.error(ve.offset, fmt::format("table '{}' mixes value {}: this value is {}, the first is {}", t.name,
                                        ve.result == t.value_type ? "units" : "types", describe(ve),
                                        describe(t.value_type, t.value_dim)));
        continue;
      }
      value = ve.value;
    } else if (with_values) {
      ec.error(ke.offset, fmt::format("table '{}' gives values to other keys but none to this one", t.name));
      continue;
    }
    t.entries.emplace(std::move(key), std::move(value));
    t.keys.push_back(ke.value);
  }
  (void)first_value_offset;
  return t;
}

std::string level_list(const std::vector<ir::level>& levels) {
  if (levels.empty()) return "the pack declares no levels";
  std::string out = "declared: ";
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (i) out += ", ";
    out += std::to_string(levels[i].number);
  }
  return out;
}

}  // namespace

void declare_pack_names(compiler& c, uint32_t i) {
  pack_state& ps = c.packs[i];
  const ast::pack& a = *ps.ast;
  ir::pack& p = c.out.rules.packs[i];
  if (a.standard) {
    p.standard = a.standard->number.text;
    p.edition = a.standard->edition.text;
    p.date = a.standard->date.text;
    if (!p.date.empty() && !parse_date_literal(p.date))
      c.error(ps.source, a.standard->date.offset,
              fmt::format("invalid date '{}' (expected an existing day as YYYY-MM-DD)", p.date));
  }
  p.version = a.version.text;
  for (const auto& ns : a.namespaces) {
    if (ps.namespaces.count(ns.prefix.text)) {
      c.error(ps.source, ns.prefix.offset, fmt::format("namespace prefix '{}' is declared twice", ns.prefix.text));
      continue;
    }
    if (ns.uri.text.empty()) c.error(ps.source, ns.uri.offset, "a namespace URI cannot be empty");
    ps.namespaces[ns.prefix.text] = {ns.uri.text, ns.prefix.offset, false};
  }
  for (const auto& l : a.levels) {
    bool dup = std::any_of(p.levels.begin(), p.levels.end(), [&](const ir::level& x) { return x.number == l.number; });
    if (dup) {
      c.error(ps.source, l.offset, fmt::format("level {} is declared twice", l.number));
      continue;
    }
    p.levels.push_back({l.number, l.title});
  }
  std::sort(p.levels.begin(), p.levels.end(), [](const ir::level& x, const ir::level& y) { return x.number < y.number; });
  for (uint32_t k = 0; k < a.tables.size(); ++k) {
    const auto& t = a.tables[k];
    if (ps.tables.count(t.name.text))
      c.error(ps.source, t.name.offset, fmt::format("table '{}' is defined twice", t.name.text));
    else
      ps.tables[t.name.text] = {i, k};
    c.out.rules.packs[i].tables.push_back(build_table(c, i, t));
    ps.table_used.push_back(false);
  }
  for (uint32_t k = 0; k < a.predicates.size(); ++k) {
    const auto& pr = a.predicates[k];
    if (ps.predicates.count(pr.name.text))
      c.error(ps.source, pr.name.offset, fmt::format("predicate '{}' is defined twice", pr.name.text));
    else
      ps.predicates[pr.name.text] = {i, k};
    predicate_sig sig;
    sig.needs_nodes.assign(pr.params.size(), false);
    ps.preds.push_back(std::move(sig));
  }
}

void resolve_imports(compiler& c, uint32_t i) {
  pack_state& ps = c.packs[i];
  ir::pack& p = c.out.rules.packs[i];
  for (const auto& imp : ps.ast->imports) {
    auto it = c.pack_ids.find(imp.text);
    if (it == c.pack_ids.end()) {
      std::vector<std::string> ids;
      for (const auto& [id, k] : c.pack_ids) ids.push_back(id);
      c.error(ps.source, imp.offset, fmt::format("unknown pack '{}' in import{}", imp.text, did_you_mean(imp.text, ids)));
      continue;
    }
    uint32_t j = it->second;
    if (j == i) {
      c.error(ps.source, imp.offset, fmt::format("import cycle: pack '{}' imports itself", imp.text));
      continue;
    }
    if (std::find(p.imports.begin(), p.imports.end(), j) != p.imports.end()) {
      c.error(ps.source, imp.offset, fmt::format("pack '{}' is imported twice", imp.text));
      continue;
    }
    p.imports.push_back(j);
    ps.import_offsets.push_back(imp.offset);
    const pack_state& other = c.packs[j];
    auto merge = [&](const char* kind, std::unordered_map<std::string, visible_name>& mine,
                     const std::unordered_map<std::string, visible_name>& theirs, auto&& local_offset) {
      std::vector<std::pair<std::string, visible_name>> sorted(theirs.begin(), theirs.end());
      std::sort(sorted.begin(), sorted.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
      for (const auto& [name, v] : sorted) {
        if (v.pack != j) continue;  // only the imported pack's own names
        auto found = mine.find(name);
        if (found == mine.end()) {
          mine[name] = v;
        } else if (found->second.pack == i) {
          c.error(ps.source, local_offset(found->second.index),
                  fmt::format("{} '{}' is also defined by imported pack '{}'", kind, name, imp.text));
        } else {
          c.error(ps.source, imp.offset,
                  fmt::format("imported packs '{}' and '{}' both define {} '{}'",
                              c.out.rules.packs[found->second.pack].id, imp.text, kind, name));
        }
      }
    };
    merge("table", ps.tables, other.tables, [&](uint32_t k) { return ps.ast->tables[k].name.offset; });
    merge("predicate", ps.predicates, other.predicates,
          [&](uint32_t k) { return ps.ast->predicates[k].name.offset; });
  }
}

namespace {

void check_predicate(compiler& c, uint32_t i, uint32_t k) {
  pack_state& ps = c.packs[i];
  const ast::predicate_decl& decl = ps.ast->predicates[k];
  expr_checker ec(c, i);
  ec.defining_predicate = static_cast<int>(k);
  ir::predicate out;
  out.name = decl.name.text;
  for (std::size_t n = 0; n < decl.params.size(); ++n) {
    variable v;
    v.name = decl.params[n].text;
    v.param = static_cast<int>(n);
    v.offset = decl.params[n].offset;
    out.param_slots.push_back(ec.declare(std::move(v)));
  }
  std::string what = fmt::format("predicate '{}'", decl.name.text);
  checked body = ec.condition(decl.body, what.c_str());
  for (const auto& v : ec.vars)
    if (v.param >= 0 && !v.used && !body.error)
      ec.warning(v.offset, fmt::format("parameter ${} of predicate '{}' is never used", v.name, decl.name.text));
  out.body = body.error ? ir::no_expr : body.id;
  out.slot_count = ec.slot_count;
  predicate_sig& sig = ps.preds[k];
  sig.uses_evidence = ec.uses_evidence;
  sig.checked = true;
  if (!body.error) {
    expr_cost cost = expanded_cost(c, i, body.id);
    // Too costly: reported here once; its callers are then tainted and report nothing more.
    if (check_cost(c, i, decl.name.offset, what, cost)) sig.cost_size = cost.size, sig.cost_depth = cost.depth;
    else sig.too_costly = true;
  }
  c.out.rules.packs[i].predicates.push_back(std::move(out));
}

std::vector<ir::template_part> check_template(expr_checker& ec, const std::vector<ast::template_part>& parts) {
  std::vector<ir::template_part> out;
  for (const auto& part : parts) {
    ir::template_part t;
    if (part.is_expr) {
      checked x = ec.check(part.expr);
      if (x.error) continue;
      t.expr = x.id;
    } else {
      t.text = part.text;
    }
    out.push_back(std::move(t));
  }
  return out;
}

void check_rule(compiler& c, uint32_t i, const ast::rule& r) {
  pack_state& ps = c.packs[i];
  ir::pack& p = c.out.rules.packs[i];
  ir::rule out;
  out.id = r.id.text;
  out.title = r.title;
  out.help = r.help;
  out.offset = r.offset;
  out.end = r.end;
  out.conformance_level = r.level;
  out.kind = r.kind == ast::requirement_kind::require ? ir::requirement::require : ir::requirement::forbid;
  if (!parse_severity(r.severity.text, out.level))
    c.error(ps.source, r.severity.offset,
            fmt::format("unknown severity '{}' (expected error, warning or info)", r.severity.text));
  if (r.clauses.empty())
    c.error(ps.source, r.id.offset, fmt::format("rule '{}' has no clause reference", r.id.text));
  for (const auto& cl : r.clauses) {
    if (!valid_clause(cl.text))
      c.error(ps.source, cl.offset,
              fmt::format("malformed clause reference \"{}\": it must start with a document reference such as "
                          "STANAG 4586, ADatP-4774, MISB ST 0601, MIL-STD-2525, IEEE 1636, ISO 8601, ITU-T, "
                          "NISP, RFC 3339 or stancheck",
                          cl.text));
    out.clauses.push_back(cl.text);
  }
  if (r.level && std::none_of(p.levels.begin(), p.levels.end(),
                              [&](const ir::level& l) { return l.number == *r.level; }))
    c.error(ps.source, r.level_offset,
            fmt::format("level {} is not declared in pack '{}' ({})", *r.level, p.id, level_list(p.levels)));

  expr_checker ec(c, i);
  if (r.context == ast::no_expr) {
    c.error(ps.source, r.id.offset, fmt::format("rule '{}' has no `for each` context", r.id.text));
  } else if (auto ctx = ec.context(r.context)) {
    out.path_index = *ctx;
  }
  std::size_t context_dead = ec.dead_predicates.size();
  for (const auto& let : r.lets) {
    checked v = ec.check(let.value);
    variable var;
    var.name = let.name;
    var.is_let = true;
    var.offset = let.offset;
    var.used = v.error;  // no "unused" warning on top of an error
    if (!v.error) {
      var.t = p.exprs[v.id].result;
      var.dim = p.exprs[v.id].dim;
      var.any_dim = p.exprs[v.id].any_dim;
    }
    uint32_t slot = ec.declare(std::move(var));
    out.lets.push_back({slot, v.error ? ir::no_expr : v.id});
  }
  checked cond{ir::no_expr, true};
  if (r.condition == ast::no_expr)
    c.error(ps.source, r.id.offset, fmt::format("rule '{}' has no `require` or `forbid`", r.id.text));
  else
    cond = ec.condition(r.condition, r.kind == ast::requirement_kind::require ? "`require`" : "`forbid`");
  out.condition = cond.error ? ir::no_expr : cond.id;
  if (r.message.empty())
    c.error(ps.source, r.id.offset, fmt::format("rule '{}' has no `message`", r.id.text));
  out.message = check_template(ec, r.message);
  out.fix = check_template(ec, r.fix);
  for (std::size_t k = 0; k < ec.vars.size() && k < r.lets.size(); ++k)
    if (!ec.vars[k].used) ec.warning(ec.vars[k].offset, fmt::format("let ${} is never used", ec.vars[k].name));

  // Constant conditions and dead branches.
  std::set<uint32_t> reported;
  if (!cond.error && ec.is_constant(cond.id) && ec.at(cond.id).result == ir::type::boolean) {
    bool v = ec.at(cond.id).value.num != 0;
    bool always_fails = (out.kind == ir::requirement::require) != v;
    auto why = ec.contradictions.find(cond.id);
    uint32_t at = why != ec.contradictions.end() ? why->second : ec.at(cond.id).offset;
    std::string reason = why != ec.contradictions.end()
                             ? "this comparison contradicts an earlier one on the same value, so the condition is never true"
                             : fmt::format("its condition is always {}", v ? "true" : "false");
    ec.warning(at, fmt::format("rule {}: {}", always_fails ? "always fails" : "can never fail", reason));
    reported.insert(at);
  }
  for (std::size_t k = 0; k < ec.dead_predicates.size(); ++k) {
    uint32_t at = ec.dead_predicates[k];
    if (!reported.insert(at).second) continue;
    ec.warning(at, k < context_dead ? "rule can never fail: its context never matches (this predicate is never true)"
                                    : "this predicate is never true, so the path selects nothing");
  }
  std::vector<uint32_t> rest;
  for (const auto& [id, at] : ec.contradictions) rest.push_back(at);
  std::sort(rest.begin(), rest.end());
  for (uint32_t at : rest)
    if (reported.insert(at).second)
      ec.warning(at, "condition can never be true: this comparison contradicts an earlier one on the same value");
  expr_cost cost = expanded_path_cost(c, i, out.path_index);
  auto add = [&](ir::expr_id e) {
    if (e == ir::no_expr) return;
    expr_cost part = expanded_cost(c, i, e);
    cost.size = std::min(cost.size + part.size, max_expanded_size + 1);
    cost.depth = std::max(cost.depth, part.depth);
    cost.tainted |= part.tainted;
  };
  for (const auto& let : out.lets) add(let.value);
  add(out.condition);
  for (const auto& t : out.message) add(t.expr);
  for (const auto& t : out.fix) add(t.expr);
  check_cost(c, i, r.id.offset, fmt::format("rule '{}'", r.id.text), cost);
  out.slot_count = ec.slot_count;
  out.uses_evidence = ec.uses_evidence;
  p.rules.push_back(std::move(out));
}

}  // namespace

void check_pack(compiler& c, uint32_t i) {
  const ast::pack& a = *c.packs[i].ast;
  for (uint32_t k = 0; k < a.predicates.size(); ++k) check_predicate(c, i, k);
  for (const auto& r : a.rules) check_rule(c, i, r);
}

void warn_unused(compiler& c, uint32_t i) {
  pack_state& ps = c.packs[i];
  const ast::pack& a = *ps.ast;
  for (const auto& [prefix, info] : ps.namespaces) {
    if (info.used) continue;
    if (prefix == "default")
      c.warning(ps.source, info.offset, "the default namespace is never used (no unprefixed element name in this pack)");
    else
      c.warning(ps.source, info.offset, fmt::format("namespace prefix '{}' is never used", prefix));
  }
  if (a.rules.empty()) return;  // a library pack: its names are there to be imported
  auto visible = [&](const auto& names, const std::string& name, uint32_t k) {
    auto it = names.find(name);
    return it != names.end() && it->second.pack == i && it->second.index == k;
  };
  // A duplicate definition is reported as such, not also as unused.
  for (uint32_t k = 0; k < a.predicates.size() && k < ps.preds.size(); ++k)
    if (!ps.preds[k].used && visible(ps.predicates, a.predicates[k].name.text, k))
      c.warning(ps.source, a.predicates[k].name.offset, fmt::format("predicate '{}' is never used", a.predicates[k].name.text));
  for (uint32_t k = 0; k < a.tables.size() && k < ps.table_used.size(); ++k)
    if (!ps.table_used[k] && visible(ps.tables, a.tables[k].name.text, k))
      c.warning(ps.source, a.tables[k].name.offset, fmt::format("table '{}' is never used", a.tables[k].name.text));
}

}  // namespace stancheck::checker_detail
