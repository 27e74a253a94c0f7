// expression_grammar.hpp — declares the expression and path rules (defined in *_def.hpp,
// instantiated once in expression_grammar.cpp for `context_type`).
#pragma once

#include "config.hpp"

namespace stancheck::grammar {

struct expression_class;
struct path_class;
using expression_type = x3::rule<expression_class, ast::expr_id>;
using path_type = x3::rule<path_class, ast::expr_id>;
BOOST_SPIRIT_DECLARE(expression_type, path_type)

/// A full expression (`or` level); counts one nesting level.
expression_type const& expression();
/// A path (`eid:a/@b`, `//x`, `$v/y`, `.`); a bare `$v` yields a variable node.
path_type const& path();

}  // namespace stancheck::grammar
