// config.hpp — the X3 iterator, skipper and context types shared by every sub-grammar.
//
// Every rule is instantiated for exactly one context type (`context_type`): the skipper plus
// a reference to the `parse_state` (arena, nesting depth). Grammar code only.
#pragma once

#include <boost/spirit/home/x3.hpp>

#include "parse_state.hpp"

namespace stancheck::grammar {

namespace x3 = boost::spirit::x3;

/// Tag under which the `parse_state` is reachable from the X3 context.
struct state_tag;

/// Skips whitespace and `#` comments in one go.
struct skipper_parser : x3::parser<skipper_parser> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;
  template <class It, class Ctx, class RCtx, class Attr>
  bool parse(It& first, It const& last, Ctx const&, RCtx&, Attr&) const {
    const char* p = skip_space(first, last);
    if (p == first) return false;
    first = p;
    return true;
  }
};

using iterator_type = const char*;
using phrase_context_type = x3::context<x3::skipper_tag, skipper_parser const, x3::unused_type>;
using context_type = x3::context<state_tag, parse_state, phrase_context_type>;

}  // namespace stancheck::grammar
