// parse_state.cpp — arena growth with a depth guard, token descriptions and keyword tables.
#include "parse_state.hpp"

#include <fmt/format.h>
#include <pthread.h>

#include <algorithm>
#include <array>

namespace stancheck::grammar {

ast::expr_id parse_state::add(ast::expr&& e) {
  uint32_t d = 1;
  for (ast::expr_id c : e.children)
    if (c != ast::no_expr && c < tree_depth.size()) d = std::max(d, tree_depth[c] + 1);
  if (d > max_tree_depth)
    throw syntax_error{e.offset, fmt::format("expression has more than {} nested operations; "
                                             "split it with 'let' or a predicate",
                                             max_tree_depth)};
  auto id = static_cast<ast::expr_id>(file->exprs.size());
  file->exprs.push_back(std::move(e));
  tree_depth.push_back(d);
  return id;
}

void parse_state::init_stack_limit() {
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return;
  void* addr = nullptr;
  std::size_t size = 0;
  if (pthread_attr_getstack(&attr, &addr, &size) == 0) {
    constexpr std::size_t margin = 512 * 1024;  // for the last level and exception unwinding
    char here = 0;
    auto low = reinterpret_cast<uintptr_t>(addr);
    auto now = reinterpret_cast<uintptr_t>(&here);
    if (now > low + margin) stack_limit = low + margin;
  }
  pthread_attr_destroy(&attr);
}

std::string parse_state::where(uint32_t off) const {
  if (!source) return fmt::format("offset {}", off);
  auto lc = source->locate(off);
  return fmt::format("{}:{}", lc.line, lc.column);
}

void parse_state::fail_expected(const char* at, std::string_view what) const {
  throw syntax_error{offset(at),
                     fmt::format("expected {}, found {}", what, describe_token(at, end))};
}

void parse_state::fail(const char* at, std::string message) const {
  throw syntax_error{offset(at), std::move(message)};
}

std::string describe_token(const char* p, const char* end) {
  if (p >= end) return "end of file";
  char c = *p;
  if (c == '"') return "a string";
  if (is_name_char(c)) {
    const char* q = p;
    while (q < end && is_name_char(*q) && q - p < 24) ++q;
    std::string word(p, q);
    if (q < end && is_name_char(*q)) word += "...";
    return fmt::format("'{}'", word);
  }
  if (static_cast<unsigned char>(c) >= 0x80) return "a non-ASCII character";
  if (c == '\n' || c == '\r') return "end of line";
  if (static_cast<unsigned char>(c) < 0x20) return fmt::format("control character {}", int(c));
  return fmt::format("'{}'", c);
}

const char* skip_space(const char* p, const char* end) {
  while (p < end) {
    char c = *p;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++p;
    } else if (c == '#') {
      while (p < end && *p != '\n') ++p;
    } else {
      break;
    }
  }
  return p;
}

namespace {
constexpr std::array<std::string_view, 39> keywords = {
    "pack",     "standard",  "edition",  "date",    "version", "namespace", "import",
    "table",    "predicate", "level",    "rule",    "clause",  "help",      "for",
    "each",     "let",       "require",  "forbid",  "message", "fix",       "profile",
    "include",  "exclude",   "severity", "extends", "waiver",  "system",    "justification",
    "approver", "expires",   "and",      "or",      "not",     "in",        "matches",
    "all",      "any",       "true",     "false"};
}  // namespace

bool is_keyword(std::string_view word) {
  return std::find(keywords.begin(), keywords.end(), word) != keywords.end();
}

bool is_reserved_in_expr(std::string_view w) {
  return w == "and" || w == "or" || w == "not" || w == "in" || w == "matches" || w == "true" ||
         w == "false";
}

}  // namespace stancheck::grammar
