// parse_state.hpp — the mutable state shared by every grammar action: arena, depth guard, errors.
//
// Spirit-free so that the recovery driver and the printers can use it too.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "ast.hpp"
#include "source.hpp"

namespace stancheck::grammar {

/// Syntactic nesting limit (parentheses, `not`, unary minus, predicates, calls, sets).
inline constexpr int max_nesting = 200;
/// Limit on the depth of the expression tree itself (long operator chains are left-deep).
inline constexpr uint32_t max_tree_depth = 1000;

/// A syntax error: thrown inside the grammar, caught by the recovery driver.
struct syntax_error {
  uint32_t offset = 0;
  std::string message;
};

/// State reachable from every semantic action through the X3 context (`state_tag`).
struct parse_state {
  const char* begin = nullptr;
  const char* end = nullptr;
  const source_file* source = nullptr;  // for "opened at L:C" in messages
  ast::file* file = nullptr;            // owns the expression arena
  std::vector<uint32_t> tree_depth;     // per arena node, parallel to file->exprs
  int depth = 0;                        // current syntactic nesting
  uintptr_t stack_limit = 0;            // nesting stops before the stack pointer goes below

  uint32_t offset(const char* p) const { return static_cast<uint32_t>(p - begin); }

  /// Appends a node to the arena; throws syntax_error when the tree gets too deep.
  ast::expr_id add(ast::expr&& e);
  ast::expr& at(ast::expr_id id) { return file->exprs[id]; }

  /// "3:14" for an offset, for messages that point back at an opening bracket.
  std::string where(uint32_t offset) const;
  /// Records how far down this thread's stack the parser may go (a safety net below the
  /// nesting limit, for small thread stacks and sanitizer builds).
  void init_stack_limit();
  bool stack_exhausted() const {
    char probe = 0;
    return reinterpret_cast<uintptr_t>(&probe) < stack_limit;
  }
  /// "expected WHAT, found TOKEN" at the token that starts at `at`.
  [[noreturn]] void fail_expected(const char* at, std::string_view what) const;
  [[noreturn]] void fail(const char* at, std::string message) const;
};

/// A short human description of the token starting at `p`: `'message'`, `a string`, `end of file`.
std::string describe_token(const char* p, const char* end);

/// Skips whitespace and `#` comments; returns the first other position.
const char* skip_space(const char* p, const char* end);

inline bool is_name_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
inline bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9') || c == '.' || c == '-';
}
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// True when `word` is one of the language's keywords (used to stop units and step names).
bool is_keyword(std::string_view word);
/// True for the words that can never be a path step (`and or not in matches true false`).
bool is_reserved_in_expr(std::string_view word);

}  // namespace stancheck::grammar
