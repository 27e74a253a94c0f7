// rule_pack_grammar_def.hpp — the file-level grammar: pack headers and items, rules,
// profiles and waivers. Actions fill the AST structs directly; a repeated single-valued item
// is a syntax error because the AST has one slot for it.
#pragma once

#include <boost/optional.hpp>

#include "expression_grammar.hpp"
#include "rule_pack_grammar.hpp"
#include "template_parser.hpp"
#include "tokens.hpp"

namespace stancheck::grammar {

pack_header_type const pack_header_rule = "pack header";
pack_item_type const pack_item_rule = "pack item";
profile_type const profile_rule = "profile";
waiver_type const waiver_rule = "waiver";

namespace file_rules {
using boost::fusion::at_c;
using x3::_attr;
using x3::_val;

[[noreturn]] inline void duplicate(uint32_t offset, const char* item, const char* where) {
  throw syntax_error{offset, fmt::format("duplicate '{}': a {} has at most one", item, where)};
}

template <class T>
std::vector<T> to_vector(boost::optional<std::vector<T>>&& v) {
  return v ? std::move(*v) : std::vector<T>{};
}
template <class T>
std::vector<T> to_vector(std::vector<T>&& v) {
  return std::move(v);
}

// ---- actions: pack ----
auto const pack_header_action = [](auto& ctx) {
  auto& a = _attr(ctx);
  ast::pack& p = _val(ctx);
  p.offset = at_c<0>(a);
  p.id = std::move(at_c<1>(a));
  p.title = std::move(at_c<2>(a).text);
};
auto const standard_action = [](auto& ctx) {
  auto& a = _attr(ctx);
  ast::pack& p = _val(ctx);
  if (p.standard) duplicate(at_c<0>(a), "standard", "pack");
  ast::standard_decl s;
  s.offset = at_c<0>(a);
  s.number = std::move(at_c<1>(a));
  if (at_c<2>(a)) s.edition = std::move(*at_c<2>(a));
  if (at_c<3>(a)) s.date = std::move(*at_c<3>(a));
  p.standard = std::move(s);
};
auto const version_action = [](auto& ctx) {
  auto& a = _attr(ctx);
  ast::pack& p = _val(ctx);
  if (p.version.offset != 0) duplicate(at_c<0>(a), "version", "pack");
  p.version = std::move(at_c<1>(a));
};
auto const namespace_action = [](auto& ctx) {
  auto& a = _attr(ctx);
  _val(ctx).namespaces.push_back({std::move(at_c<1>(a)), std::move(at_c<2>(a)), at_c<0>(a)});
};
auto const import_action = [](auto& ctx) { _val(ctx).imports.push_back(std::move(_attr(ctx))); };
auto const table_entry_action = [](auto& ctx) {
  auto& a = _attr(ctx);
  _val(ctx) = ast::table_entry{at_c<0>(a), at_c<1>(a) ? *at_c<1>(a) : ast::no_expr};
};
auto const table_action = [](auto& ctx) {
  auto& a = _attr(ctx);
  ast::table_decl t;
  t.offset = at_c<0>(a);
  t.name = std::move(at_c<1>(a));
  t.entries = to_vector(std::move(at_c<2>(a)));
  _val(ctx).tables.push_back(std::move(t));
};
auto const predicate_action = [](auto& ctx) {
  auto& a = _attr(ctx);
  ast::predicate_decl d;
  d.offset = at_c<0>(a);
  d.name = std::move(at_c<1>(a));
  d.params = to_vector(std::move(at_c<2>(a)));
  d.body = at_c<3>(a);
  _val(ctx).predicates.push_back(std::move(d));
};
auto const level_action = [](auto& ctx) {
  auto& a = _attr(ctx);
  _val(ctx).levels.push_back({at_c<1>(a), std::move(at_c<2>(a).text), at_c<0>(a)});
};
auto const push_rule_action = [](auto& ctx) { _val(ctx).rules.push_back(std::move(_attr(ctx))); };

// ---- actions: rule ----
auto const rule_header_action = [](auto& ctx) {
  auto& a = _attr(ctx);
  ast::rule& r = _val(ctx);
  r.offset = at_c<0>(a);
  r.id = std::move(at_c<1>(a));
  r.severity = std::move(at_c<2>(a));
  r.title = std::move(at_c<3>(a).text);
};
auto const clause_action = [](auto& ctx) { _val(ctx).clauses.push_back(std::move(_attr(ctx))); };
auto const help_action = [](auto& ctx) {
  auto& a = _attr(ctx);
  ast::rule& r = _val(ctx);
  if (!r.help.empty()) duplicate(at_c<0>(a), "help", "rule");
  r.help = std::move(at_c<1>(a).text);
};
auto const rule_level_action = [](auto& ctx) {
  auto& a = _attr(ctx);
  ast::rule& r = _val(ctx);
  if (r.level) duplicate(at_c<0>(a), "level", "rule");
  r.level = at_c<1>(a);
  r.level_offset = at_c<0>(a);
};
auto const context_action = [](auto& ctx) {
  auto& a = _attr(ctx);
  ast::rule& r = _val(ctx);
  if (r.context != ast::no_expr) duplicate(at_c<0>(a), "for each", "rule");
  r.context = at_c<1>(a);
};
auto const let_action = [](auto& ctx) {
  auto& a = _attr(ctx);
  _val(ctx).lets.push_back({std::move(at_c<1>(a).text), at_c<2>(a), at_c<0>(a)});
};
template <ast::requirement_kind K>
struct condition_action {
  template <class Ctx>
  void operator()(Ctx& ctx) const {
    auto& a = _attr(ctx);
    ast::rule& r = _val(ctx);
    if (r.condition != ast::no_expr)
      throw syntax_error{at_c<0>(a), "a rule has exactly one 'require' or 'forbid'"};
    r.kind = K;
    r.condition = at_c<1>(a);
    r.condition_offset = at_c<0>(a);
  }
};
auto const message_action = [](auto& ctx) {
  auto& a = _attr(ctx);
  ast::rule& r = _val(ctx);
  if (r.message_offset != 0) duplicate(at_c<0>(a), "message", "rule");
  r.message = std::move(at_c<1>(a).parts);
  r.message_offset = at_c<1>(a).offset;
};
auto const fix_action = [](auto& ctx) {
  auto& a = _attr(ctx);
  ast::rule& r = _val(ctx);
  if (r.fix_offset != 0) duplicate(at_c<0>(a), "fix", "rule");
  r.fix = std::move(at_c<1>(a).parts);
  r.fix_offset = at_c<1>(a).offset;
};
auto const rule_end_action = [](auto& ctx) { _val(ctx).end = _attr(ctx) + 1; };

// ---- actions: profile and waiver ----
auto const profile_header_action = [](auto& ctx) {
  auto& a = _attr(ctx);
  ast::profile& p = _val(ctx);
  p.offset = at_c<0>(a);
  p.name = std::move(at_c<1>(a));
  if (at_c<2>(a)) p.title = std::move(at_c<2>(a)->text);
};
template <bool Include>
struct select_action {
  template <class Ctx>
  void operator()(Ctx& ctx) const {
    auto& a = _attr(ctx);
    bool pack = at_c<1>(a);
    ast::profile_item i;
    i.kind =
        Include
            ? (pack ? ast::profile_item_kind::include_pack : ast::profile_item_kind::include_rule)
            : (pack ? ast::profile_item_kind::exclude_pack : ast::profile_item_kind::exclude_rule);
    i.offset = at_c<0>(a);
    i.target = std::move(at_c<2>(a));
    _val(ctx).items.push_back(std::move(i));
  }
};
auto const severity_action = [](auto& ctx) {
  auto& a = _attr(ctx);
  _val(ctx).items.push_back(
      {ast::profile_item_kind::severity, std::move(at_c<1>(a)), std::move(at_c<2>(a)), at_c<0>(a)});
};
auto const extends_action = [](auto& ctx) {
  auto& a = _attr(ctx);
  _val(ctx).items.push_back(
      {ast::profile_item_kind::extends, std::move(at_c<1>(a)), {}, at_c<0>(a)});
};
auto const waiver_header_action = [](auto& ctx) {
  auto& a = _attr(ctx);
  _val(ctx).offset = at_c<0>(a);
  _val(ctx).id = std::move(at_c<1>(a));
};
template <int Field>
struct waiver_field_action {
  template <class Ctx>
  void operator()(Ctx& ctx) const {
    auto& a = _attr(ctx);
    ast::waiver& w = _val(ctx);
    uint32_t at = at_c<0>(a);
    ast::located_string& v = at_c<1>(a);
    switch (Field) {
      case 0:
        if (w.rule.offset) duplicate(at, "rule", "waiver");
        w.rule = std::move(v);
        break;
      case 1:
        if (w.system.offset) duplicate(at, "system", "waiver");
        w.system = std::move(v);
        break;
      case 2:
        if (!w.justification.empty()) duplicate(at, "justification", "waiver");
        w.justification = std::move(v.text);
        break;
      case 3:
        if (!w.approver.empty()) duplicate(at, "approver", "waiver");
        w.approver = std::move(v.text);
        break;
      default:
        if (w.expires.offset) duplicate(at, "expires", "waiver");
        w.expires = std::move(v);
        break;
    }
  }
};

// ---- grammar ----
x3::rule<struct table_entry_class, ast::table_entry> const table_entry = "table entry";
x3::rule<struct rule_decl_class, ast::rule> const rule_decl = "rule";

expression_type const expr = "expression";  // the rule is defined in expression_grammar.cpp
path_type const path_r = "path";

auto const table_entry_def =
    (table_literal_tok >>
     -(x3::lit(':') >>
       expect("a value (a literal) after ':'")[table_literal_tok]))[table_entry_action];

auto const pack_header_rule_def =
    (pos >> kw("pack") >> expect("a pack id")[name_tok] >>
     expect("the pack title (a string)")[string_tok] >>
     expect("'{' to open the pack body")[x3::lit('{')])[pack_header_action];

auto const pack_item_rule_def =
    (pos >> kw("standard") >>
     expect("the standard's number (a string such as \"STANAG 5516\")")[string_tok] >>
     -(kw("edition") >> expect("an edition (a number, a name or a string)")[edition_tok]) >>
     -(kw("date") >> expect("a date (YYYY-MM-DD)")[date_tok]))[standard_action] |
    (pos >> kw("version") >> expect("the pack version (a string)")[string_tok])[version_action] |
    (pos >> kw("namespace") >> expect("a namespace prefix")[name_tok] >>
     expect("'=' after the namespace prefix")[x3::lit('=')] >>
     expect("the namespace URI (a string)")[string_tok])[namespace_action] |
    (kw("import") >> expect("a pack id after 'import'")[name_tok])[import_action] |
    (pos >> kw("table") >> expect("a table name")[name_tok] >>
     expect("'{' to open the table")[enclosed(
         '{', '}', "table")[-(table_entry % ',') >> -x3::lit(',')]])[table_action] |
    (pos >> kw("predicate") >> expect("a predicate name")[name_tok] >>
     expect("'(' to open the parameter list")[enclosed('(', ')',
                                                       "parameter list")[-(var_tok % ',')]] >>
     expect("'=' before the predicate's body")[x3::lit('=')] >>
     expect("an expression after '='")[expr])[predicate_action] |
    (pos >> kw("level") >> expect("a level number")[uint_tok] >>
     expect("the level title (a string)")[string_tok])[level_action] |
    rule_decl[push_rule_action];

auto const rule_item =
    (kw("clause") >> expect("the clause reference (a string)")[string_tok])[clause_action] |
    (pos >> kw("help") >> expect("the help text (a string)")[string_tok])[help_action] |
    (pos >> kw("level") >> expect("a level number")[uint_tok])[rule_level_action] |
    (pos >> kw("for") >> expect("'each' after 'for'")[kw("each")] >>
     expect("a path after 'for each'")[path_r])[context_action] |
    (pos >> kw("let") >> expect("a variable ('$name') after 'let'")[var_tok] >>
     expect("'=' after the variable")[x3::lit('=')] >>
     expect("an expression after '='")[expr])[let_action] |
    (pos >> kw("require") >> expect("an expression after 'require'")[expr])
        [condition_action<ast::requirement_kind::require>{}] |
    (pos >> kw("forbid") >>
     expect(
         "an expression after 'forbid'")[expr])[condition_action<ast::requirement_kind::forbid>{}] |
    (pos >> kw("message") >>
     expect("the message template (a string)")[template_tok])[message_action] |
    (pos >> kw("fix") >> expect("the fix hint (a string)")[template_tok])[fix_action];

auto const rule_decl_def =
    (pos >> kw("rule") >> expect("a rule id")[name_tok] >>
     expect("a severity (error, warning or info)")[name_tok] >>
     expect("the rule title (a string)")[string_tok])[rule_header_action] >>
    expect("'{' to open the rule body")[x3::lit('{')] >> *rule_item >>
    expect(
        "a rule item (clause, help, level, for each, let, require, forbid, message, fix) "
        "or '}' to close the rule")[pos >> x3::lit('}')][rule_end_action];

x3::rule<struct select_class, bool> const select_what = "'pack' or 'rule'";
auto const select_what_def = (kw("pack") >> x3::attr(true)) | (kw("rule") >> x3::attr(false));
auto const profile_item =
    (pos >> kw("include") >> expect("'pack' or 'rule' after 'include'")[select_what] >>
     expect("a pack or rule id (a trailing '*' matches a prefix)")[target_tok])
        [select_action<true>{}] |
    (pos >> kw("exclude") >> expect("'pack' or 'rule' after 'exclude'")[select_what] >>
     expect("a pack or rule id (a trailing '*' matches a prefix)")[target_tok])
        [select_action<false>{}] |
    (pos >> kw("severity") >> expect("a rule id")[target_tok] >>
     expect("a severity (error, warning or info)")[name_tok])[severity_action] |
    (pos >> kw("extends") >> expect("a profile name")[name_tok])[extends_action];

auto const profile_rule_def =
    (pos >> kw("profile") >> expect("a profile name")[name_tok] >>
     -string_tok)[profile_header_action] >>
    expect("'{' to open the profile body")[x3::lit('{')] >> *profile_item >>
    expect(
        "a profile item (include, exclude, severity, extends) or '}' to close the profile")[x3::lit(
        '}')];

auto const waiver_item =
    (pos >> kw("rule") >> expect("a rule id")[name_tok])[waiver_field_action<0>{}] |
    (pos >> kw("system") >>
     expect("the system id (a string)")[string_tok])[waiver_field_action<1>{}] |
    (pos >> kw("justification") >>
     expect("the justification (a string)")[string_tok])[waiver_field_action<2>{}] |
    (pos >> kw("approver") >>
     expect("the approver (a string)")[string_tok])[waiver_field_action<3>{}] |
    (pos >> kw("expires") >>
     expect("the expiry date (YYYY-MM-DD)")[date_tok])[waiver_field_action<4>{}];

auto const waiver_rule_def =
    (pos >> kw("waiver") >> expect("a waiver id")[name_tok])[waiver_header_action] >>
    expect("'{' to open the waiver body")[x3::lit('{')] >> *waiver_item >>
    expect(
        "a waiver item (rule, system, justification, approver, expires) or '}' to close "
        "the waiver")[x3::lit('}')];

BOOST_SPIRIT_DEFINE(table_entry, rule_decl, select_what)
}  // namespace file_rules

using file_rules::pack_header_rule_def;
using file_rules::pack_item_rule_def;
using file_rules::profile_rule_def;
using file_rules::waiver_rule_def;
BOOST_SPIRIT_DEFINE(pack_header_rule, pack_item_rule, profile_rule, waiver_rule)

}  // namespace stancheck::grammar
