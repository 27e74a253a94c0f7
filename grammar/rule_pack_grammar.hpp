// rule_pack_grammar.hpp — declares the file-level rules (pack header, pack item, rule,
// profile, waiver); defined in *_def.hpp, instantiated once in rule_pack_grammar.cpp.
#pragma once

#include "config.hpp"

namespace stancheck::grammar {

struct pack_header_class;
struct pack_item_class;
struct profile_class;
struct waiver_class;
/// `pack ID "title" {` — fills id, title and offset.
using pack_header_type = x3::rule<pack_header_class, ast::pack>;
/// One item of a pack body (standard, version, namespace, import, table, predicate, level,
/// rule), appended to the pack passed as attribute.
using pack_item_type = x3::rule<pack_item_class, ast::pack>;
using profile_type = x3::rule<profile_class, ast::profile>;
using waiver_type = x3::rule<waiver_class, ast::waiver>;
BOOST_SPIRIT_DECLARE(pack_header_type, pack_item_type, profile_type, waiver_type)

}  // namespace stancheck::grammar
