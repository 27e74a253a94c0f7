// rule_pack_grammar.cpp — the one translation unit that instantiates the file-level grammar,
// and the Spirit-free entry points declared in grammar_entry.hpp.
#include "grammar_entry.hpp"
#include "rule_pack_grammar_def.hpp"

namespace stancheck::grammar {

BOOST_SPIRIT_INSTANTIATE(pack_header_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(pack_item_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(profile_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(waiver_type, iterator_type, context_type)

namespace {
template <class Rule, class Attr>
bool run(Rule const& r, parse_state& st, const char*& p, Attr& out) {
  skipper_parser const skipper{};
  phrase_context_type const phrase(skipper);
  context_type const ctx(st, phrase);
  return r.parse(p, st.end, ctx, x3::unused, out);
}
}  // namespace

bool parse_pack_header(parse_state& st, const char*& p, ast::pack& out) {
  return run(pack_header_rule, st, p, out);
}
bool parse_pack_item(parse_state& st, const char*& p, ast::pack& pack) {
  return run(pack_item_rule, st, p, pack);
}
bool parse_profile(parse_state& st, const char*& p, ast::profile& out) {
  return run(profile_rule, st, p, out);
}
bool parse_waiver(parse_state& st, const char*& p, ast::waiver& out) {
  return run(waiver_rule, st, p, out);
}

}  // namespace stancheck::grammar
