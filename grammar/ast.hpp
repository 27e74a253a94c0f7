// ast.hpp — the syntax tree of a rule-pack file, exactly as written (no names resolved).
//
// Expressions live in one arena per file (`file::exprs`) and refer to their children by index,
// so deep trees are freed without recursion and the checker can walk them with an explicit
// stack. Every node carries the byte offset where it starts; line and column are computed only
// when a diagnostic is rendered.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stancheck::ast {

using expr_id = uint32_t;
inline constexpr expr_id no_expr = UINT32_MAX;

enum class expr_kind : uint8_t {
  string_lit,    // text = the decoded string
  number_lit,    // number
  bool_lit,      // number = 0 or 1
  date_lit,      // text = "YYYY-MM-DD"
  quantity_lit,  // number, text = the unit as written ("MHz", "bit/s")
  variable,      // text = name without '$'
  path,          // children = steps (path_step nodes); op: none (relative), root ('/'), variable
                 // paths have a variable node as children[0]
  step,          // text = qname as written ("eid:interface", "*", "@kind", "@*", ".", "..");
                 // op = child | descendant | attribute | self | parent; children = predicates
  call,          // text = function, predicate or table name; children = arguments
  unary,         // op = not_ | neg; children[0]
  binary,        // op = or_ .. div; children[0], children[1]
  in_set,        // children[0] = value, children[1..] = set members; op = in | not_in
  in_range,      // children = value, low, high; op = in | not_in
  in_table,      // children[0] = value, text = table name; op = in | not_in
  matches,       // children[0] = value, children[1] = string_lit pattern
  quantifier,    // op = all | any; text = variable name; children = path, body
};

enum class op : uint8_t {
  none,
  // path roots and steps
  root, child, descendant, attribute, self, parent,
  // operators
  not_, neg, or_, and_, eq, ne, lt, le, gt, ge, add, sub, mul, div,
  in, not_in, all, any,
};

struct expr {
  expr_kind kind{};
  op oper = op::none;
  uint32_t offset = 0;  // byte offset of the node's first character
  double number = 0;
  std::string text;
  std::vector<expr_id> children;
};

/// A string with interpolations: `"band {@low} .. {@high}"` → parts.
struct template_part {
  bool is_expr = false;
  std::string text;          // literal text when !is_expr
  expr_id expr = no_expr;    // when is_expr
  uint32_t offset = 0;
};

struct located_string {
  std::string text;
  uint32_t offset = 0;
};

struct let_binding {
  std::string name;  // without '$'
  expr_id value = no_expr;
  uint32_t offset = 0;
};

enum class requirement_kind : uint8_t { require, forbid };

struct rule {
  located_string id;
  located_string severity;  // as written; the checker validates error|warning|info
  std::string title;
  std::vector<located_string> clauses;
  std::string help;
  std::optional<uint32_t> level;
  uint32_t level_offset = 0;
  expr_id context = no_expr;  // the `for each` path (a path node)
  std::vector<let_binding> lets;
  requirement_kind kind = requirement_kind::require;
  expr_id condition = no_expr;
  uint32_t condition_offset = 0;
  std::vector<template_part> message;
  uint32_t message_offset = 0;
  std::vector<template_part> fix;  // may interpolate like `message`
  uint32_t fix_offset = 0;
  uint32_t offset = 0;  // of the `rule` keyword
  uint32_t end = 0;     // one past the rule's closing brace (for `rules show`)
};

struct table_entry {
  expr_id key = no_expr;    // a literal
  expr_id value = no_expr;  // a literal, or no_expr for a plain set
};

struct table_decl {
  located_string name;
  std::vector<table_entry> entries;
  uint32_t offset = 0;
};

struct predicate_decl {
  located_string name;
  std::vector<located_string> params;  // without '$'
  expr_id body = no_expr;
  uint32_t offset = 0;
};

struct level_decl {
  uint32_t number = 0;
  std::string title;
  uint32_t offset = 0;
};

struct namespace_decl {
  located_string prefix;
  located_string uri;
  uint32_t offset = 0;
};

struct standard_decl {
  located_string number;   // "STANAG 5516"
  located_string edition;  // "8", "A", "3.1"; empty when not given
  located_string date;     // "YYYY-MM-DD"; empty when not given
  uint32_t offset = 0;
};

struct pack {
  located_string id;
  std::string title;
  std::optional<standard_decl> standard;
  located_string version;
  std::vector<namespace_decl> namespaces;
  std::vector<located_string> imports;  // pack ids
  std::vector<table_decl> tables;
  std::vector<predicate_decl> predicates;
  std::vector<level_decl> levels;
  std::vector<rule> rules;
  uint32_t offset = 0;
};

enum class profile_item_kind : uint8_t {
  include_pack, exclude_pack, include_rule, exclude_rule, severity, extends
};

struct profile_item {
  profile_item_kind kind{};
  located_string target;  // pack id, rule id (a trailing '*' matches a prefix), or profile name
  located_string value;   // the severity for `severity`
  uint32_t offset = 0;
};

struct profile {
  located_string name;
  std::string title;
  std::vector<profile_item> items;
  uint32_t offset = 0;
};

struct waiver {
  located_string id;
  located_string rule;
  located_string system;
  std::string justification;
  std::string approver;
  located_string expires;  // "YYYY-MM-DD"
  uint32_t offset = 0;
};

/// One parsed file: any mix of packs, profiles and waivers.
struct file {
  std::vector<pack> packs;
  std::vector<profile> profiles;
  std::vector<waiver> waivers;
  std::vector<expr> exprs;  // arena for every expression in the file
};

}  // namespace stancheck::ast
