// evaluate_expr.cpp — expression evaluation: operators, comparisons with implicit conversion of
// document text, membership, regular expressions, quantifiers, calls and evidence.
#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <cmath>

#include "evaluate.hpp"
#include "units.hpp"

namespace stancheck::eval {

namespace {

constexpr uint32_t max_depth = 2000;  // the checker bounds nesting at 200 per expression

std::string quoted(std::string_view s) {
  s = trim(s);
  if (s.size() > 60) return fmt::format("'{}…'", s.substr(0, 57));
  return fmt::format("'{}'", s);
}

int numeric_order(double a, double b) {
  double tol = 1e-12 * std::max(std::fabs(a), std::fabs(b));
  if (std::fabs(a - b) <= tol) return 0;
  return a < b ? -1 : 1;
}

bool apply(ir::op o, int c) {
  switch (o) {
    case ir::op::eq:
      return c == 0;
    case ir::op::ne:
      return c != 0;
    case ir::op::lt:
      return c < 0;
    case ir::op::le:
      return c <= 0;
    case ir::op::gt:
      return c > 0;
    case ir::op::ge:
      return c >= 0;
    default:
      return false;
  }
}

bool numeric(ir::type t) { return t == ir::type::number || t == ir::type::quantity; }

bool id_matches(std::string_view have, std::string_view want) {
  if (have == want) return true;
  if (have.size() <= want.size() || have.substr(have.size() - want.size()) != want) return false;
  char sep = have[have.size() - want.size() - 1];
  return sep == '.' || sep == '/';
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace

value evaluator::eval(ir::expr_id id, std::size_t limit) {
  const cpack& cp = plan_->pack(pack_);
  const ir::pack& pk = *cp.ir;
  if (id >= pk.exprs.size() || exhausted_ || !charge()) return {};
  if (++depth_ > max_depth) {
    --depth_;
    problem("expression nested too deeply to evaluate");
    return {};
  }
  value v;
  const uint32_t memo = id < cp.call_memo.size() ? cp.call_memo[id] : no_memo;
  if (memo != no_memo && record_problems_ && current_.elem && !current_.attr) {
    // A boolean predicate call on `.` alone: once per element and bundle (see cpack::call_memo).
    // Re-evaluation with assumed evidence gets its own entries (passed() differs there).
    const void* node = current_.elem;
    const uint32_t key = assume_evidence_ ? memo | 0x80000000u : memo;
    memo_slot& slot = memo_at(node, key);
    if (slot.node == node && slot.id == key && slot.generation == memo_generation_) {
      --depth_;
      return value::boolean(slot.truth);
    }
    const uint64_t effects = effects_;
    v = eval_expr(pk.exprs[id], limit);
    if (effects_ == effects && !exhausted_ && v.t == ir::type::boolean) {
      memo_slot& again = memo_at(node, key);  // the same slot (the table never moves)
      again = {node, key, memo_generation_, v.num != 0};
    }
  } else {
    v = eval_expr(pk.exprs[id], limit);
  }
  --depth_;
  return v;
}

bool evaluator::regex_match(const re2::RE2& re, std::string_view text) {
  auto partial = [&] {
    return re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), re);
  };
  if (text.size() > cached_text_max) return partial();
  if (regex_cache_.empty()) regex_cache_.resize(regex_cache_size);
  const std::size_t h = std::hash<std::string_view>{}(text) ^
                        (reinterpret_cast<std::uintptr_t>(&re) * 0x9E3779B97F4A7C15ull);
  regex_slot& slot = regex_cache_[(h ^ (h >> 17)) & (regex_cache_size - 1)];
  if (slot.re == &re && slot.hash == h && slot.text == text) return slot.result;
  const bool result = partial();
  slot.re = &re;
  slot.hash = h;
  slot.text.assign(text);
  slot.result = result;
  return result;
}

std::optional<evaluator::parsed_quantity> evaluator::quantity_of(std::string_view text) {
  auto parse = [&]() -> std::optional<parsed_quantity> {
    std::optional<ir::constant> c = units::parse_quantity(text);
    if (!c) return std::nullopt;
    return parsed_quantity{c->t, c->num, c->dim};
  };
  if (text.size() > cached_text_max) return parse();
  if (quantity_cache_.empty()) quantity_cache_.resize(quantity_cache_size);
  const std::size_t h = std::hash<std::string_view>{}(text);
  quantity_slot& slot = quantity_cache_[(h ^ (h >> 17)) & (quantity_cache_size - 1)];
  if (slot.used && slot.hash == h && slot.text == text) return slot.q;
  slot.q = parse();
  slot.used = true;
  slot.hash = h;
  slot.text.assign(text);
  return slot.q;
}

bool evaluator::convert(value& s, const value& like) {
  std::string_view text = s.str;
  if (like.t != ir::type::string && trim(text).empty())
    return false;  // an empty value: no problem, just false
  switch (like.t) {
    case ir::type::string:
      return true;
    case ir::type::version:
      if (trim(text).empty()) return false;
      s = value::version(trim(text));
      return true;
    case ir::type::boolean:
      if (auto b = parse_boolean(text)) {
        s = value::boolean(*b);
        return true;
      }
      problem(fmt::format("value {} is not a boolean", quoted(text)));
      return false;
    case ir::type::date:
      if (auto d = parse_date(text)) {
        s = value::date(*d);
        return true;
      }
      problem(fmt::format("value {} is not a date (YYYY-MM-DD)", quoted(text)));
      return false;
    case ir::type::number:
    case ir::type::quantity: {
      std::optional<parsed_quantity> q = quantity_of(text);
      bool want_unit = like.t == ir::type::quantity;
      if (!q) {
        problem(fmt::format("value {} is not {}", quoted(text), dimension_phrase(like.dim)));
        return false;
      }
      if (want_unit && q->t != ir::type::quantity) {
        problem(fmt::format("value {} has no unit (expected {})", quoted(text),
                            dimension_phrase(like.dim)));
        return false;
      }
      if (!(q->dim == like.dim)) {
        problem(fmt::format("value {} is not {}", quoted(text), dimension_phrase(like.dim)));
        return false;
      }
      s = value::quantity(q->num, q->dim);
      return true;
    }
    default:
      return false;
  }
}

bool evaluator::compare(ir::op o, value a, value b) {
  a = scalar(a);
  b = scalar(b);
  if (a.empty() || b.empty()) return false;
  if (a.t == ir::type::string && b.t == ir::type::string) {
    if (o == ir::op::eq) return a.str == b.str;
    if (o == ir::op::ne) return a.str != b.str;
    // Ordering two texts: as numbers or quantities when both read as such, else as text.
    auto qa = quantity_of(a.str), qb = quantity_of(b.str);
    if (qa && qb && qa->dim == qb->dim) return apply(o, numeric_order(qa->num, qb->num));
    int c = a.str.compare(b.str);
    return apply(o, c < 0 ? -1 : c > 0);
  }
  if (a.t == ir::type::string) {
    if (!convert(a, b)) return false;
  } else if (b.t == ir::type::string) {
    if (!convert(b, a)) return false;
  }
  if (a.t == ir::type::version || b.t == ir::type::version) {
    std::string_view sa = a.t == ir::type::version ? a.str : keep(format_scalar(a));
    std::string_view sb = b.t == ir::type::version ? b.str : keep(format_scalar(b));
    return apply(o, compare_versions(sa, sb));
  }
  if (numeric(a.t) && numeric(b.t)) {
    if (!(a.dim == b.dim)) return false;
    return apply(o, numeric_order(a.num, b.num));
  }
  if (a.t == b.t) return apply(o, numeric_order(a.num, b.num));  // dates, booleans
  return false;
}

value evaluator::arith(ir::op o, value a, value b) {
  a = scalar(a);
  b = scalar(b);
  if (a.empty() || b.empty()) return {};
  auto to_number = [&](value& v) {
    if (v.t != ir::type::string) return true;
    std::optional<parsed_quantity> q = quantity_of(v.str);
    if (!q) {
      problem(fmt::format("value {} is not a number", quoted(v.str)));
      return false;
    }
    v = value::quantity(q->num, q->dim);
    return true;
  };
  if (!to_number(a) || !to_number(b)) return {};
  constexpr double day = 86400;
  if (a.t == ir::type::date || b.t == ir::type::date) {
    if (a.t == ir::type::date && b.t == ir::type::date && o == ir::op::sub)
      return value::quantity((a.num - b.num) * day, units::time());
    auto days = [&](const value& v) { return v.t == ir::type::quantity ? v.num / day : v.num; };
    bool b_span = b.t == ir::type::number || (b.t == ir::type::quantity && b.dim == units::time());
    bool a_span = a.t == ir::type::number || (a.t == ir::type::quantity && a.dim == units::time());
    if (a.t == ir::type::date && b_span && o == ir::op::add)
      return value::date(std::floor(a.num + days(b)));
    if (a.t == ir::type::date && b_span && o == ir::op::sub)
      return value::date(std::floor(a.num - days(b)));
    if (b.t == ir::type::date && a_span && o == ir::op::add)
      return value::date(std::floor(b.num + days(a)));
    return {};
  }
  if (!numeric(a.t) || !numeric(b.t)) return {};
  switch (o) {
    case ir::op::add:
    case ir::op::sub:
      if (!(a.dim == b.dim)) return {};
      return value::quantity(o == ir::op::add ? a.num + b.num : a.num - b.num, a.dim);
    case ir::op::mul:
      return value::quantity(a.num * b.num, units::multiply(a.dim, b.dim));
    case ir::op::div:
      if (b.num == 0) {
        problem("division by zero");
        return {};
      }
      return value::quantity(a.num / b.num, units::divide(a.dim, b.dim));
    default:
      return {};
  }
}

const ir::table* evaluator::table_at(uint32_t pack, uint32_t table) const {
  if (pack >= plan_->pack_count()) return nullptr;
  const ir::pack& p = *plan_->pack(pack).ir;
  return table < p.tables.size() ? &p.tables[table] : nullptr;
}

const ir::constant* const* evaluator::numeric_key(uint32_t pack, uint32_t table, value x) {
  static const ir::constant* const none = nullptr;
  const ir::table* t = table_at(pack, table);
  const auto& m = plan_->pack(pack).numeric_tables[table];
  if (!t || m.empty()) return nullptr;  // not a numeric table: the caller scans
  value like;
  like.t = t->key_type;
  like.dim = t->key_dim;
  if (x.t == ir::type::string && !convert(x, like)) return &none;
  bool same =
      t->key_type == ir::type::date ? x.t == ir::type::date : (numeric(x.t) && x.dim == t->key_dim);
  if (!same) return &none;
  auto it = m.find(x.num);
  return it == m.end() ? &none : &it->second.first;
}

bool evaluator::in_table(uint32_t pack, uint32_t table, value x) {
  const ir::table* t = table_at(pack, table);
  x = scalar(x);
  if (!t || x.empty()) return false;
  if (t->key_type == ir::type::string) {
    std::string_view key = x.t == ir::type::string ? x.str : std::string_view(keep(text_of(x)));
    return plan_->pack(pack).string_tables[table].count(key) > 0;
  }
  if (const auto* hit = numeric_key(pack, table, x)) return *hit != nullptr;
  for (const ir::constant& k : t->keys)
    if (compare(ir::op::eq, x, from_constant(k))) return true;
  return false;
}

value evaluator::eval_expr(const ir::expr& x, std::size_t limit) {
  using ir::expr_kind;
  // Operands are scalars or truth values: their paths need only their first node.
  auto child = [&](std::size_t i) {
    return i < x.children.size() ? eval(x.children[i], 1) : value{};
  };
  switch (x.kind) {
    case expr_kind::constant:
      return from_constant(x.value);
    case expr_kind::path: {
      const cpack& cp = plan_->pack(pack_);
      return x.path_index < cp.paths.size() ? eval_path(cp.paths[x.path_index], limit) : value{};
    }
    case expr_kind::variable:
      return base_ + x.slot < slots_.size() ? slots_[base_ + x.slot] : value{};
    case expr_kind::call:
      return eval_call(x);
    case expr_kind::predicate:
      return eval_predicate_call(x, limit);
    case expr_kind::unary: {
      value v = child(0);
      if (x.oper == ir::op::not_) return value::boolean(!truthy(v));
      value zero = value::number(0);
      value r = arith(ir::op::sub, zero, v);
      return r;
    }
    case expr_kind::binary:
      switch (x.oper) {
        case ir::op::or_:
          return value::boolean(truthy(child(0)) || truthy(child(1)));
        case ir::op::and_:
          return value::boolean(truthy(child(0)) && truthy(child(1)));
        case ir::op::eq:
        case ir::op::ne:
        case ir::op::lt:
        case ir::op::le:
        case ir::op::gt:
        case ir::op::ge: {
          value a = child(0);
          value b = child(1);
          return value::boolean(compare(x.oper, a, b));
        }
        default: {
          value a = child(0);
          value b = child(1);
          return arith(x.oper, a, b);
        }
      }
    case expr_kind::in_set: {
      value v = scalar(child(0));
      if (v.empty()) return value::boolean(false);
      bool found = false;
      for (std::size_t i = 1; i < x.children.size() && !found; ++i)
        found = compare(ir::op::eq, v, eval(x.children[i], 1));
      return value::boolean(found != x.negate);
    }
    case expr_kind::in_range: {
      value v = scalar(child(0));
      if (v.empty()) return value::boolean(false);
      value lo = child(1);
      value hi = child(2);
      bool in = compare(ir::op::ge, v, lo) && compare(ir::op::le, v, hi);
      return value::boolean(in != x.negate);
    }
    case expr_kind::in_table: {
      value v = scalar(child(0));
      if (v.empty()) return value::boolean(false);
      return value::boolean(in_table(x.pack_index, x.index, v) != x.negate);
    }
    case expr_kind::matches: {
      value v = scalar(child(0));
      if (v.empty() || !x.regex) return value::boolean(false);
      std::string_view s = v.t == ir::type::string ? v.str : std::string_view(keep(text_of(v)));
      return value::boolean(regex_match(*x.regex, s));
    }
    case expr_kind::quantifier: {
      const cpack& cp = plan_->pack(pack_);
      if (x.path_index >= cp.paths.size()) return {};
      value set = eval_path(cp.paths[x.path_index]);
      bool all = x.oper == ir::op::all;
      if (set.t != ir::type::nodes) return value::boolean(all);
      std::size_t mark = nodes_.size();
      for (uint32_t i = 0; i < set.count; ++i) {
        value item;
        item.t = ir::type::nodes;
        item.first = set.first + i;
        item.count = 1;
        if (base_ + x.slot < slots_.size()) slots_[base_ + x.slot] = item;
        bool b = truthy(child(0));
        nodes_.resize(mark);
        if (exhausted_) return {};
        if (all && !b) return value::boolean(false);
        if (!all && b) return value::boolean(true);
      }
      return value::boolean(all);
    }
  }
  return {};
}

value evaluator::eval_predicate_call(const ir::expr& x, std::size_t limit) {
  if (x.pack_index >= plan_->pack_count()) return {};
  const ir::pack& owner = *plan_->pack(x.pack_index).ir;
  if (x.index >= owner.predicates.size()) return {};
  const ir::predicate& pred = owner.predicates[x.index];
  std::size_t frame = slots_.size();
  slots_.resize(frame + pred.slot_count);
  for (std::size_t i = 0; i < x.children.size() && i < pred.param_slots.size(); ++i) {
    value v = eval(x.children[i]);  // in the caller's frame
    if (pred.param_slots[i] < pred.slot_count) slots_[frame + pred.param_slots[i]] = v;
  }
  std::size_t saved_base = base_;
  uint32_t saved_pack = pack_;
  base_ = frame;
  pack_ = x.pack_index;
  value v = eval(pred.body, limit);
  base_ = saved_base;
  pack_ = saved_pack;
  slots_.resize(frame);
  return v;
}

value evaluator::eval_passed(const ir::expr& x) {
  if (x.children.empty()) return {};
  value idv = scalar(eval(x.children[0], 1));
  if (idv.empty()) return value::boolean(false);
  std::string_view id = idv.t == ir::type::string ? idv.str : std::string_view(keep(text_of(idv)));
  std::optional<double> max_age;  // days
  if (x.children.size() > 1) {
    value age = scalar(eval(x.children[1], 1));
    if (age.t == ir::type::string) {
      if (auto q = quantity_of(age.str)) age = value::quantity(q->num, q->dim);
    }
    if (age.t == ir::type::quantity)
      max_age = age.num / 86400;
    else if (age.t == ir::type::number)
      max_age = age.num;
  }
  bool mentioned = false;
  bool ok = false;
  if (tests_) {
    for (const test_case& t : *tests_) {
      if (!id_matches(t.id, id) && (t.name.empty() || !id_matches(t.name, id))) continue;
      mentioned = true;
      if (t.verdict != test_verdict::pass) continue;
      if (max_age) {
        if (t.date == INT32_MIN) continue;  // undated evidence cannot show that it is recent
        if (t.date < as_of_ - *max_age) continue;
      }
      ok = true;
      break;
    }
  }
  if (!mentioned) {
    ++effects_;
    missing_evidence_ = true;
    if (record_problems_ &&
        std::find(missing_tests_.begin(), missing_tests_.end(), id) == missing_tests_.end())
      missing_tests_.emplace_back(id);
    if (assume_evidence_) return value::boolean(true);
  }
  return value::boolean(ok);
}

value evaluator::eval_call(const ir::expr& x) {
  // Arguments are scalars, except count()'s node set.
  auto arg = [&](std::size_t i) {
    return i < x.children.size() ? eval(x.children[i], 1) : value{};
  };
  // The text of a scalar argument (false when it is empty).
  auto text = [&](std::size_t i, std::string_view& out) {
    value v = scalar(arg(i));
    if (v.empty()) return false;
    out = v.t == ir::type::string || v.t == ir::type::version
              ? v.str
              : std::string_view(keep(format_scalar(v)));
    return true;
  };
  switch (x.fn) {
    case ir::builtin::count: {
      value v = x.children.empty() ? value{} : eval(x.children[0]);
      return value::number(v.t == ir::type::nodes ? v.count : v.empty() ? 0 : 1);
    }
    case ir::builtin::exists:
    case ir::builtin::empty: {
      value v = arg(0);
      bool present = v.t == ir::type::nodes ? v.count > 0 : !v.empty();
      return value::boolean(x.fn == ir::builtin::exists ? present : !present);
    }
    case ir::builtin::string: {
      std::string_view s;
      return text(0, s) ? value::string(s) : value{};
    }
    case ir::builtin::number: {
      value v = scalar(arg(0));
      if (v.t == ir::type::string) {
        if (auto d = parse_number(v.str)) return value::number(*d);
        problem(fmt::format("value {} is not a number", quoted(v.str)));
        return {};
      }
      if (v.t == ir::type::version) {
        if (auto d = parse_number(v.str)) return value::number(*d);
        return {};
      }
      if (v.empty() || v.t == ir::type::nodes) return {};
      return value::number(v.num);
    }
    case ir::builtin::quantity: {
      value v = scalar(arg(0));
      if (v.t != ir::type::string) return numeric(v.t) ? v : value{};
      if (auto q = quantity_of(v.str)) return value::quantity(q->num, q->dim);
      problem(fmt::format("value {} is not a quantity", quoted(v.str)));
      return {};
    }
    case ir::builtin::date: {
      value v = scalar(arg(0));
      if (v.t == ir::type::date) return v;
      if (v.t != ir::type::string) return {};
      if (auto d = parse_date(v.str)) return value::date(*d);
      problem(fmt::format("value {} is not a date (YYYY-MM-DD)", quoted(v.str)));
      return {};
    }
    case ir::builtin::version: {
      std::string_view s;
      if (!text(0, s) || trim(s).empty()) return {};
      return value::version(trim(s));
    }
    case ir::builtin::lower:
    case ir::builtin::upper: {
      std::string_view s;
      if (!text(0, s)) return {};
      std::string r(s);
      for (char& c : r)
        if (x.fn == ir::builtin::lower ? (c >= 'A' && c <= 'Z') : (c >= 'a' && c <= 'z')) c ^= 0x20;
      return value::string(keep(std::move(r)));
    }
    case ir::builtin::trim: {
      std::string_view s;
      return text(0, s) ? value::string(trim(s)) : value{};
    }
    case ir::builtin::length: {
      std::string_view s;
      return text(0, s) ? value::number(static_cast<double>(utf8_length(s))) : value{};
    }
    case ir::builtin::starts_with:
    case ir::builtin::ends_with:
    case ir::builtin::contains: {
      std::string_view a, b;
      if (!text(0, a) || !text(1, b)) return value::boolean(false);
      if (x.fn == ir::builtin::starts_with) return value::boolean(a.starts_with(b));
      if (x.fn == ir::builtin::ends_with) return value::boolean(a.ends_with(b));
      return value::boolean(a.find(b) != std::string_view::npos);
    }
    case ir::builtin::lookup: {
      const ir::table* t = table_at(x.pack_index, x.index);
      value key = scalar(x.children.empty() ? value{} : eval(x.children.back(), 1));
      if (!t || key.empty()) return {};
      if (t->key_type == ir::type::string) {
        std::string_view k =
            key.t == ir::type::string ? key.str : std::string_view(keep(text_of(key)));
        const auto& m = plan_->pack(x.pack_index).string_tables[x.index];
        auto it = m.find(k);
        return it == m.end() ? value{} : from_constant(*it->second);
      }
      if (const auto* hit = numeric_key(x.pack_index, x.index, key)) {
        if (!*hit) return {};
        auto it = plan_->pack(x.pack_index).numeric_tables[x.index].find((*hit)->num);
        return it->second.second ? from_constant(*it->second.second) : value{};
      }
      for (const ir::constant& k : t->keys) {
        if (!compare(ir::op::eq, key, from_constant(k))) continue;
        auto it = t->entries.find(ir::canonical_key(k));
        return it == t->entries.end() ? value{} : from_constant(it->second);
      }
      return {};
    }
    case ir::builtin::today:
      return value::date(as_of_);
    case ir::builtin::days_between: {
      value a = scalar(arg(0)), b = scalar(arg(1));
      value like = value::date(0);
      if (a.t == ir::type::string && !convert(a, like)) return {};
      if (b.t == ir::type::string && !convert(b, like)) return {};
      if (a.t != ir::type::date || b.t != ir::type::date) return {};
      return value::number(b.num - a.num);
    }
    case ir::builtin::passed:
      return eval_passed(x);
  }
  return {};
}

}  // namespace stancheck::eval
