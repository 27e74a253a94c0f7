// tokens.hpp — X3 token parsers and directives: thin wrappers around lexer.hpp.
//
// Token parsers pre-skip, record byte offsets and synthesise located strings or arena ids.
// Directives: expect(what)[p] turns a failure into a located "expected ..." error,
// nest[p] bounds recursion, enclosed(open, close, what)[p] reports the unclosed bracket.
#pragma once

#include <fmt/format.h>

#include <type_traits>

#include "config.hpp"
#include "lexer.hpp"

namespace stancheck::grammar {

namespace detail {

template <class A, class V>
void assign_attr(A& attr, V&& value) {
  if constexpr (!std::is_same_v<std::remove_const_t<A>, x3::unused_type>)
    attr = std::forward<V>(value);
}

template <class Ctx>
parse_state& state_of(Ctx const& ctx) {
  return x3::get<state_tag>(ctx);
}

/// Base for token parsers: pre-skip, call `Derived::scan(state, p, value)`, assign.
template <class Derived, class Value>
struct token_parser : x3::parser<Derived> {
  using attribute_type = Value;
  static bool const has_attribute = true;
  template <class It, class Ctx, class RCtx, class Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    parse_state& st = state_of(ctx);
    const char* p = first;
    Value v{};
    if (!static_cast<Derived const&>(*this).scan(st, p, v)) return false;
    first = p;
    assign_attr(attr, std::move(v));
    return true;
  }
};

}  // namespace detail

/// The offset of the next token (after skipping); consumes nothing.
struct pos_parser : detail::token_parser<pos_parser, uint32_t> {
  bool scan(parse_state& st, const char*& p, uint32_t& v) const {
    v = st.offset(p);
    return true;
  }
};

struct keyword_parser : x3::parser<keyword_parser> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;
  std::string_view word;
  constexpr explicit keyword_parser(std::string_view w) : word(w) {}
  template <class It, class Ctx, class RCtx, class Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr&) const {
    x3::skip_over(first, last, ctx);
    return lex_keyword(first, last, word);
  }
};

struct name_parser : detail::token_parser<name_parser, ast::located_string> {
  bool scan(parse_state& st, const char*& p, ast::located_string& v) const {
    return lex_name(st, p, v);
  }
};
struct call_name_parser : detail::token_parser<call_name_parser, ast::located_string> {
  bool scan(parse_state& st, const char*& p, ast::located_string& v) const {
    return lex_call_name(st, p, v);
  }
};
struct variable_parser : detail::token_parser<variable_parser, ast::located_string> {
  bool scan(parse_state& st, const char*& p, ast::located_string& v) const {
    return lex_variable(st, p, v);
  }
};
struct string_parser : detail::token_parser<string_parser, ast::located_string> {
  bool scan(parse_state& st, const char*& p, ast::located_string& v) const {
    return lex_string(st, p, v);
  }
};
struct date_parser : detail::token_parser<date_parser, ast::located_string> {
  bool scan(parse_state& st, const char*& p, ast::located_string& v) const {
    return lex_date(st, p, v);
  }
};
struct edition_parser : detail::token_parser<edition_parser, ast::located_string> {
  bool scan(parse_state& st, const char*& p, ast::located_string& v) const {
    return lex_edition(st, p, v);
  }
};
struct target_parser : detail::token_parser<target_parser, ast::located_string> {
  bool scan(parse_state& st, const char*& p, ast::located_string& v) const {
    return lex_target(st, p, v);
  }
};
struct uint_parser : detail::token_parser<uint_parser, uint32_t> {
  bool scan(parse_state& st, const char*& p, uint32_t& v) const { return lex_uint(st, p, v); }
};
struct literal_parser : detail::token_parser<literal_parser, ast::expr_id> {
  literal_mode mode;
  constexpr explicit literal_parser(literal_mode m) : mode(m) {}
  bool scan(parse_state& st, const char*& p, ast::expr_id& v) const {
    return lex_literal(st, p, mode, v);
  }
};

/// `all` or `any` directly followed by a `$variable`: the head of a quantifier.
struct quantifier_head {
  ast::op oper = ast::op::all;
  uint32_t offset = 0;
};
struct quantifier_parser : detail::token_parser<quantifier_parser, quantifier_head> {
  bool scan(parse_state& st, const char*& p, quantifier_head& v) const {
    const char* q = p;
    bool all = lex_keyword(q, st.end, "all");
    if (!all && !lex_keyword(q, st.end, "any")) return false;
    const char* r = skip_space(q, st.end);
    if (r >= st.end || *r != '$') return false;
    v = {all ? ast::op::all : ast::op::any, st.offset(p)};
    p = q;
    return true;
  }
};

/// Fails the whole parse with "expected WHAT, found ..." when the subject does not match.
template <class Subject>
struct expect_directive : x3::unary_parser<Subject, expect_directive<Subject>> {
  using base_type = x3::unary_parser<Subject, expect_directive<Subject>>;
  static bool const is_pass_through_unary = true;
  const char* what;
  constexpr expect_directive(Subject const& s, const char* w) : base_type(s), what(w) {}
  template <class It, class Ctx, class RCtx, class Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx& rctx, Attr& attr) const {
    if (this->subject.parse(first, last, ctx, rctx, attr)) return true;
    It at = first;
    x3::skip_over(at, last, ctx);
    detail::state_of(ctx).fail_expected(at, what);
  }
};
struct expect_gen {
  const char* what;
  template <class S>
  constexpr expect_directive<typename x3::extension::as_parser<S>::value_type> operator[](
      S const& s) const {
    return {x3::as_parser(s), what};
  }
};
constexpr expect_gen expect(const char* what) { return {what}; }

/// Counts one level of syntactic nesting around the subject; too deep is an error.
template <class Subject>
struct nest_directive : x3::unary_parser<Subject, nest_directive<Subject>> {
  using base_type = x3::unary_parser<Subject, nest_directive<Subject>>;
  static bool const is_pass_through_unary = true;
  constexpr explicit nest_directive(Subject const& s) : base_type(s) {}
  template <class It, class Ctx, class RCtx, class Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx& rctx, Attr& attr) const {
    parse_state& st = detail::state_of(ctx);
    if (st.depth >= max_nesting || st.stack_exhausted()) {
      It at = first;
      x3::skip_over(at, last, ctx);
      st.fail(at, st.depth >= max_nesting ? "expression nested deeper than 200 levels"
                                          : "expression nested too deeply for the parser's stack");
    }
    struct guard {
      int& d;
      ~guard() { --d; }
    } g{++st.depth};
    return this->subject.parse(first, last, ctx, rctx, attr);
  }
};
struct nest_gen {
  template <class S>
  constexpr nest_directive<typename x3::extension::as_parser<S>::value_type> operator[](
      S const& s) const {
    return nest_directive<typename x3::extension::as_parser<S>::value_type>{x3::as_parser(s)};
  }
};
constexpr nest_gen nest{};

/// `open subject close`; a missing `close` names the bracket it should close and where.
template <class Subject>
struct enclosed_directive : x3::unary_parser<Subject, enclosed_directive<Subject>> {
  using base_type = x3::unary_parser<Subject, enclosed_directive<Subject>>;
  static bool const is_pass_through_unary = true;
  char open, close;
  const char* what;
  constexpr enclosed_directive(Subject const& s, char o, char c, const char* w)
      : base_type(s), open(o), close(c), what(w) {}
  template <class It, class Ctx, class RCtx, class Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx& rctx, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    if (first == last || *first != open) return false;
    parse_state& st = detail::state_of(ctx);
    uint32_t at_open = st.offset(first);
    It p = first + 1;
    if (!this->subject.parse(p, last, ctx, rctx, attr)) return false;
    x3::skip_over(p, last, ctx);
    if (p == last || *p != close)
      st.fail_expected(
          p, fmt::format("'{}' to close the {} opened at {}", close, what, st.where(at_open)));
    first = p + 1;
    return true;
  }
};
struct enclosed_gen {
  char open, close;
  const char* what;
  template <class S>
  constexpr enclosed_directive<typename x3::extension::as_parser<S>::value_type> operator[](
      S const& s) const {
    return {x3::as_parser(s), open, close, what};
  }
};
constexpr enclosed_gen enclosed(char open, char close, const char* what) {
  return {open, close, what};
}

inline constexpr pos_parser pos{};
inline constexpr name_parser name_tok{};
inline constexpr variable_parser var_tok{};
inline constexpr call_name_parser call_name_tok{};
inline constexpr string_parser string_tok{};
inline constexpr date_parser date_tok{};
inline constexpr edition_parser edition_tok{};
inline constexpr target_parser target_tok{};
inline constexpr uint_parser uint_tok{};
inline constexpr quantifier_parser quantifier_tok{};
inline constexpr literal_parser literal_tok{literal_mode::expression};
inline constexpr literal_parser table_literal_tok{literal_mode::table};
inline constexpr literal_parser regex_tok{literal_mode::string_only};
constexpr keyword_parser kw(std::string_view w) { return keyword_parser{w}; }

}  // namespace stancheck::grammar
