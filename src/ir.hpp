// ir.hpp — the checked, typed rule IR: what the checker produces once per run and the
// evaluator walks for every document. Every name is resolved, every unit converted to SI base
// units, every regular expression compiled, every namespace prefix replaced by its URI.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "source.hpp"

namespace re2 { class RE2; }

namespace stancheck::ir {

/// Exponents over the base dimensions; all zero = dimensionless.
struct dimension {
  enum base : uint8_t { length, mass, time, current, temperature, amount, luminosity, information, angle, count_ };
  std::array<int8_t, count_> exp{};
  bool operator==(const dimension&) const = default;
  bool dimensionless() const { return *this == dimension{}; }
};

enum class type : uint8_t {
  empty,     // the empty value (missing node)
  boolean,
  number,    // dimensionless
  string,
  date,      // days since 1970-01-01
  quantity,  // SI base-unit magnitude + dimension
  version,   // dotted version
  nodes,     // a node set
};
const char* to_string(type t);

using expr_id = uint32_t;
inline constexpr expr_id no_expr = UINT32_MAX;

/// A compile-time constant.
struct constant {
  type t = type::empty;
  double num = 0;      // number, date (days), quantity (SI magnitude), boolean (0/1)
  dimension dim;       // quantity
  std::string str;     // string, version (as written), and the original spelling of others
};

enum class axis : uint8_t { child, descendant, attribute, self, parent };

struct step {
  axis ax = axis::child;
  bool any_name = false;    // '*' or '@*'
  std::string ns_uri;       // resolved namespace URI ("" = no namespace)
  std::string local;        // local name
  std::vector<expr_id> predicates;
};

enum class path_origin : uint8_t { context, root, variable };

struct path {
  path_origin origin = path_origin::context;
  uint32_t slot = 0;  // variable slot when origin == variable
  std::vector<step> steps;
};

enum class builtin : uint8_t {
  count, exists, empty, string, number, quantity, date, version,
  lower, upper, trim, length, starts_with, ends_with, contains,
  lookup, today, days_between, passed,
};
const char* to_string(builtin b);

enum class expr_kind : uint8_t {
  constant,   // `value`
  path,       // `path_index` into pack::paths
  variable,   // `slot`
  call,       // `fn`, children = args; for `lookup` children = [key] and `pack_index`/`index`
              // name the table
  predicate,  // `index` into pack::predicates (or an imported pack's, see `pack_index`), children = args
  unary,      // op = not_ | neg
  binary,     // op = or_ .. div
  in_set,     // children[0] value, rest = members; negate
  in_range,   // children = value, low, high; negate
  in_table,   // children[0] value; `index` = table; negate
  matches,    // children[0] value; `regex`
  quantifier, // op = all | any; `slot` = bound variable; `path_index`; children[0] = body
};

enum class op : uint8_t { none, not_, neg, or_, and_, eq, ne, lt, le, gt, ge, add, sub, mul, div, all, any };

struct expr {
  expr_kind kind = expr_kind::constant;
  op oper = op::none;
  type result = type::empty;  // static type (nodes for paths); quantity carries `dim`
  dimension dim;
  bool any_dim = false;  // a quantity whose dimension is known only at run time (quantity(x))
  bool negate = false;
  uint32_t offset = 0;  // into the pack's source
  uint32_t index = 0;   // predicate / table index
  uint32_t pack_index = 0;  // which pack owns the predicate/table (imports)
  uint32_t path_index = 0;
  uint32_t slot = 0;
  builtin fn = builtin::count;
  constant value;
  std::shared_ptr<const re2::RE2> regex;
  std::vector<expr_id> children;
};

/// The key under which a constant is stored in `table::entries`: strings as they are, numbers,
/// quantities (SI magnitude) and dates (days) printed shortest, versions normalised ("4.0" → "4"),
/// booleans "true"/"false".
std::string canonical_key(const constant& c);

struct table {
  std::string name;
  type key_type = type::empty;
  type value_type = type::empty;  // empty for plain sets
  dimension key_dim, value_dim;
  /// Keys as canonical strings (see `canonical_key`), value per key.
  std::unordered_map<std::string, constant> entries;
  std::vector<constant> keys;  // in declaration order, for numeric and quantity membership
};

struct predicate {
  std::string name;
  std::vector<uint32_t> param_slots;
  uint32_t slot_count = 0;  // frame size for a call
  expr_id body = no_expr;
};

struct template_part {
  std::string text;          // literal text
  expr_id expr = no_expr;    // or an interpolated expression
};

struct let_binding {
  uint32_t slot = 0;
  expr_id value = no_expr;
};

enum class requirement : uint8_t { require, forbid };

struct rule {
  std::string id;
  std::string title;
  severity level = severity::error;  // as written; profiles override at run time
  std::vector<std::string> clauses;
  std::string help;
  std::optional<uint32_t> conformance_level;
  uint32_t path_index = 0;  // the context pattern; its last step is the dispatch key
  std::vector<let_binding> lets;
  requirement kind = requirement::require;
  expr_id condition = no_expr;
  std::vector<template_part> message;
  std::vector<template_part> fix;
  uint32_t slot_count = 0;  // frame size while evaluating this rule
  uint32_t offset = 0;      // of the rule in the pack source
  uint32_t end = 0;         // one past its closing brace
  bool uses_evidence = false;  // the condition calls passed()
};

struct level {
  uint32_t number = 0;
  std::string title;
};

struct pack {
  std::string id;
  std::string title;
  std::string standard;  // "STANAG 5516"
  std::string edition;
  std::string date;
  std::string version;
  std::string sha256;    // of the source bytes
  source_ptr source;
  std::vector<uint32_t> imports;  // indices into rule_set::packs
  std::vector<level> levels;      // ascending
  std::vector<table> tables;
  std::vector<predicate> predicates;
  std::vector<path> paths;
  std::vector<expr> exprs;
  std::vector<rule> rules;
};

/// Where a rule's context may match: dispatch by (namespace URI, local name) of the last step.
struct rule_ref {
  uint32_t pack = 0;
  uint32_t rule = 0;
};

struct profile {
  std::string name;
  std::string title;
  std::vector<std::string> include_packs;   // patterns; empty = all
  std::vector<std::string> exclude_packs;
  std::vector<std::string> include_rules;   // empty = all
  std::vector<std::string> exclude_rules;
  std::vector<std::pair<std::string, severity>> severities;  // rule pattern -> severity
};

struct waiver {
  std::string id;
  std::string rule;
  std::string system;
  std::string justification;
  std::string approver;
  int32_t expires = 0;  // days since 1970-01-01
  std::string expires_text;
  std::string file;
  uint32_t line = 0;
};

/// Everything compiled from the rule-pack files of one run.
struct rule_set {
  std::vector<pack> packs;
  std::vector<profile> profiles;
  std::vector<waiver> waivers;
};

}  // namespace stancheck::ir
