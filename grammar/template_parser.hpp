// template_parser.hpp — X3 parser for message/fix strings with `{expr}` interpolation.
//
// `{{` and `}}` are literal braces; other escapes are those of plain strings. Interpolated
// expressions are parsed by the expression grammar with the caller's context, so their nodes
// carry offsets into the original source.
#pragma once

#include "expression_grammar.hpp"
#include "tokens.hpp"

namespace stancheck::grammar {

struct template_value {
  uint32_t offset = 0;  // of the opening quote
  std::vector<ast::template_part> parts;
};

struct template_parser : x3::parser<template_parser> {
  using attribute_type = template_value;
  static bool const has_attribute = true;

  template <class It, class Ctx, class RCtx, class Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    if (first == last || *first != '"') return false;
    parse_state& st = detail::state_of(ctx);
    template_value v;
    v.offset = st.offset(first);
    const char* q = first + 1;
    std::string text;
    uint32_t text_offset = 0;
    auto mark = [&] {
      if (text.empty()) text_offset = st.offset(q);
    };
    auto flush = [&] {
      if (!text.empty()) v.parts.push_back({false, std::move(text), ast::no_expr, text_offset});
      text.clear();
    };
    for (;;) {
      if (q >= last || *q == '\n')
        st.fail(first, "unterminated string: missing closing '\"' on this line");
      char c = *q;
      if (c == '"') break;
      if (c == '\\') {
        mark();
        lex_escape(st, q, text);
      } else if ((c == '{' || c == '}') && q + 1 < last && q[1] == c) {
        mark();
        text += c;
        q += 2;
      } else if (c == '{') {
        flush();
        uint32_t open = st.offset(q);
        const char* r = q + 1;
        ast::expr_id e = ast::no_expr;
        if (!expression().parse(r, last, ctx, x3::unused, e)) {
          x3::skip_over(r, last, ctx);
          st.fail_expected(r, "an expression after '{' (write '{{' for a literal brace)");
        }
        x3::skip_over(r, last, ctx);
        if (r >= last || *r != '}')
          st.fail_expected(
              r, fmt::format("'}}' to close the interpolation opened at {}", st.where(open)));
        v.parts.push_back({true, {}, e, open});
        q = r + 1;
      } else if (c == '}') {
        st.fail(q, "a single '}' in a message must be written '}}'");
      } else {
        mark();
        const char* run = q;
        while (q < last && *q != '"' && *q != '\\' && *q != '{' && *q != '}' && *q != '\n') ++q;
        text.append(run, q);
      }
    }
    flush();
    first = q + 1;
    detail::assign_attr(attr, std::move(v));
    return true;
  }
};

inline constexpr template_parser template_tok{};

}  // namespace stancheck::grammar
