// check_sets.cpp — membership tests (`in {..}`, `in LOW .. HIGH`, `in TABLE`) and `matches`, whose
// regular expressions are compiled here with RE2 (linear time).
#include <re2/re2.h>

#include <fmt/format.h>

#include "check_detail.hpp"
#include "units.hpp"

namespace stancheck::checker_detail {

checked expr_checker::in_set(const ast::expr& x, int depth) {
  if (x.children.size() < 2) return {ir::no_expr, true};
  checked v = check(x.children[0], depth + 1);
  std::vector<checked> members;
  bool bad = v.error;
  for (std::size_t i = 1; i < x.children.size(); ++i) {
    members.push_back(check(x.children[i], depth + 1));
    bad |= members.back().error;
  }
  if (bad) return {ir::no_expr, true};
  const ir::expr* first = nullptr;
  for (const auto& m : members) {
    const ir::expr& me = at(m.id);
    if (me.result == ir::type::nodes) continue;
    if (!first) {
      first = &me;
      continue;
    }
    bool same = me.result == first->result &&
                (me.result != ir::type::quantity || me.any_dim || first->any_dim || me.dim == first->dim);
    if (!same) {
      const char* kind = me.result == first->result ? "unit mismatch" : "type mismatch";
      error(me.offset, fmt::format("{}: set members must all be alike, but this is {} and the first is {}", kind,
                                   describe(me), describe(*first)));
      return {ir::no_expr, true};
    }
  }
  if (first && !comparable(at(v.id), *first, first->offset, false)) return {ir::no_expr, true};
  bool negate = x.oper == ast::op::not_in;
  bool all_constant = is_constant(v.id);
  for (const auto& m : members) all_constant &= is_constant(m.id);
  if (all_constant) {
    bool found = false;
    for (const auto& m : members)
      if (auto eq = fold_binary(ir::op::eq, at(v.id).value, at(m.id).value); eq && eq->num != 0) found = true;
    return constant(make_bool(found != negate), x.offset);
  }
  ir::expr e;
  e.kind = ir::expr_kind::in_set;
  e.negate = negate;
  e.result = ir::type::boolean;
  e.offset = x.offset;
  e.children.push_back(v.id);
  for (const auto& m : members) e.children.push_back(m.id);
  return {add(std::move(e)), false};
}

checked expr_checker::in_range(const ast::expr& x, int depth) {
  if (x.children.size() != 3) return {ir::no_expr, true};
  checked v = check(x.children[0], depth + 1);
  checked lo = check(x.children[1], depth + 1);
  checked hi = check(x.children[2], depth + 1);
  if (v.error || lo.error || hi.error) return {ir::no_expr, true};
  const ir::expr& l = at(lo.id);
  const ir::expr& h = at(hi.id);
  for (const ir::expr* b : {&l, &h}) {
    if (b->result == ir::type::boolean) {
      error(b->offset, "type mismatch: booleans have no order, so they cannot bound a range");
      return {ir::no_expr, true};
    }
  }
  if (l.result == ir::type::quantity && h.result == ir::type::quantity && !l.any_dim && !h.any_dim &&
      l.dim != h.dim) {
    error(h.offset, fmt::format("unit mismatch: the range goes from {} to {}", describe(l), describe(h)));
    return {ir::no_expr, true};
  }
  if (!comparable(l, h, h.offset, true)) return {ir::no_expr, true};
  const ir::expr& bound = l.result == ir::type::nodes ? h : l;
  if (!comparable(at(v.id), bound, bound.offset, true)) return {ir::no_expr, true};
  bool negate = x.oper == ast::op::not_in;
  if (l.kind == ir::expr_kind::constant && h.kind == ir::expr_kind::constant &&
      compare_constants(l.value, h.value) > 0) {
    error(l.offset, fmt::format("empty range: {} is greater than {}", l.value.str, h.value.str));
    return {ir::no_expr, true};
  }
  if (is_constant(v.id) && l.kind == ir::expr_kind::constant && h.kind == ir::expr_kind::constant) {
    bool inside = compare_constants(at(v.id).value, l.value) >= 0 && compare_constants(at(v.id).value, h.value) <= 0;
    return constant(make_bool(inside != negate), x.offset);
  }
  ir::expr e;
  e.kind = ir::expr_kind::in_range;
  e.negate = negate;
  e.result = ir::type::boolean;
  e.offset = x.offset;
  e.children = {v.id, lo.id, hi.id};
  return {add(std::move(e)), false};
}

checked expr_checker::in_table(const ast::expr& x, int depth) {
  if (x.children.empty()) return {ir::no_expr, true};
  checked v = check(x.children[0], depth + 1);
  // The AST keeps no offset for the table name: find it after the `in` keyword.
  const std::string& text = state().source->text();
  uint32_t name_at = x.offset;
  for (std::size_t pos = text.find(x.text, x.offset); pos != std::string::npos && pos < std::size_t(x.offset) + 4096;
       pos = text.find(x.text, pos + 1)) {
    std::size_t k = pos;
    while (k > 0 && (text[k - 1] == ' ' || text[k - 1] == '\t' || text[k - 1] == '\n' || text[k - 1] == '\r')) --k;
    if (k < pos && k >= 2 && text.compare(k - 2, 2, "in") == 0) {
      name_at = static_cast<uint32_t>(pos);
      break;
    }
  }
  auto table = find_table(x.text, name_at);
  if (!table || v.error) return {ir::no_expr, true};
  const ir::table& t = table_at(*table);
  if (t.key_type != ir::type::empty) {
    ir::expr k;
    k.result = t.key_type;
    k.dim = t.key_dim;
    k.offset = name_at;
    if (!comparable(at(v.id), k, at(v.id).offset, false)) return {ir::no_expr, true};
  }
  bool negate = x.oper == ast::op::not_in;
  if (is_constant(v.id) && t.key_type != ir::type::empty) {
    bool found = t.entries.count(ir::canonical_key(at(v.id).value)) > 0;
    return constant(make_bool(found != negate), x.offset);
  }
  ir::expr e;
  e.kind = ir::expr_kind::in_table;
  e.negate = negate;
  e.index = table->index;
  e.pack_index = table->pack;
  e.result = ir::type::boolean;
  e.offset = x.offset;
  e.children = {v.id};
  return {add(std::move(e)), false};
}

checked expr_checker::matches(const ast::expr& x, int depth) {
  if (x.children.size() != 2) return {ir::no_expr, true};
  checked v = check(x.children[0], depth + 1);
  const ast::expr& p = node(x.children[1]);
  bool ok = !v.error;
  if (ok && at(v.id).result != ir::type::string && at(v.id).result != ir::type::nodes) {
    error(at(v.id).offset, fmt::format("type mismatch: `matches` needs a string or a path, got {}", describe(at(v.id))));
    ok = false;
  }
  if (p.kind != ast::expr_kind::string_lit) {
    error(p.offset, "the pattern of `matches` must be a string literal");
    return {ir::no_expr, true};
  }
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_shared<const RE2>(p.text, options);
  if (!re->ok()) {
    error(p.offset, fmt::format("invalid regular expression: {}", re->error()));
    return {ir::no_expr, true};
  }
  if (!ok) return {ir::no_expr, true};
  if (is_constant(v.id)) return constant(make_bool(RE2::PartialMatch(at(v.id).value.str, *re)), x.offset);
  ir::expr e;
  e.kind = ir::expr_kind::matches;
  e.regex = std::move(re);
  e.result = ir::type::boolean;
  e.offset = x.offset;
  e.children = {v.id};
  return {add(std::move(e)), false};
}

}  // namespace stancheck::checker_detail
