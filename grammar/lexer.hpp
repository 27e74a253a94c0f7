// lexer.hpp — hand-written token scanners (names, strings, numbers, quantities, dates).
//
// Spirit-free and non-template: the X3 token parsers in tokens.hpp are thin wrappers around
// these. Each scanner starts at `p` (already past whitespace), advances `p` past the token and
// returns true, or leaves `p` alone and returns false. Malformed tokens (bad escape,
// unterminated string, number out of range) throw `syntax_error`.
#pragma once

#include <string>

#include "ast.hpp"
#include "parse_state.hpp"

namespace stancheck::grammar {

/// `[A-Za-z_][A-Za-z0-9_.-]*` (pack, rule, table, predicate and profile names, severities).
bool lex_name(const parse_state& st, const char*& p, ast::located_string& out);
/// A name directly followed (after optional whitespace) by `(`; the `(` is not consumed.
bool lex_call_name(const parse_state& st, const char*& p, ast::located_string& out);
/// `$name`; `out.text` is the name without `$`, `out.offset` the `$`.
bool lex_variable(const parse_state& st, const char*& p, ast::located_string& out);
/// A keyword: the word followed by a non-name character.
bool lex_keyword(const char*& p, const char* end, std::string_view word);
/// A backslash escape at `q` (`\"`, `\\`, `\n`, `\t`): appends the character, skips both.
void lex_escape(const parse_state& st, const char*& q, std::string& out);
/// A `"..."` string, decoded; `out.offset` is the opening quote.
bool lex_string(const parse_state& st, const char*& p, ast::located_string& out);
/// `YYYY-MM-DD` not followed by a name character.
bool lex_date(const parse_state& st, const char*& p, ast::located_string& out);
/// An edition: a string, or a run of name characters (`8`, `A`, `3.1`).
bool lex_edition(const parse_state& st, const char*& p, ast::located_string& out);
/// A profile target: `*`, or a name optionally ending in `*`.
bool lex_target(const parse_state& st, const char*& p, ast::located_string& out);
/// An unsigned decimal integer that fits 32 bits.
bool lex_uint(const parse_state& st, const char*& p, uint32_t& out);

enum class literal_mode { expression, table, string_only };
/// A literal node: string, `true`/`false`, date, number or quantity (a number followed by a
/// unit). In `table` mode a leading `-` is part of a number.
bool lex_literal(parse_state& st, const char*& p, literal_mode mode, ast::expr_id& out);

}  // namespace stancheck::grammar
