// value.hpp — runtime values of the evaluator: typed scalars, node references into a document,
// conversions of document text (numbers, quantities, dates, versions) and readable formatting.
//
// Values never own text: strings are views into the document buffer, into the IR (constants)
// or into the evaluator's scratch arena; node sets are ranges in the evaluator's node arena.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "ir.hpp"

namespace stancheck::eval {

/// An element, or one attribute of an element (`attr` non-null).
struct node_ref {
  pugi::xml_node_struct* elem = nullptr;
  pugi::xml_attribute_struct* attr = nullptr;
  pugi::xml_node node() const { return pugi::xml_node(elem); }
  pugi::xml_attribute attribute() const { return pugi::xml_attribute(attr); }
  bool operator==(const node_ref&) const = default;
};

/// A runtime value. `t` tells which fields are meaningful.
struct value {
  ir::type t = ir::type::empty;
  ir::dimension dim;       // quantity
  double num = 0;          // boolean (0/1), number, date (days), quantity (SI magnitude)
  std::string_view str;    // string, version (as written)
  uint32_t first = 0;      // nodes: range [first, first + count) in the evaluator's node arena
  uint32_t count = 0;

  bool empty() const { return t == ir::type::empty; }
  static value boolean(bool b) { value v; v.t = ir::type::boolean; v.num = b ? 1 : 0; return v; }
  static value number(double d) { value v; v.t = ir::type::number; v.num = d; return v; }
  static value string(std::string_view s) { value v; v.t = ir::type::string; v.str = s; return v; }
  static value date(double days) { value v; v.t = ir::type::date; v.num = days; return v; }
  static value version(std::string_view s) { value v; v.t = ir::type::version; v.str = s; return v; }
  static value quantity(double si, const ir::dimension& d) {
    value v; v.t = d.dimensionless() ? ir::type::number : ir::type::quantity; v.num = si; v.dim = d; return v;
  }
};

/// The value of a compile-time constant (strings view into the constant).
value from_constant(const ir::constant& c);

/// Text of an attribute, or of an element when it has a single text child (a view into the
/// document). Elements with mixed or nested text return nullopt: the caller concatenates.
std::optional<std::string_view> simple_text(const node_ref& n);
/// Appends the string value of `n` (all descendant text of an element) to `out`.
void append_text(const node_ref& n, std::string& out);

/// Days since 1970-01-01 of a civil date, and back.
int32_t days_from_civil(int y, unsigned m, unsigned d);
std::string civil_from_days(int32_t days);  // "YYYY-MM-DD"
/// Parses "YYYY-MM-DD", optionally followed by a time ("T12:00:00Z", " 12:00"); nullopt if not a date.
std::optional<int32_t> parse_date(std::string_view text);
/// Parses a plain decimal number (surrounding spaces allowed); nullopt for anything else.
std::optional<double> parse_number(std::string_view text);
/// Parses "true"/"false"/"1"/"0" (surrounding spaces allowed).
std::optional<bool> parse_boolean(std::string_view text);
/// Trims ASCII whitespace.
std::string_view trim(std::string_view s);

/// Compares two dotted versions component by component: numerically where both components are
/// numbers, as text otherwise; missing components count as 0 ("4" = "4.0"). Returns <0, 0, >0.
int compare_versions(std::string_view a, std::string_view b);

/// Readable text of a scalar for messages ("960 MHz", "2027-01-31", "true"). Node sets and
/// strings are handled by the evaluator, which owns their storage.
std::string format_scalar(const value& v);

/// "a voltage", "a frequency", "a number" — for "value '28 Hz' is not a voltage".
std::string dimension_phrase(const ir::dimension& d);

}  // namespace stancheck::eval
