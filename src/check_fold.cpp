// check_fold.cpp — compile-time evaluation: folding operators over constants, and finding `and`
// chains whose comparisons of one value cannot all hold (contradictory conditions).
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "check_detail.hpp"
#include "units.hpp"
#include "value.hpp"

namespace stancheck::checker_detail {

ir::constant make_bool(bool b) {
  ir::constant c;
  c.t = ir::type::boolean;
  c.num = b ? 1 : 0;
  c.str = b ? "true" : "false";
  return c;
}

ir::constant make_number(double v) {
  ir::constant c;
  c.t = ir::type::number;
  c.num = v;
  c.str = units::format_number(v);
  return c;
}

ir::constant make_string(std::string s) {
  ir::constant c;
  c.t = ir::type::string;
  c.str = std::move(s);
  return c;
}

int compare_constants(const ir::constant& a, const ir::constant& b) {
  if (a.t == ir::type::string && b.t == ir::type::string) {
    // As the evaluator orders texts: numerically when both read as numbers or quantities of one
    // dimension, else as text.
    auto qa = units::parse_quantity(a.str), qb = units::parse_quantity(b.str);
    if (qa && qb && qa->dim == qb->dim) return qa->num < qb->num ? -1 : qa->num > qb->num ? 1 : 0;
    int c = a.str.compare(b.str);
    return c < 0 ? -1 : c > 0;
  }
  if (a.t == ir::type::version || b.t == ir::type::version) return eval::compare_versions(a.str, b.str);
  return a.num < b.num ? -1 : a.num > b.num ? 1 : 0;
}

/// Equality as `=` evaluates it: texts exactly, others by value.
bool same_constant(const ir::constant& a, const ir::constant& b) {
  if (a.t != b.t || a.dim != b.dim) return false;
  if (a.t == ir::type::string) return a.str == b.str;
  return compare_constants(a, b) == 0;
}

std::optional<ir::constant> fold_unary(ir::op o, const ir::constant& a) {
  if (o == ir::op::not_ && a.t == ir::type::boolean) return make_bool(a.num == 0);
  if (o == ir::op::neg && (a.t == ir::type::number || a.t == ir::type::quantity)) {
    ir::constant r = a;
    r.num = -a.num;
    r.str = a.t == ir::type::number ? units::format_number(r.num) : units::format_quantity(r);
    return r;
  }
  return std::nullopt;
}

std::optional<ir::constant> fold_binary(ir::op o, const ir::constant& a, const ir::constant& b) {
  switch (o) {
    case ir::op::and_: return make_bool(a.num != 0 && b.num != 0);
    case ir::op::or_: return make_bool(a.num != 0 || b.num != 0);
    case ir::op::eq:
    case ir::op::ne: {
      return make_bool(same_constant(a, b) == (o == ir::op::eq));
    }
    case ir::op::lt: return make_bool(compare_constants(a, b) < 0);
    case ir::op::le: return make_bool(compare_constants(a, b) <= 0);
    case ir::op::gt: return make_bool(compare_constants(a, b) > 0);
    case ir::op::ge: return make_bool(compare_constants(a, b) >= 0);
    case ir::op::add:
    case ir::op::sub:
    case ir::op::mul:
    case ir::op::div: {
      auto is_num = [](const ir::constant& c) { return c.t == ir::type::number || c.t == ir::type::quantity; };
      if (!is_num(a) || !is_num(b)) return std::nullopt;
      if (o == ir::op::div && b.num == 0) return std::nullopt;
      ir::constant r;
      r.num = o == ir::op::add ? a.num + b.num
              : o == ir::op::sub ? a.num - b.num
              : o == ir::op::mul ? a.num * b.num
                                 : a.num / b.num;
      if (!std::isfinite(r.num)) return std::nullopt;
      r.dim = o == ir::op::mul ? units::multiply(a.dim, b.dim)
              : o == ir::op::div ? units::divide(a.dim, b.dim)
                                 : a.dim;
      r.t = r.dim.dimensionless() ? ir::type::number : ir::type::quantity;
      r.str = r.t == ir::type::number ? units::format_number(r.num) : units::format_quantity(r);
      return r;
    }
    default: return std::nullopt;
  }
}

std::string structural_key(const ir::pack& p, ir::expr_id id) {
  if (id == ir::no_expr || id >= p.exprs.size()) return "?";
  const ir::expr& e = p.exprs[id];
  std::string k = fmt::format("({} {} {} {} {} {} {}", static_cast<int>(e.kind), static_cast<int>(e.oper),
                              static_cast<int>(e.fn), e.negate, e.index, e.pack_index, e.slot);
  if (e.kind == ir::expr_kind::constant)
    k += fmt::format(" c{}:{}", static_cast<int>(e.value.t), ir::canonical_key(e.value));
  if (e.kind == ir::expr_kind::path || e.kind == ir::expr_kind::quantifier) {
    const ir::path& path = p.paths[e.path_index];
    k += fmt::format(" p{}:{}", static_cast<int>(path.origin), path.slot);
    for (const ir::step& s : path.steps) {
      k += fmt::format(" /{}{}{{{}}}{}", static_cast<int>(s.ax), s.any_name ? "*" : "", s.ns_uri, s.local);
      for (ir::expr_id pe : s.predicates) {
        // Appended piece by piece: `"[" + std::string` trips GCC 12's false -Wrestrict at -O3.
        k += '[';
        k += structural_key(p, pe);
        k += ']';
      }
    }
  }
  if (e.kind == ir::expr_kind::matches && e.regex) {
    k += " re";
    k += std::to_string(reinterpret_cast<std::uintptr_t>(e.regex.get()));
  }
  for (ir::expr_id c : e.children) {
    k += ' ';
    k += structural_key(p, c);
  }
  k += ')';
  return k;
}

namespace {

/// What the conjuncts seen so far allow for one subject.
struct bounds {
  std::optional<ir::constant> lo, hi;
  bool lo_incl = true, hi_incl = true;
  std::optional<std::vector<ir::constant>> allowed;
  std::vector<ir::constant> excluded;

  void lower(const ir::constant& c, bool incl) {
    int k = lo ? compare_constants(c, *lo) : 1;
    if (k > 0 || (k == 0 && !incl)) lo = c, lo_incl = incl;
  }
  void upper(const ir::constant& c, bool incl) {
    int k = hi ? compare_constants(c, *hi) : -1;
    if (k < 0 || (k == 0 && !incl)) hi = c, hi_incl = incl;
  }
  void only(const std::vector<ir::constant>& set) {
    if (!allowed) {
      allowed = set;
      return;
    }
    std::vector<ir::constant> keep;
    for (const auto& a : *allowed)
      for (const auto& s : set)
        if (same_constant(a, s)) {
          keep.push_back(a);
          break;
        }
    allowed = std::move(keep);
  }
  bool admits(const ir::constant& c) const {
    if (lo && (compare_constants(c, *lo) < 0 || (!lo_incl && compare_constants(c, *lo) == 0))) return false;
    if (hi && (compare_constants(c, *hi) > 0 || (!hi_incl && compare_constants(c, *hi) == 0))) return false;
    for (const auto& x : excluded)
      if (same_constant(c, x)) return false;
    return true;
  }
  bool satisfiable() const {
    if (allowed) {
      for (const auto& a : *allowed)
        if (admits(a)) return true;
      return false;
    }
    if (lo && hi) {
      int k = compare_constants(*lo, *hi);
      if (k > 0 || (k == 0 && !(lo_incl && hi_incl))) return false;
      if (k == 0 && !admits(*lo)) return false;
    }
    return true;
  }
};

ir::op flip(ir::op o) {
  switch (o) {
    case ir::op::lt: return ir::op::gt;
    case ir::op::le: return ir::op::ge;
    case ir::op::gt: return ir::op::lt;
    case ir::op::ge: return ir::op::le;
    default: return o;
  }
}

std::string subject_key(const ir::pack& p, ir::expr_id subject, const ir::constant& c) {
  return fmt::format("{}|{}|{}", structural_key(p, subject), static_cast<int>(c.t),
                     fmt::join(c.dim.exp, ","));
}

}  // namespace

std::optional<std::size_t> find_contradiction(const ir::pack& p, const std::vector<ir::expr_id>& conjuncts) {
  std::unordered_map<std::string, bounds> seen;
  auto is_const = [&](ir::expr_id id) { return p.exprs[id].kind == ir::expr_kind::constant; };
  for (std::size_t i = 0; i < conjuncts.size(); ++i) {
    const ir::expr& e = p.exprs[conjuncts[i]];
    bounds* b = nullptr;
    if (e.kind == ir::expr_kind::binary && e.oper >= ir::op::eq && e.oper <= ir::op::ge) {
      ir::expr_id l = e.children[0], r = e.children[1];
      ir::op o = e.oper;
      if (is_const(l) == is_const(r)) continue;
      if (is_const(l)) std::swap(l, r), o = flip(o);
      const ir::constant& c = p.exprs[r].value;
      // Texts order numerically or as text depending on the document value: no bounds from them.
      if (c.t == ir::type::string && o != ir::op::eq && o != ir::op::ne) continue;
      b = &seen[subject_key(p, l, c)];
      switch (o) {
        case ir::op::eq: b->only({c}); break;
        case ir::op::ne: b->excluded.push_back(c); break;
        case ir::op::lt: b->upper(c, false); break;
        case ir::op::le: b->upper(c, true); break;
        case ir::op::gt: b->lower(c, false); break;
        case ir::op::ge: b->lower(c, true); break;
        default: break;
      }
    } else if (e.kind == ir::expr_kind::in_range && !e.negate && is_const(e.children[1]) &&
               is_const(e.children[2]) && !is_const(e.children[0]) &&
               p.exprs[e.children[1]].value.t != ir::type::string) {
      const ir::constant& lo = p.exprs[e.children[1]].value;
      b = &seen[subject_key(p, e.children[0], lo)];
      b->lower(lo, true);
      b->upper(p.exprs[e.children[2]].value, true);
    } else if (e.kind == ir::expr_kind::in_set && !e.negate && !is_const(e.children[0])) {
      std::vector<ir::constant> set;
      bool constant_members = true;
      for (std::size_t k = 1; k < e.children.size(); ++k) {
        if (!is_const(e.children[k])) constant_members = false;
        else set.push_back(p.exprs[e.children[k]].value);
      }
      if (!constant_members || set.empty()) continue;
      b = &seen[subject_key(p, e.children[0], set.front())];
      b->only(set);
    } else {
      continue;
    }
    if (!b->satisfiable()) return i;
  }
  return std::nullopt;
}

}  // namespace stancheck::checker_detail
