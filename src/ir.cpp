// ir.cpp — names of IR types and built-ins, and the canonical keys of lookup tables.
#include "ir.hpp"

#include <fmt/format.h>

#include "value.hpp"

namespace stancheck::ir {

const char* to_string(type t) {
  switch (t) {
    case type::empty: return "empty value";
    case type::boolean: return "boolean";
    case type::number: return "number";
    case type::string: return "string";
    case type::date: return "date";
    case type::quantity: return "quantity";
    case type::version: return "version";
    case type::nodes: return "node set";
  }
  return "value";
}

const char* to_string(builtin b) {
  switch (b) {
    case builtin::count: return "count";
    case builtin::exists: return "exists";
    case builtin::empty: return "empty";
    case builtin::string: return "string";
    case builtin::number: return "number";
    case builtin::quantity: return "quantity";
    case builtin::date: return "date";
    case builtin::version: return "version";
    case builtin::lower: return "lower";
    case builtin::upper: return "upper";
    case builtin::trim: return "trim";
    case builtin::length: return "length";
    case builtin::starts_with: return "starts_with";
    case builtin::ends_with: return "ends_with";
    case builtin::contains: return "contains";
    case builtin::lookup: return "lookup";
    case builtin::today: return "today";
    case builtin::days_between: return "days_between";
    case builtin::passed: return "passed";
  }
  return "?";
}

std::string canonical_key(const constant& c) {
  switch (c.t) {
    case type::string: return c.str;
    case type::boolean: return c.num != 0 ? "true" : "false";
    case type::number:
    case type::quantity:
    case type::date: return fmt::format("{}", c.num == 0 ? 0.0 : c.num);  // no "-0"
    case type::version: {
      // Numeric components without leading zeros, trailing zero components dropped.
      std::string out;
      std::string_view s = eval::trim(c.str);
      std::vector<std::string_view> parts;
      std::size_t i = 0;
      for (;;) {
        std::size_t j = i;
        while (j < s.size() && s[j] != '.' && s[j] != '-' && s[j] != '_') ++j;
        std::string_view part = s.substr(i, j - i);
        bool digits = !part.empty() && part.find_first_not_of("0123456789") == std::string_view::npos;
        if (digits)
          while (part.size() > 1 && part.front() == '0') part.remove_prefix(1);
        parts.push_back(part.empty() ? std::string_view("0") : part);
        if (j >= s.size()) break;
        i = j + 1;
      }
      while (parts.size() > 1 && parts.back() == "0") parts.pop_back();
      for (std::size_t k = 0; k < parts.size(); ++k) {
        if (k) out += '.';
        out.append(parts[k]);
      }
      return out;
    }
    case type::empty:
    case type::nodes: return {};
  }
  return {};
}

}  // namespace stancheck::ir
