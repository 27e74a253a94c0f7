// json_reader.hpp — a minimal JSON reader (RFC 8259) for reading back stancheck's own JSON reports.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stancheck {

/// A parsed JSON value. Objects keep their members in document order.
struct json_value {
  enum class kind : uint8_t { null, boolean, number, string, array, object };
  kind type = kind::null;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<json_value> items;                              // array
  std::vector<std::pair<std::string, json_value>> members;    // object

  // Declared here, defined where json_value is complete: std::pair<std::string, json_value> of
  // the incomplete type cannot be instantiated in the class body (clang with libstdc++).
  json_value();
  json_value(const json_value&);
  json_value(json_value&&) noexcept;
  json_value& operator=(const json_value&);
  json_value& operator=(json_value&&) noexcept;
  ~json_value();

  /// The member named `key`, or nullptr (also when this is not an object).
  const json_value* find(std::string_view key) const;
  /// Member as a string / unsigned number / bool, or `fallback` when absent or of another type.
  std::string get_string(std::string_view key, std::string_view fallback = {}) const;
  uint32_t get_uint(std::string_view key, uint32_t fallback = 0) const;
  bool get_bool(std::string_view key, bool fallback = false) const;
  /// Member array (empty when absent or not an array).
  const std::vector<json_value>& get_array(std::string_view key) const;
};

/// Malformed JSON: what and where (byte offset, 1-based line and column).
class json_error : public std::runtime_error {
public:
  json_error(std::string message, std::size_t offset, uint32_t line, uint32_t column);
  std::size_t offset;
  uint32_t line, column;
};

/// Parses one JSON document (nesting limited to 256 levels). Throws json_error.
json_value parse_json(std::string_view text);

}  // namespace stancheck
