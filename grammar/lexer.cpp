// lexer.cpp — token scanners: linear-time, no backtracking beyond one token.
#include "lexer.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstring>

namespace stancheck::grammar {
namespace {

bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }

/// Length of a unit's first character at `p` (ASCII letter, %, or µ ° Ω μ in UTF-8), or 0.
int unit_start_length(const char* p, const char* end) {
  if (p >= end) return 0;
  if (is_alpha(*p) || *p == '%') return 1;
  if (end - p >= 2) {
    auto a = static_cast<unsigned char>(p[0]), b = static_cast<unsigned char>(p[1]);
    if (a == 0xC2 && (b == 0xB5 || b == 0xB0)) return 2;  // µ (micro sign), °
    if (a == 0xCE && (b == 0xA9 || b == 0xBC)) return 2;  // Ω, μ (Greek mu)
  }
  return 0;
}

/// One unit word: a start character then `[A-Za-z0-9]*`; returns its end or nullptr.
const char* scan_unit_word(const char* p, const char* end) {
  int n = unit_start_length(p, end);
  if (n == 0) return nullptr;
  p += n;
  while (p < end && is_alnum(*p)) ++p;
  return p;
}

/// A unit after a number (spaces and tabs allowed in between), never a keyword.
bool scan_unit(const char*& p, const char* end, std::string& unit) {
  const char* q = p;
  while (q < end && (*q == ' ' || *q == '\t')) ++q;
  const char* w = scan_unit_word(q, end);
  if (!w) return false;
  if (w < end && (*w == '_' || *w == '(' || *w == '-')) return false;
  if (is_keyword(std::string_view(q, static_cast<std::size_t>(w - q)))) return false;
  if (w < end && *w == '/') {
    if (const char* w2 = scan_unit_word(w + 1, end)) w = w2;
  }
  unit.assign(q, w);
  p = w;
  return true;
}

bool scan_digits(const char*& p, const char* end) {
  const char* q = p;
  while (q < end && is_digit(*q)) ++q;
  if (q == p) return false;
  p = q;
  return true;
}

}  // namespace

bool lex_name(const parse_state& st, const char*& p, ast::located_string& out) {
  const char* end = st.end;
  if (p >= end || !is_name_start(*p)) return false;
  const char* q = p + 1;
  while (q < end && is_name_char(*q)) ++q;
  out.text.assign(p, q);
  out.offset = st.offset(p);
  p = q;
  return true;
}

bool lex_call_name(const parse_state& st, const char*& p, ast::located_string& out) {
  const char* end = st.end;
  if (p >= end || !is_name_start(*p)) return false;
  const char* q = p + 1;
  while (q < end && is_name_char(*q)) ++q;
  if (skip_space(q, end) == end || *skip_space(q, end) != '(') return false;
  out.text.assign(p, q);
  out.offset = st.offset(p);
  p = q;
  return true;
}

bool lex_variable(const parse_state& st, const char*& p, ast::located_string& out) {
  const char* end = st.end;
  if (p >= end || *p != '$') return false;
  const char* q = p + 1;
  if (q >= end || !is_name_start(*q)) st.fail_expected(q, "a variable name after '$'");
  while (q < end && (is_name_start(*q) || is_digit(*q))) ++q;
  out.text.assign(p + 1, q);
  out.offset = st.offset(p);
  p = q;
  return true;
}

bool lex_keyword(const char*& p, const char* end, std::string_view word) {
  if (static_cast<std::size_t>(end - p) < word.size() || *p != word[0]) return false;
  if (std::memcmp(p, word.data(), word.size()) != 0) return false;
  const char* q = p + word.size();
  if (q < end && is_name_char(*q)) return false;
  p = q;
  return true;
}

void lex_escape(const parse_state& st, const char*& q, std::string& out) {
  char c = q + 1 < st.end ? q[1] : '\0';
  switch (c) {
    case '"':
      out += '"';
      break;
    case '\\':
      out += '\\';
      break;
    case 'n':
      out += '\n';
      break;
    case 't':
      out += '\t';
      break;
    default:
      st.fail(q, "unknown escape in string: use \\\", \\\\, \\n or \\t");
  }
  q += 2;
}

bool lex_string(const parse_state& st, const char*& p, ast::located_string& out) {
  const char* end = st.end;
  if (p >= end || *p != '"') return false;
  const char* q = p + 1;
  out.text.clear();
  for (;;) {
    const char* run = q;
    while (q < end && *q != '"' && *q != '\\' && *q != '\n') ++q;
    out.text.append(run, q);
    if (q >= end || *q == '\n')
      st.fail(p, "unterminated string: missing closing '\"' on this line");
    if (*q == '"') break;
    lex_escape(st, q, out.text);
  }
  out.offset = st.offset(p);
  p = q + 1;
  return true;
}

bool lex_date(const parse_state& st, const char*& p, ast::located_string& out) {
  const char* end = st.end;
  if (end - p < 10) return false;
  for (int i = 0; i < 10; ++i) {
    bool ok = (i == 4 || i == 7) ? p[i] == '-' : is_digit(p[i]);
    if (!ok) return false;
  }
  if (p + 10 < end && (is_name_char(p[10]) && p[10] != '.')) return false;
  out.text.assign(
      std::string_view(p, 10));  // (p, p + 10) trips a g++ 12 -O3 -Wrestrict false positive
  out.offset = st.offset(p);
  p += 10;
  return true;
}

bool lex_edition(const parse_state& st, const char*& p, ast::located_string& out) {
  if (lex_string(st, p, out)) return true;
  const char* q = p;
  while (q < st.end && is_name_char(*q)) ++q;
  if (q == p) return false;
  out.text.assign(p, q);
  out.offset = st.offset(p);
  p = q;
  return true;
}

bool lex_target(const parse_state& st, const char*& p, ast::located_string& out) {
  const char* end = st.end;
  if (p < end && *p == '*') {
    out.text.assign(1, '*');  // `= "*"` trips the same g++ 12 -O3 -Wrestrict false positive
    out.offset = st.offset(p);
    ++p;
    return true;
  }
  if (!lex_name(st, p, out)) return false;
  if (p < end && *p == '*') {
    out.text += '*';
    ++p;
  }
  return true;
}

bool lex_uint(const parse_state& st, const char*& p, uint32_t& out) {
  const char* q = p;
  if (!scan_digits(q, st.end)) return false;
  auto r = std::from_chars(p, q, out);
  if (r.ec != std::errc{}) st.fail(p, "number too large");
  if (q < st.end && is_name_char(*q)) return false;
  p = q;
  return true;
}

bool lex_literal(parse_state& st, const char*& p, literal_mode mode, ast::expr_id& out) {
  const char* end = st.end;
  if (p >= end) return false;
  ast::expr e;
  e.offset = st.offset(p);
  ast::located_string s;
  if (lex_string(st, p, s)) {
    e.kind = ast::expr_kind::string_lit;
    e.text = std::move(s.text);
    out = st.add(std::move(e));
    return true;
  }
  if (mode == literal_mode::string_only) return false;
  const char* q = p;
  if (lex_keyword(q, end, "true") || lex_keyword(q, end, "false")) {
    e.kind = ast::expr_kind::bool_lit;
    e.number = *p == 't' ? 1 : 0;
    p = q;
    out = st.add(std::move(e));
    return true;
  }
  if (lex_date(st, p, s)) {
    e.kind = ast::expr_kind::date_lit;
    e.text = std::move(s.text);
    out = st.add(std::move(e));
    return true;
  }
  // number: -? digits ('.' digits)? ([eE] [+-]? digits)?
  q = p;
  if (mode == literal_mode::table && q < end && *q == '-') ++q;
  const char* digits = q;
  if (!scan_digits(q, end)) return false;
  if (q + 1 < end && *q == '.' && is_digit(q[1])) {
    ++q;
    scan_digits(q, end);
  }
  if (q < end && (*q == 'e' || *q == 'E')) {
    const char* r = q + 1;
    if (r < end && (*r == '+' || *r == '-')) ++r;
    if (scan_digits(r, end)) q = r;
  }
  (void)digits;
  auto res = std::from_chars(p, q, e.number);
  if (res.ec != std::errc{} || res.ptr != q) st.fail(p, "number out of range");
  e.kind = ast::expr_kind::number_lit;
  if (scan_unit(q, end, e.text)) e.kind = ast::expr_kind::quantity_lit;
  p = q;
  out = st.add(std::move(e));
  return true;
}

}  // namespace stancheck::grammar
