// check_expr.cpp — type checking of expressions: literals, variables, operators, comparisons and
// arithmetic with unit dimensions; constants are folded as they are built.
#include <fmt/format.h>

#include "check_detail.hpp"
#include "units.hpp"

namespace stancheck::checker_detail {

namespace {

const char* op_symbol(ast::op o) {
  switch (o) {
    case ast::op::or_: return "or";
    case ast::op::and_: return "and";
    case ast::op::eq: return "=";
    case ast::op::ne: return "!=";
    case ast::op::lt: return "<";
    case ast::op::le: return "<=";
    case ast::op::gt: return ">";
    case ast::op::ge: return ">=";
    case ast::op::add: return "+";
    case ast::op::sub: return "-";
    case ast::op::mul: return "*";
    case ast::op::div: return "/";
    default: return "?";
  }
}

ir::op to_ir(ast::op o) {
  switch (o) {
    case ast::op::not_: return ir::op::not_;
    case ast::op::neg: return ir::op::neg;
    case ast::op::or_: return ir::op::or_;
    case ast::op::and_: return ir::op::and_;
    case ast::op::eq: return ir::op::eq;
    case ast::op::ne: return ir::op::ne;
    case ast::op::lt: return ir::op::lt;
    case ast::op::le: return ir::op::le;
    case ast::op::gt: return ir::op::gt;
    case ast::op::ge: return ir::op::ge;
    case ast::op::add: return ir::op::add;
    case ast::op::sub: return ir::op::sub;
    case ast::op::mul: return ir::op::mul;
    case ast::op::div: return ir::op::div;
    case ast::op::all: return ir::op::all;
    case ast::op::any: return ir::op::any;
    default: return ir::op::none;
  }
}

bool numeric(ir::type t) { return t == ir::type::number || t == ir::type::quantity || t == ir::type::nodes; }

}  // namespace

expr_checker::expr_checker(compiler& c, uint32_t index)
    : comp(c), pack_index(index), file_(c.packs[index].file) {}

void expr_checker::error(uint32_t offset, std::string message) {
  comp.error(state().source, offset, std::move(message));
}

void expr_checker::warning(uint32_t offset, std::string message) {
  comp.warning(state().source, offset, std::move(message));
}

ir::expr_id expr_checker::add(ir::expr x) {
  auto& v = ir().exprs;
  v.push_back(std::move(x));
  return static_cast<ir::expr_id>(v.size() - 1);
}

checked expr_checker::constant(ir::constant c, uint32_t offset) {
  ir::expr x;
  x.kind = ir::expr_kind::constant;
  x.result = c.t;
  x.dim = c.dim;
  x.offset = offset;
  x.value = std::move(c);
  return {add(std::move(x)), false};
}

checked expr_checker::check(ast::expr_id e, int depth) {
  if (e == ast::no_expr || e >= file_->exprs.size()) return {ir::no_expr, true};
  const ast::expr& x = node(e);
  if (depth > max_depth) {
    error(x.offset, "expression nested too deeply");
    return {ir::no_expr, true};
  }
  switch (x.kind) {
    case ast::expr_kind::string_lit:
    case ast::expr_kind::number_lit:
    case ast::expr_kind::bool_lit:
    case ast::expr_kind::date_lit:
    case ast::expr_kind::quantity_lit: return literal(x, e);
    case ast::expr_kind::variable: return variable_ref(x);
    case ast::expr_kind::path: return path_expr(e, depth);
    case ast::expr_kind::call: return call(x, depth);
    case ast::expr_kind::unary: return unary(x, depth);
    case ast::expr_kind::binary: return binary(x, depth);
    case ast::expr_kind::in_set: return in_set(x, depth);
    case ast::expr_kind::in_range: return in_range(x, depth);
    case ast::expr_kind::in_table: return in_table(x, depth);
    case ast::expr_kind::matches: return matches(x, depth);
    case ast::expr_kind::quantifier: return quantifier(x, depth);
    case ast::expr_kind::step: break;
  }
  error(x.offset, "a path step cannot stand alone here");
  return {ir::no_expr, true};
}

checked expr_checker::condition(ast::expr_id e, const char* what, int depth) {
  checked c = check(e, depth);
  if (c.error) return c;
  ir::type t = at(c.id).result;
  if (t == ir::type::boolean) return c;
  if (t == ir::type::nodes) {
    need_nodes(c.id);
    return c;
  }
  error(at(c.id).offset, fmt::format("{} needs a condition (a comparison, a boolean or a path), got {}", what,
                                     describe(at(c.id))));
  return {c.id, true};
}

checked expr_checker::literal(const ast::expr& x, ast::expr_id) {
  switch (x.kind) {
    case ast::expr_kind::string_lit: return constant(make_string(x.text), x.offset);
    case ast::expr_kind::number_lit: return constant(make_number(x.number), x.offset);
    case ast::expr_kind::bool_lit: return constant(make_bool(x.number != 0), x.offset);
    case ast::expr_kind::date_lit: {
      auto days = parse_date_literal(x.text);
      if (!days) {
        error(x.offset, fmt::format("invalid date '{}' (expected an existing day as YYYY-MM-DD)", x.text));
        return {ir::no_expr, true};
      }
      ir::constant c;
      c.t = ir::type::date;
      c.num = *days;
      c.str = x.text;
      return constant(std::move(c), x.offset);
    }
    default: break;
  }
  // A quantity: find the unit in the source so that the caret points at it.
  const std::string& text = state().source->text();
  uint32_t unit_at = x.offset;
  std::size_t found = text.find(x.text, x.offset);
  if (found != std::string::npos && found < std::size_t(x.offset) + 64) unit_at = static_cast<uint32_t>(found);
  auto u = units::parse_unit(x.text);
  if (!u) {
    std::string hint;
    if (x.text.starts_with("dB"))
      hint = " (decibels are not supported: write the linear value, e.g. in W or V)";
    else if (std::string s = units::suggest_unit(x.text); !s.empty())
      hint = fmt::format(" (did you mean '{}'?)", s);
    error(unit_at, fmt::format("unknown unit '{}'{}", x.text, hint));
    return {ir::no_expr, true};
  }
  ir::constant c;
  c.t = ir::type::quantity;
  c.num = units::to_si(x.number, *u);
  c.dim = u->dim;
  c.str = unit_at > x.offset ? text.substr(x.offset, unit_at - x.offset + x.text.size())
                             : fmt::format("{} {}", units::format_number(x.number), x.text);
  return constant(std::move(c), x.offset);
}

variable* expr_checker::find_var(std::string_view name) {
  for (auto it = vars.rbegin(); it != vars.rend(); ++it)
    if (it->name == name) return &*it;
  return nullptr;
}

std::vector<std::string> expr_checker::var_names() const {
  std::vector<std::string> names;
  for (const auto& v : vars) names.push_back(v.name);
  return names;
}

checked expr_checker::variable_ref(const ast::expr& x) {
  variable* v = find_var(x.text);
  if (!v) {
    std::vector<std::string> names;
    for (const auto& n : var_names()) names.push_back(n);
    std::string hint = did_you_mean(x.text, names);
    if (!hint.empty()) hint = fmt::format(" (did you mean '${}'?)", closest(x.text, names));
    error(x.offset, fmt::format("unknown variable ${}{}", x.text, hint));
    return {ir::no_expr, true};
  }
  v->used = true;
  ir::expr e;
  e.kind = ir::expr_kind::variable;
  e.slot = v->slot;
  e.result = v->t;
  e.dim = v->dim;
  e.any_dim = v->any_dim;
  e.offset = x.offset;
  return {add(std::move(e)), false};
}

uint32_t expr_checker::declare(variable v) {
  if (variable* old = find_var(v.name)) {
    error(v.offset, fmt::format("${} is already defined", v.name));
    old->used = true;  // no "unused" warning on top of the error
  }
  v.slot = static_cast<uint32_t>(vars.size());
  slot_count = std::max(slot_count, v.slot + 1);
  vars.push_back(std::move(v));
  return vars.back().slot;
}

void expr_checker::pop_to(std::size_t n) {
  for (std::size_t i = n; i < vars.size(); ++i)
    if (!vars[i].used && !vars[i].is_let && vars[i].param < 0)
      warning(vars[i].offset, fmt::format("variable ${} is never used", vars[i].name));
  vars.resize(std::min(n, vars.size()));
}

void expr_checker::need_nodes(ir::expr_id id) {
  if (defining_predicate < 0 || id == ir::no_expr) return;
  const ir::expr& e = at(id);
  uint32_t slot = 0;
  if (e.kind == ir::expr_kind::variable) {
    slot = e.slot;
  } else if (e.kind == ir::expr_kind::path && ir().paths[e.path_index].origin == ir::path_origin::variable) {
    slot = ir().paths[e.path_index].slot;
  } else {
    return;
  }
  auto& needs = state().preds[static_cast<std::size_t>(defining_predicate)].needs_nodes;
  if (slot < needs.size()) needs[slot] = true;
}

checked expr_checker::unary(const ast::expr& x, int depth) {
  if (x.children.empty()) return {ir::no_expr, true};
  checked a = x.oper == ast::op::not_ ? condition(x.children[0], "`not`", depth + 1) : check(x.children[0], depth + 1);
  if (a.error) return a;
  const ir::expr& ae = at(a.id);
  ir::expr e;
  e.kind = ir::expr_kind::unary;
  e.oper = to_ir(x.oper);
  e.offset = x.offset;
  e.children = {a.id};
  if (x.oper == ast::op::not_) {
    e.result = ir::type::boolean;
  } else {
    if (!numeric(ae.result)) {
      error(ae.offset, fmt::format("type mismatch: cannot negate {}", describe(ae)));
      return {a.id, true};
    }
    e.result = ae.result == ir::type::nodes ? ir::type::number : ae.result;
    e.dim = ae.dim;
    e.any_dim = ae.any_dim;
  }
  if (ae.kind == ir::expr_kind::constant)
    if (auto f = fold_unary(e.oper, ae.value)) {
      auto it = contradictions.find(a.id);
      checked r = constant(std::move(*f), x.offset);
      if (it != contradictions.end()) contradictions[r.id] = it->second;
      return r;
    }
  return {add(std::move(e)), false};
}

checked expr_checker::binary(const ast::expr& x, int depth) {
  if (x.children.size() != 2) return {ir::no_expr, true};
  switch (x.oper) {
    case ast::op::or_:
    case ast::op::and_: return logical(x, depth);
    case ast::op::eq:
    case ast::op::ne:
    case ast::op::lt:
    case ast::op::le:
    case ast::op::gt:
    case ast::op::ge: return comparison(x, depth);
    default: return arithmetic(x, depth);
  }
}

checked expr_checker::logical(const ast::expr& x, int depth) {
  const char* what = x.oper == ast::op::and_ ? "`and`" : "`or`";
  bool is_and = x.oper == ast::op::and_;
  bool inner_link = chain_member_ == &x;  // analysed with the whole chain by its top `and`
  chain_member_ = nullptr;
  auto operand = [&](ast::expr_id c) {
    const ast::expr& cx = node(c);
    if (is_and && cx.kind == ast::expr_kind::binary && cx.oper == ast::op::and_) chain_member_ = &cx;
    checked r = condition(c, what, depth + 1);
    chain_member_ = nullptr;
    return r;
  };
  checked a = operand(x.children[0]);
  checked b = operand(x.children[1]);
  if (a.error || b.error) return {ir::no_expr, true};
  // Constant operands: `false and x` is false, `true and x` is x, and so on.
  for (auto [k, other] : {std::pair{a, b}, std::pair{b, a}}) {
    if (!is_constant(k.id) || at(k.id).result != ir::type::boolean) continue;
    bool v = at(k.id).value.num != 0;
    return v == is_and ? other : k;
  }
  ir::expr e;
  e.kind = ir::expr_kind::binary;
  e.oper = is_and ? ir::op::and_ : ir::op::or_;
  e.result = ir::type::boolean;
  e.offset = x.offset;
  e.children = {a.id, b.id};
  ir::expr_id id = add(std::move(e));
  if (!is_and || inner_link) return {id, false};
  // Flatten the `and` chain and look for comparisons of one value that cannot all hold.
  std::vector<ir::expr_id> conjuncts, stack{id};
  while (!stack.empty()) {
    ir::expr_id c = stack.back();
    stack.pop_back();
    const ir::expr& ce = at(c);
    if (ce.kind == ir::expr_kind::binary && ce.oper == ir::op::and_) {
      stack.push_back(ce.children[1]);
      stack.push_back(ce.children[0]);
    } else {
      conjuncts.push_back(c);
    }
  }
  if (auto bad = find_contradiction(ir(), conjuncts)) {
    checked r = constant(make_bool(false), x.offset);
    contradictions[r.id] = at(conjuncts[*bad]).offset;
    return r;
  }
  return {id, false};
}

bool expr_checker::comparable(const ir::expr& a, const ir::expr& b, uint32_t offset, bool ordering) {
  using ir::type;
  type ta = a.result, tb = b.result;
  if (ta == type::nodes && tb == type::nodes) return true;
  if (ta == type::nodes || tb == type::nodes) {
    type other = ta == type::nodes ? tb : ta;
    if (other == type::boolean && ordering) {
      error(offset, "type mismatch: booleans have no order (use = or !=)");
      return false;
    }
    return true;
  }
  if (ta == tb) {
    if (ta == type::boolean && ordering) {
      error(offset, "type mismatch: booleans have no order (use = or !=)");
      return false;
    }
    if (ta == type::quantity && !a.any_dim && !b.any_dim && a.dim != b.dim) {
      error(offset, fmt::format("unit mismatch: cannot compare {} with {}", describe(a), describe(b)));
      return false;
    }
    return true;
  }
  std::string hint;
  if ((ta == type::number && tb == type::quantity) || (ta == type::quantity && tb == type::number)) {
    const ir::expr& num = ta == type::number ? a : b;
    const ir::expr& qty = ta == type::number ? b : a;
    std::string shown = num.kind == ir::expr_kind::constant ? units::format_number(num.value.num) : "0";
    hint = qty.any_dim ? std::string("; give the number a unit")
                       : fmt::format("; give the number a unit (e.g. {} {})", shown, units::dimension_unit(qty.dim));
  } else if (ta == type::version || tb == type::version) {
    hint = "; convert the other side with version(...)";
  } else if ((ta == type::date && tb == type::string) || (ta == type::string && tb == type::date)) {
    hint = "; write dates without quotes (2027-01-31) or convert with date(...)";
  }
  error(offset, fmt::format("type mismatch: cannot compare {} with {}{}", describe(a), describe(b), hint));
  return false;
}

checked expr_checker::comparison(const ast::expr& x, int depth) {
  checked a = check(x.children[0], depth + 1);
  checked b = check(x.children[1], depth + 1);
  if (a.error || b.error) return {ir::no_expr, true};
  bool ordering = x.oper != ast::op::eq && x.oper != ast::op::ne;
  if (!comparable(at(a.id), at(b.id), at(b.id).offset, ordering)) return {ir::no_expr, true};
  ir::op o = to_ir(x.oper);
  if (is_constant(a.id) && is_constant(b.id))
    if (auto f = fold_binary(o, at(a.id).value, at(b.id).value)) return constant(std::move(*f), x.offset);
  ir::expr e;
  e.kind = ir::expr_kind::binary;
  e.oper = o;
  e.result = ir::type::boolean;
  e.offset = x.offset;
  e.children = {a.id, b.id};
  return {add(std::move(e)), false};
}

checked expr_checker::arithmetic(const ast::expr& x, int depth) {
  checked a = check(x.children[0], depth + 1);
  checked b = check(x.children[1], depth + 1);
  if (a.error || b.error) return {ir::no_expr, true};
  const char* sym = op_symbol(x.oper);
  for (ir::expr_id id : {a.id, b.id}) {
    if (numeric(at(id).result)) continue;
    error(at(id).offset, fmt::format("type mismatch: `{}` needs numbers or quantities, got {}", sym, describe(at(id))));
    return {ir::no_expr, true};
  }
  ir::expr e;
  e.kind = ir::expr_kind::binary;
  e.oper = to_ir(x.oper);
  e.offset = x.offset;
  e.children = {a.id, b.id};
  const ir::expr& l = at(a.id);
  const ir::expr& r = at(b.id);
  // Node sets take the type of the other operand for + and -, and are numbers for * and /.
  bool additive = x.oper == ast::op::add || x.oper == ast::op::sub;
  auto effective = [&](const ir::expr& s, const ir::expr& other) {
    ir::expr t;
    t.result = s.result;
    t.dim = s.dim;
    t.any_dim = s.any_dim;
    if (s.result == ir::type::nodes) {
      t.result = additive && other.result == ir::type::quantity ? ir::type::quantity : ir::type::number;
      t.dim = t.result == ir::type::quantity ? other.dim : ir::dimension{};
      t.any_dim = t.result == ir::type::quantity && other.any_dim;
    }
    return t;
  };
  ir::expr le = effective(l, r), re = effective(r, l);
  if (additive) {
    if (le.result != re.result) {
      const ir::expr& num = le.result == ir::type::number ? l : r;
      const ir::expr& qty = le.result == ir::type::number ? r : l;
      std::string example =
          qty.any_dim ? std::string()
                      : fmt::format(" (e.g. {} {})",
                                    num.kind == ir::expr_kind::constant ? units::format_number(num.value.num) : "1",
                                    units::dimension_unit(qty.dim));
      error(num.offset, fmt::format("type mismatch: cannot {} a number and {}; give the number a unit{}",
                                    x.oper == ast::op::add ? "add" : "subtract", describe(qty), example));
      return {ir::no_expr, true};
    }
    if (le.result == ir::type::quantity && !le.any_dim && !re.any_dim && le.dim != re.dim) {
      error(r.offset, fmt::format("unit mismatch: cannot {} {} {} {}", x.oper == ast::op::add ? "add" : "subtract",
                                  describe(r), x.oper == ast::op::add ? "to" : "from", describe(l)));
      return {ir::no_expr, true};
    }
    e.result = le.result;
    e.any_dim = le.any_dim && re.any_dim;
    e.dim = le.any_dim ? re.dim : le.dim;
  } else {
    bool q = le.result == ir::type::quantity || re.result == ir::type::quantity;
    e.result = q ? ir::type::quantity : ir::type::number;
    e.any_dim = le.any_dim || re.any_dim;
    e.dim = x.oper == ast::op::mul ? units::multiply(le.dim, re.dim) : units::divide(le.dim, re.dim);
    if (x.oper == ast::op::div && r.kind == ir::expr_kind::constant && r.value.num == 0) {
      error(r.offset, "division by zero");
      return {ir::no_expr, true};
    }
  }
  if (e.result == ir::type::quantity && !e.any_dim && e.dim.dimensionless()) e.result = ir::type::number;
  if (e.any_dim) e.dim = {};
  if (l.kind == ir::expr_kind::constant && r.kind == ir::expr_kind::constant)
    if (auto f = fold_binary(e.oper, l.value, r.value)) return constant(std::move(*f), x.offset);
  return {add(std::move(e)), false};
}

}  // namespace stancheck::checker_detail
