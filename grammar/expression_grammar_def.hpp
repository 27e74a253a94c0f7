// expression_grammar_def.hpp — the expression grammar: precedence levels, paths, literals.
//
// Semantic actions build nodes straight into the arena (`parse_state::add`). Precedence,
// lowest first: or; and; not; comparison / in / not in / matches; + -; * /; unary -; primary.
#pragma once

#include <boost/optional.hpp>

#include "expression_grammar.hpp"
#include "tokens.hpp"

namespace stancheck::grammar {

namespace detail {

inline ast::expr_id make_node(parse_state& st, ast::expr_kind kind, ast::op oper, uint32_t offset,
                              std::vector<ast::expr_id> children, std::string text = {}) {
  ast::expr e;
  e.kind = kind;
  e.oper = oper;
  e.offset = offset;
  e.children = std::move(children);
  e.text = std::move(text);
  return st.add(std::move(e));
}

inline std::vector<ast::expr_id> to_vector(boost::optional<std::vector<ast::expr_id>>&& v) {
  return v ? std::move(*v) : std::vector<ast::expr_id>{};
}
inline std::vector<ast::expr_id> to_vector(std::vector<ast::expr_id>&& v) { return std::move(v); }

/// The right-hand side of `in` / `not in` before the left operand is attached.
struct in_rhs {
  ast::expr_kind kind = ast::expr_kind::in_set;
  uint32_t offset = 0;
  std::vector<ast::expr_id> items;  // set members, or low and high
  ast::located_string table;
};

auto const set_val = [](auto& ctx) { x3::_val(ctx) = x3::_attr(ctx); };

template <ast::op O>
struct binary_action {
  template <class Ctx>
  void operator()(Ctx& ctx) const {
    parse_state& st = state_of(ctx);
    ast::expr_id left = x3::_val(ctx);
    x3::_val(ctx) =
        make_node(st, ast::expr_kind::binary, O, st.at(left).offset, {left, x3::_attr(ctx)});
  }
};

auto const binary_op_action = [](auto& ctx) {
  parse_state& st = state_of(ctx);
  auto& a = x3::_attr(ctx);
  ast::expr_id left = x3::_val(ctx);
  x3::_val(ctx) = make_node(st, ast::expr_kind::binary, boost::fusion::at_c<0>(a),
                            st.at(left).offset, {left, boost::fusion::at_c<1>(a)});
};

template <ast::op O>
struct prefix_action {
  template <class Ctx>
  void operator()(Ctx& ctx) const {
    parse_state& st = state_of(ctx);
    auto& a = x3::_attr(ctx);
    uint32_t offset = boost::fusion::at_c<0>(a);
    ast::expr_id operand = boost::fusion::at_c<1>(a);
    ast::expr& e = st.at(operand);
    if (O == ast::op::neg &&
        (e.kind == ast::expr_kind::number_lit || e.kind == ast::expr_kind::quantity_lit)) {
      e.number = -e.number;  // fold `-3` into the literal
      e.offset = offset;
      x3::_val(ctx) = operand;
      return;
    }
    x3::_val(ctx) = make_node(st, ast::expr_kind::unary, O, offset, {operand});
  }
};

template <ast::op O>
struct in_action {
  template <class Ctx>
  void operator()(Ctx& ctx) const {
    parse_state& st = state_of(ctx);
    in_rhs& r = x3::_attr(ctx);
    ast::expr_id left = x3::_val(ctx);
    std::vector<ast::expr_id> children{left};
    children.insert(children.end(), r.items.begin(), r.items.end());
    x3::_val(ctx) =
        make_node(st, r.kind, O, st.at(left).offset, std::move(children), std::move(r.table.text));
  }
};

auto const set_rhs_action = [](auto& ctx) {
  auto& a = x3::_attr(ctx);
  in_rhs& r = x3::_val(ctx);
  r.kind = ast::expr_kind::in_set;
  r.offset = boost::fusion::at_c<0>(a);
  r.items = to_vector(std::move(boost::fusion::at_c<1>(a)));
};

auto const range_or_table_action = [](auto& ctx) {
  parse_state& st = state_of(ctx);
  auto& a = x3::_attr(ctx);
  in_rhs& r = x3::_val(ctx);
  ast::expr_id low = boost::fusion::at_c<0>(a);
  auto& high = boost::fusion::at_c<1>(a);
  const ast::expr& e = st.at(low);
  r.offset = e.offset;
  if (high) {
    r.kind = ast::expr_kind::in_range;
    r.items = {low, *high};
    return;
  }
  // A bare name is a table: a one-step relative path without prefix or predicates.
  if (e.kind == ast::expr_kind::path && e.oper == ast::op::none && e.children.size() == 1) {
    const ast::expr& s = st.at(e.children[0]);
    if (s.kind == ast::expr_kind::step && s.oper == ast::op::child && s.children.empty() &&
        s.text.find_first_of(":*") == std::string::npos) {
      r.kind = ast::expr_kind::in_table;
      r.table = {s.text, s.offset};
      return;
    }
  }
  throw syntax_error{e.offset,
                     "expected a set '{...}', a range 'LOW .. HIGH' or a table name after 'in'"};
};

auto const matches_action = [](auto& ctx) {
  parse_state& st = state_of(ctx);
  ast::expr_id left = x3::_val(ctx);
  x3::_val(ctx) = make_node(st, ast::expr_kind::matches, ast::op::none, st.at(left).offset,
                            {left, x3::_attr(ctx)});
};

auto const quantifier_action = [](auto& ctx) {
  parse_state& st = state_of(ctx);
  auto& a = x3::_attr(ctx);
  quantifier_head h = boost::fusion::at_c<0>(a);
  x3::_val(ctx) = make_node(st, ast::expr_kind::quantifier, h.oper, h.offset,
                            {boost::fusion::at_c<2>(a), boost::fusion::at_c<3>(a)},
                            std::move(boost::fusion::at_c<1>(a).text));
};

auto const call_action = [](auto& ctx) {
  parse_state& st = state_of(ctx);
  auto& a = x3::_attr(ctx);
  ast::located_string& name = boost::fusion::at_c<0>(a);
  x3::_val(ctx) = make_node(st, ast::expr_kind::call, ast::op::none, name.offset,
                            to_vector(std::move(boost::fusion::at_c<1>(a))), std::move(name.text));
};

struct comparison_ops : x3::symbols<ast::op> {
  comparison_ops() {
    add("=", ast::op::eq)("!=", ast::op::ne)("<", ast::op::lt)("<=", ast::op::le)(">", ast::op::gt)(
        ">=", ast::op::ge);
  }
};
struct additive_ops : x3::symbols<ast::op> {
  additive_ops() { add("+", ast::op::add)("-", ast::op::sub); }
};
struct multiplicative_ops : x3::symbols<ast::op> {
  multiplicative_ops() { add("*", ast::op::mul)("/", ast::op::div); }
};

}  // namespace detail

expression_type const expression_rule = "expression";
path_type const path_rule = "path";

/// Paths are scanned by hand: steps are glued by '/' (no spaces), predicates recurse into
/// `expression_rule` with the same context.
struct path_parser : x3::parser<path_parser> {
  using attribute_type = ast::expr_id;
  static bool const has_attribute = true;

  template <class Ctx>
  static bool step(parse_state& st, Ctx const& ctx, const char*& p, bool descendant,
                   ast::expr_id& out) {
    const char* end = st.end;
    if (p >= end) return false;
    ast::expr s;
    s.kind = ast::expr_kind::step;
    s.offset = st.offset(p);
    s.oper = descendant ? ast::op::descendant : ast::op::child;
    const char* q = p;
    auto qname = [&](const char*& r, std::string& text) {
      if (r >= end || !is_name_start(*r)) return false;
      const char* b = r;
      while (r < end && is_name_char(*r)) ++r;
      if (r + 1 < end && *r == ':' && is_name_start(r[1])) {
        r += 2;
        while (r < end && is_name_char(*r)) ++r;
      }
      text.assign(b, r);
      return true;
    };
    if (*q == '@') {
      if (descendant) return false;
      ++q;
      s.oper = ast::op::attribute;
      s.text = "@";
      std::string name;
      if (q < end && *q == '*') {
        name = "*";
        ++q;
      } else if (!qname(q, name)) {
        st.fail_expected(q, "an attribute name or '*' after '@'");
      }
      s.text += name;
    } else if (*q == '.') {
      if (descendant) return false;
      bool parent = q + 1 < end && q[1] == '.';
      s.oper = parent ? ast::op::parent : ast::op::self;
      s.text = parent ? ".." : ".";
      q += parent ? 2 : 1;
    } else if (*q == '*') {
      s.text = "*";
      ++q;
    } else {
      if (!qname(q, s.text)) return false;
      if (is_reserved_in_expr(s.text)) return false;
    }
    for (;;) {  // predicates
      const char* r = q;
      x3::skip_over(r, end, ctx);
      if (r >= end || *r != '[') break;
      uint32_t open = st.offset(r);
      ++r;
      ast::expr_id pred = ast::no_expr;
      if (!expression_rule.parse(r, end, ctx, x3::unused, pred)) {
        x3::skip_over(r, end, ctx);
        st.fail_expected(r, "an expression in the predicate");
      }
      x3::skip_over(r, end, ctx);
      if (r >= end || *r != ']')
        st.fail_expected(r, fmt::format("']' to close the predicate opened at {}", st.where(open)));
      s.children.push_back(pred);
      q = r + 1;
    }
    p = q;
    out = st.add(std::move(s));
    return true;
  }

  template <class It, class Ctx, class RCtx, class Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    parse_state& st = detail::state_of(ctx);
    const char* p = first;
    ast::expr path;
    path.kind = ast::expr_kind::path;
    path.offset = st.offset(p);
    ast::expr_id id = ast::no_expr;
    if (p < last && *p == '$') {
      ast::located_string v;
      lex_variable(st, p, v);
      id = detail::make_node(st, ast::expr_kind::variable, ast::op::none, v.offset, {},
                             std::move(v.text));
      path.children.push_back(id);
    } else if (p < last && *p == '/') {
      path.oper = ast::op::root;
      bool desc = p + 1 < last && p[1] == '/';
      p += desc ? 2 : 1;
      if (!step(st, ctx, p, desc, id))
        st.fail_expected(p, desc ? "an element name or '*' after '//'" : "a path step after '/'");
      path.children.push_back(id);
    } else {
      if (!step(st, ctx, p, false, id)) return false;
      path.children.push_back(id);
    }
    while (p < last && *p == '/') {
      bool desc = p + 1 < last && p[1] == '/';
      const char* s = p + (desc ? 2 : 1);
      if (!step(st, ctx, s, desc, id)) {
        if (desc) st.fail_expected(s, "an element name or '*' after '//'");
        break;  // not a step: a division such as `$v/2`
      }
      path.children.push_back(id);
      p = s;
    }
    first = p;
    if (path.children.size() == 1 && st.at(path.children[0]).kind == ast::expr_kind::variable) {
      detail::assign_attr(attr, path.children[0]);
    } else {
      detail::assign_attr(attr, st.add(std::move(path)));
    }
    return true;
  }
};

namespace expression_rules {
using detail::set_val;
x3::rule<struct or_class, ast::expr_id> const or_expr = "expression";
x3::rule<struct and_class, ast::expr_id> const and_expr = "expression";
x3::rule<struct not_class, ast::expr_id> const not_expr = "expression";
x3::rule<struct comparison_class, ast::expr_id> const comparison = "expression";
x3::rule<struct in_rhs_class, detail::in_rhs> const in_rhs = "in";
x3::rule<struct additive_class, ast::expr_id> const additive = "expression";
x3::rule<struct multiplicative_class, ast::expr_id> const multiplicative = "expression";
x3::rule<struct unary_class, ast::expr_id> const unary = "expression";
x3::rule<struct primary_class, ast::expr_id> const primary = "expression";

detail::comparison_ops const comparison_op;
detail::additive_ops const additive_op;
detail::multiplicative_ops const multiplicative_op;

constexpr const char* in_what = "a set '{...}', a range 'LOW .. HIGH' or a table name after 'in'";

auto const expression_rule_def = nest[or_expr];
auto const path_rule_def = path_parser{};

auto const or_expr_def =
    and_expr[set_val] >>
    *((kw("or") >>
       expect("an expression after 'or'")[and_expr])[detail::binary_action<ast::op::or_>{}]);
auto const and_expr_def =
    not_expr[set_val] >>
    *((kw("and") >>
       expect("an expression after 'and'")[not_expr])[detail::binary_action<ast::op::and_>{}]);
auto const not_expr_def =
    (pos >> kw("not") >>
     expect("an expression after 'not'")[nest[not_expr]])[detail::prefix_action<ast::op::not_>{}] |
    comparison[set_val];
auto const comparison_def =
    additive[set_val] >>
    -((comparison_op >> expect("a value to compare with")[additive])[detail::binary_op_action] |
      (kw("in") >> expect(in_what)[in_rhs])[detail::in_action<ast::op::in>{}] |
      (kw("not") >> kw("in") >> expect(in_what)[in_rhs])[detail::in_action<ast::op::not_in>{}] |
      (kw("matches") >>
       expect(
           "a regular expression (a string) after 'matches'")[regex_tok])[detail::matches_action]);
auto const in_rhs_def =
    (pos >>
     enclosed('{', '}', "set")[-(expression_rule % ',') >> -x3::lit(',')])[detail::set_rhs_action] |
    (additive >>
     -(x3::lit("..") >>
       expect("the upper bound of the range after '..'")[additive]))[detail::range_or_table_action];
auto const additive_def =
    multiplicative[set_val] >>
    *((additive_op >>
       expect("an expression after the operator")[multiplicative])[detail::binary_op_action]);
auto const multiplicative_def =
    unary[set_val] >>
    *((multiplicative_op >>
       expect("an expression after the operator")[unary])[detail::binary_op_action]);
auto const unary_def =
    (pos >> x3::lit('-') >>
     expect("an expression after '-'")[nest[unary]])[detail::prefix_action<ast::op::neg>{}] |
    primary[set_val];
auto const quantifier =
    (quantifier_tok >> expect("a variable after 'all' or 'any'")[var_tok] >>
     expect("'in' after the quantifier's variable")[kw("in")] >>
     expect("a path to range over")[path_rule] >>
     expect("':' before the quantifier's condition")[x3::lit(':')] >>
     expect("a condition after ':'")[expression_rule])[detail::quantifier_action];
auto const call =
    (call_name_tok >>
     enclosed('(', ')', "argument list")[-(expression_rule % ',')])[detail::call_action];
auto const primary_def =
    literal_tok[set_val] | quantifier | call | path_rule[set_val] |
    enclosed('(', ')', "parenthesis")[expect("an expression after '('")[expression_rule]][set_val];

BOOST_SPIRIT_DEFINE(or_expr, and_expr, not_expr, comparison, in_rhs, additive, multiplicative,
                    unary, primary)
}  // namespace expression_rules

using expression_rules::expression_rule_def;
using expression_rules::path_rule_def;
BOOST_SPIRIT_DEFINE(expression_rule, path_rule)

}  // namespace stancheck::grammar
