// expression_grammar.cpp — the one translation unit that instantiates the expression grammar.
#include "expression_grammar_def.hpp"

namespace stancheck::grammar {
BOOST_SPIRIT_INSTANTIATE(expression_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(path_type, iterator_type, context_type)

expression_type const& expression() { return expression_rule; }
path_type const& path() { return path_rule; }
}  // namespace stancheck::grammar
