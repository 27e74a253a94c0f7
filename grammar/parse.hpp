// parse.hpp — the firewall in front of the Spirit X3 grammar: text in, AST and diagnostics out.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ast.hpp"
#include "source.hpp"

namespace stancheck {

struct parse_result {
  /// The AST; present whenever any part of the file could be parsed (it holds every pack,
  /// profile, waiver and rule that parsed cleanly; broken rules are dropped and reported).
  std::optional<ast::file> file;
  std::vector<diagnostic> diagnostics;
  explicit operator bool() const { return file.has_value() && !has_errors(diagnostics); }
};

/// Parses a rule-pack file. Never throws; every syntax problem becomes a diagnostic, and the
/// parser recovers at rule and item boundaries so that all problems in a file are reported.
parse_result parse_rule_pack(source_ptr source);
parse_result parse_rule_pack(std::string text, std::string file_name);

/// Prints an expression as a fully parenthesised S-expression, for tests and `rules show`.
std::string print_expr(const ast::file& f, ast::expr_id e);
/// Prints a whole file's AST (one item per line), for table-driven parser tests.
std::string print_file(const ast::file& f);

}  // namespace stancheck
