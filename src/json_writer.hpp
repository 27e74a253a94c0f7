// json_writer.hpp — a small streaming JSON writer: keys in call order, correct string escaping.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stancheck {

/// How strings are escaped.
struct json_style {
  bool pretty = true;      ///< two-space indentation, one member per line
  bool html_safe = false;  ///< also escape < > & (safe inside an HTML <script> element)
};

/// `s` as a JSON string literal (with quotes). Control characters become \uXXXX (or \n, \t, ...),
/// invalid UTF-8 becomes U+FFFD, U+2028/U+2029 are escaped so the output is also valid JavaScript.
std::string json_quote(std::string_view s, bool html_safe = false);
/// The same, appended to `out` (no temporary string: the writers' hot path).
void json_quote_append(std::string& out, std::string_view s, bool html_safe = false);

/// Writes JSON into a string. Members appear in the order written, so output is deterministic.
/// Misuse (a value where a key is expected, unbalanced ends) throws std::logic_error.
class json_writer {
 public:
  explicit json_writer(std::string& out, json_style style = {});
  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  void key(std::string_view k);
  void value(std::string_view s);
  void value(const char* s) { value(std::string_view(s)); }
  void value(const std::string& s) { value(std::string_view(s)); }
  void value(bool b);
  void value(int64_t n);
  void value(uint64_t n);
  void value(int n) { value(static_cast<int64_t>(n)); }
  void value(uint32_t n) { value(static_cast<uint64_t>(n)); }
  void value(double d);  ///< shortest round-trip form; non-finite numbers become null
  void null();
  /// key + value in one call.
  template <class T>
  void field(std::string_view k, const T& v) {
    key(k);
    value(v);
  }
  /// key + array of strings.
  void string_array(std::string_view k, const std::vector<std::string>& items);
  /// A writer for the next values of the array this writer is in, written into another string
  /// (a piece rendered on another thread): same indentation, a leading comma unless `first`.
  json_writer continuation(std::string& out, bool first) const;
  /// Counts `n` values that continuations wrote into the current array.
  void advance(uint32_t n);
  /// True when every opened object/array has been closed.
  bool complete() const { return stack_.empty() && wrote_root_; }

 private:
  struct level {
    bool object = false;
    uint32_t count = 0;
    bool key_pending = false;
  };
  void before_value();
  void newline();
  std::string& out_;
  json_style style_;
  std::vector<level> stack_;
  bool wrote_root_ = false;
};

}  // namespace stancheck
