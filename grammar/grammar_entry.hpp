// grammar_entry.hpp — Spirit-free entry points into the X3 file-level rules, for the driver.
//
// Each function starts at `p` (skipping whitespace first), advances `p` past what it parsed
// and returns true, or returns false when the text does not start such an item. Syntax errors
// inside an item throw `syntax_error`.
#pragma once

#include "ast.hpp"
#include "parse_state.hpp"

namespace stancheck::grammar {

bool parse_pack_header(parse_state& st, const char*& p, ast::pack& out);
bool parse_pack_item(parse_state& st, const char*& p, ast::pack& pack);
bool parse_profile(parse_state& st, const char*& p, ast::profile& out);
bool parse_waiver(parse_state& st, const char*& p, ast::waiver& out);

}  // namespace stancheck::grammar
