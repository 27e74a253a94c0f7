// check_builtins.cpp — calls: the table of built-in functions with their arities and argument
// types, calls of named predicates (defined earlier, no recursion) and table lookups.
#include <array>

#include <fmt/format.h>

#include "check_detail.hpp"
#include "units.hpp"
#include "value.hpp"

namespace stancheck::checker_detail {

namespace {

struct builtin_def {
  std::string_view name;
  ir::builtin fn;
  uint8_t min_args, max_args;
};

// The registry of built-in functions (docs/language.md, "Built-in functions").
constexpr std::array<builtin_def, 19> builtins{{
    {"count", ir::builtin::count, 1, 1},
    {"exists", ir::builtin::exists, 1, 1},
    {"empty", ir::builtin::empty, 1, 1},
    {"string", ir::builtin::string, 1, 1},
    {"number", ir::builtin::number, 1, 1},
    {"quantity", ir::builtin::quantity, 1, 1},
    {"date", ir::builtin::date, 1, 1},
    {"version", ir::builtin::version, 1, 1},
    {"lower", ir::builtin::lower, 1, 1},
    {"upper", ir::builtin::upper, 1, 1},
    {"trim", ir::builtin::trim, 1, 1},
    {"length", ir::builtin::length, 1, 1},
    {"starts_with", ir::builtin::starts_with, 2, 2},
    {"ends_with", ir::builtin::ends_with, 2, 2},
    {"contains", ir::builtin::contains, 2, 2},
    {"lookup", ir::builtin::lookup, 2, 2},
    {"today", ir::builtin::today, 0, 0},
    {"days_between", ir::builtin::days_between, 2, 2},
    {"passed", ir::builtin::passed, 1, 2},
}};

const builtin_def* find_builtin(std::string_view name) {
  for (const auto& b : builtins)
    if (b.name == name) return &b;
  return nullptr;
}

std::string arity_text(const builtin_def& b) {
  if (b.max_args == 0) return "no arguments";
  if (b.min_args == b.max_args) return fmt::format("{} argument{}", b.min_args, b.min_args == 1 ? "" : "s");
  return fmt::format("{} or {} arguments", b.min_args, b.max_args);
}

using mask = unsigned;
constexpr mask bit(ir::type t) { return 1u << static_cast<unsigned>(t); }
constexpr mask m_nodes = bit(ir::type::nodes);
constexpr mask m_text = m_nodes | bit(ir::type::string);

std::string mask_text(mask m) {
  if (m == m_nodes) return "a path (node set)";
  if (m == m_text) return "a string or a path";
  if (m == (m_nodes | bit(ir::type::date))) return "a date or a path";
  if (m == (m_text | bit(ir::type::number))) return "a string, a number or a path";
  return "a string or a path";
}

std::string constant_text(const ir::constant& c) {
  switch (c.t) {
    case ir::type::string:
    case ir::type::version: return c.str;
    case ir::type::boolean: return c.num != 0 ? "true" : "false";
    case ir::type::date: return eval::civil_from_days(static_cast<int32_t>(c.num));
    case ir::type::quantity: return units::format_quantity(c);
    default: return units::format_number(c.num);
  }
}

}  // namespace

checked expr_checker::call(const ast::expr& x, int depth) {
  if (const builtin_def* b = find_builtin(x.text)) {
    if (x.children.size() < b->min_args || x.children.size() > b->max_args) {
      for (ast::expr_id a : x.children) check(a, depth + 1);
      error(x.offset, fmt::format("{}() takes {}, got {}", b->name, arity_text(*b), x.children.size()));
      return {ir::no_expr, true};
    }
    if (b->fn == ir::builtin::lookup) return lookup_call(x, depth);
    return builtin_call(x, b->fn, depth);
  }
  if (auto it = state().predicates.find(x.text); it != state().predicates.end())
    return predicate_call(x, it->second, depth);
  for (ast::expr_id a : x.children) check(a, depth + 1);
  if (auto t = state().tables.find(x.text); t != state().tables.end()) {
    auto& used = comp.packs[t->second.pack].table_used;
    if (t->second.index < used.size()) used[t->second.index] = true;  // referenced, if wrongly
    error(x.offset, fmt::format("'{}' is a table, not a function: write `KEY in {}` or lookup({}, KEY)", x.text,
                                x.text, x.text));
    return {ir::no_expr, true};
  }
  std::vector<std::string> names;
  for (const auto& b : builtins) names.emplace_back(b.name);
  for (const auto& [name, v] : state().predicates) names.push_back(name);
  error(x.offset, fmt::format("unknown function or predicate '{}'{}", x.text, did_you_mean(x.text, names)));
  return {ir::no_expr, true};
}

checked expr_checker::builtin_call(const ast::expr& x, ir::builtin fn, int depth) {
  std::vector<checked> args;
  bool bad = false;
  for (ast::expr_id a : x.children) {
    args.push_back(check(a, depth + 1));
    bad |= args.back().error;
  }
  if (bad) return {ir::no_expr, true};
  const char* name = to_string(fn);
  auto expect = [&](std::size_t i, mask allowed) {
    const ir::expr& a = at(args[i].id);
    if (allowed & bit(a.result)) return true;
    error(a.offset, fmt::format("{}() needs {} as argument {}, got {}", name, mask_text(allowed), i + 1, describe(a)));
    return false;
  };
  ir::expr e;
  e.kind = ir::expr_kind::call;
  e.fn = fn;
  e.offset = x.offset;
  for (const auto& a : args) e.children.push_back(a.id);
  bool ok = true;
  auto all_constant = [&] {
    for (const auto& a : args)
      if (!is_constant(a.id)) return false;
    return true;
  };
  switch (fn) {
    case ir::builtin::count:
    case ir::builtin::exists:
    case ir::builtin::empty:
      ok = expect(0, m_nodes);
      if (ok) need_nodes(args[0].id);
      e.result = fn == ir::builtin::count ? ir::type::number : ir::type::boolean;
      break;
    case ir::builtin::string:
      e.result = ir::type::string;
      if (all_constant()) return constant(make_string(constant_text(at(args[0].id).value)), x.offset);
      break;
    case ir::builtin::number:
      ok = expect(0, m_text | bit(ir::type::number));
      e.result = ir::type::number;
      if (ok && all_constant()) {
        const ir::constant& c = at(args[0].id).value;
        if (c.t == ir::type::number) return constant(c, x.offset);
        auto v = eval::parse_number(c.str);
        if (!v) {
          error(at(args[0].id).offset, fmt::format("'{}' is not a number", c.str));
          return {ir::no_expr, true};
        }
        return constant(make_number(*v), x.offset);
      }
      break;
    case ir::builtin::quantity:
      ok = expect(0, m_text | bit(ir::type::quantity));
      e.result = ir::type::quantity;
      e.any_dim = true;
      if (ok && at(args[0].id).result == ir::type::quantity) return args[0];
      if (ok && all_constant()) {
        const ir::constant& c = at(args[0].id).value;
        auto q = units::parse_quantity(c.str);
        if (!q || q->t != ir::type::quantity) {
          error(at(args[0].id).offset, fmt::format("'{}' is not a quantity with a known unit", c.str));
          return {ir::no_expr, true};
        }
        return constant(std::move(*q), x.offset);
      }
      break;
    case ir::builtin::date:
      ok = expect(0, m_text | bit(ir::type::date));
      e.result = ir::type::date;
      if (ok && all_constant()) {
        const ir::constant& c = at(args[0].id).value;
        if (c.t == ir::type::date) return constant(c, x.offset);
        auto d = parse_date_literal(c.str);
        if (!d) {
          error(at(args[0].id).offset, fmt::format("invalid date '{}' (expected an existing day as YYYY-MM-DD)", c.str));
          return {ir::no_expr, true};
        }
        ir::constant r;
        r.t = ir::type::date;
        r.num = *d;
        r.str = c.str;
        return constant(std::move(r), x.offset);
      }
      break;
    case ir::builtin::version:
      ok = expect(0, m_text | bit(ir::type::number) | bit(ir::type::version));
      e.result = ir::type::version;
      if (ok && all_constant()) {
        ir::constant r;
        r.t = ir::type::version;
        r.str = constant_text(at(args[0].id).value);
        return constant(std::move(r), x.offset);
      }
      break;
    case ir::builtin::lower:
    case ir::builtin::upper:
    case ir::builtin::trim:
    case ir::builtin::length:
      ok = expect(0, m_text);
      e.result = fn == ir::builtin::length ? ir::type::number : ir::type::string;
      if (ok && all_constant()) {
        std::string s = at(args[0].id).value.str;
        if (fn == ir::builtin::length) return constant(make_number(static_cast<double>(s.size())), x.offset);
        if (fn == ir::builtin::trim) return constant(make_string(std::string(eval::trim(s))), x.offset);
        for (char& ch : s)
          ch = static_cast<char>(fn == ir::builtin::lower ? std::tolower(static_cast<unsigned char>(ch))
                                                           : std::toupper(static_cast<unsigned char>(ch)));
        return constant(make_string(std::move(s)), x.offset);
      }
      break;
    case ir::builtin::starts_with:
    case ir::builtin::ends_with:
    case ir::builtin::contains:
      ok = expect(0, m_text);
      ok = expect(1, m_text) && ok;
      e.result = ir::type::boolean;
      if (ok && all_constant()) {
        std::string_view s = at(args[0].id).value.str, p = at(args[1].id).value.str;
        bool r = fn == ir::builtin::starts_with ? s.starts_with(p)
                 : fn == ir::builtin::ends_with ? s.ends_with(p)
                                                : s.find(p) != std::string_view::npos;
        return constant(make_bool(r), x.offset);
      }
      break;
    case ir::builtin::today: e.result = ir::type::date; break;
    case ir::builtin::days_between:
      ok = expect(0, m_nodes | bit(ir::type::date));
      ok = expect(1, m_nodes | bit(ir::type::date)) && ok;
      e.result = ir::type::number;
      break;
    case ir::builtin::passed: {
      ok = expect(0, m_text);
      if (ok && is_constant(args[0].id) && at(args[0].id).value.str.empty()) {
        error(at(args[0].id).offset, "passed() needs a test id");
        ok = false;
      }
      if (args.size() == 2) {
        const ir::expr& age = at(args[1].id);
        bool time_ok = age.result == ir::type::nodes ||
                       (age.result == ir::type::quantity && (age.any_dim || age.dim == units::time()));
        if (!time_ok) {
          error(age.offset, fmt::format("passed() needs a time (e.g. 365 d) as argument 2, got {}", describe(age)));
          ok = false;
        }
      }
      e.result = ir::type::boolean;
      uses_evidence = true;
      break;
    }
    case ir::builtin::lookup: break;  // lookup_call
  }
  if (!ok) return {ir::no_expr, true};
  return {add(std::move(e)), false};
}

checked expr_checker::predicate_call(const ast::expr& x, visible_name callee, int depth) {
  pack_state& owner = comp.packs[callee.pack];
  const ast::predicate_decl& decl = owner.ast->predicates[callee.index];
  bool ok = true;
  if (callee.pack == pack_index && defining_predicate >= 0 &&
      callee.index >= static_cast<uint32_t>(defining_predicate)) {
    const std::string& me = state().ast->predicates[static_cast<std::size_t>(defining_predicate)].name.text;
    if (callee.index == static_cast<uint32_t>(defining_predicate))
      error(x.offset, fmt::format("predicate '{}' cannot call itself (predicates cannot recurse)", me));
    else
      error(x.offset, fmt::format("predicate '{}' is defined after '{}': a predicate may only call predicates "
                                  "defined before it",
                                  x.text, me));
    ok = false;
  }
  predicate_sig& sig = owner.preds[callee.index];
  sig.used = true;
  std::vector<checked> args;
  for (ast::expr_id a : x.children) {
    args.push_back(check(a, depth + 1));
    ok &= !args.back().error;
  }
  if (x.children.size() != decl.params.size()) {
    error(x.offset, fmt::format("predicate '{}' takes {} argument{}, got {}", x.text, decl.params.size(),
                                decl.params.size() == 1 ? "" : "s", x.children.size()));
    return {ir::no_expr, true};
  }
  uses_evidence |= sig.uses_evidence;
  if (!ok) return {ir::no_expr, true};
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i >= sig.needs_nodes.size() || !sig.needs_nodes[i]) continue;
    const ir::expr& a = at(args[i].id);
    if (a.result == ir::type::nodes) {
      need_nodes(args[i].id);
      continue;
    }
    error(a.offset, fmt::format("argument {} of '{}' must be a path (node set): ${} is used as one, got {}", i + 1,
                                x.text, decl.params[i].text, describe(a)));
    ok = false;
  }
  if (!ok) return {ir::no_expr, true};
  ir::expr e;
  e.kind = ir::expr_kind::predicate;
  e.index = callee.index;
  e.pack_index = callee.pack;
  e.result = ir::type::boolean;
  e.offset = x.offset;
  for (const auto& a : args) e.children.push_back(a.id);
  return {add(std::move(e)), false};
}

checked expr_checker::lookup_call(const ast::expr& x, int depth) {
  auto name = bare_name(x.children[0]);
  checked key = check(x.children[1], depth + 1);
  if (!name) {
    error(node(x.children[0]).offset, "the first argument of lookup() must be the name of a table");
    return {ir::no_expr, true};
  }
  auto table = find_table(*name, node(x.children[0]).offset);
  if (!table || key.error) return {ir::no_expr, true};
  const ir::table& t = table_at(*table);
  if (!t.keys.empty() && t.value_type == ir::type::empty) {
    error(node(x.children[0]).offset,
          fmt::format("table '{}' has no values: test membership with `KEY in {}`", *name, *name));
    return {ir::no_expr, true};
  }
  if (t.key_type != ir::type::empty) {
    ir::expr k;
    k.result = t.key_type;
    k.dim = t.key_dim;
    if (!comparable(at(key.id), k, at(key.id).offset, false)) return {ir::no_expr, true};
  }
  ir::expr e;
  e.kind = ir::expr_kind::call;
  e.fn = ir::builtin::lookup;
  e.index = table->index;
  e.pack_index = table->pack;
  e.result = t.value_type == ir::type::empty ? ir::type::string : t.value_type;
  e.dim = t.value_dim;
  e.offset = x.offset;
  e.children = {key.id};
  return {add(std::move(e)), false};
}

std::optional<visible_name> expr_checker::find_table(std::string_view name, uint32_t offset) {
  auto it = state().tables.find(std::string(name));
  if (it == state().tables.end()) {
    std::vector<std::string> names;
    for (const auto& [n, v] : state().tables) names.push_back(n);
    error(offset, fmt::format("unknown table '{}'{}", name, did_you_mean(name, names)));
    return std::nullopt;
  }
  auto& used = comp.packs[it->second.pack].table_used;
  if (it->second.index < used.size()) used[it->second.index] = true;
  return it->second;
}

const ir::table& expr_checker::table_at(visible_name v) {
  return comp.out.rules.packs[v.pack].tables[v.index];
}

}  // namespace stancheck::checker_detail
