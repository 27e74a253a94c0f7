// json_writer.cpp — JSON string escaping (UTF-8 checked) and the streaming writer.
#include "json_writer.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace stancheck {

namespace detail {

/// Length of the valid UTF-8 sequence at s[i], or 0 when it is invalid.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  std::size_t n = 0;
  uint32_t cp = 0;
  if (c >= 0xC2 && c <= 0xDF)
    n = 2, cp = c & 0x1F;
  else if (c >= 0xE0 && c <= 0xEF)
    n = 3, cp = c & 0x0F;
  else if (c >= 0xF0 && c <= 0xF4)
    n = 4, cp = c & 0x07;
  else
    return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
  if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
  return n;
}

}  // namespace detail

std::string json_quote(std::string_view s, bool html_safe) {
  std::string out;
  json_quote_append(out, s, html_safe);
  return out;
}

namespace {

/// Per byte: copied as it is (plain ASCII), for each of the two styles.
constexpr auto plain_table = [] {
  std::array<std::array<bool, 256>, 2> t{};
  for (int c = 0x20; c < 0x7F; ++c) {
    bool plain = c != '"' && c != '\\';
    t[0][c] = plain;
    t[1][c] = plain && c != '<' && c != '>' && c != '&';
  }
  return t;
}();

/// Length of the prefix of `s` that needs no escape.
std::size_t plain_prefix(std::string_view s, bool html_safe) {
  const std::array<bool, 256>& is_plain = plain_table[html_safe ? 1 : 0];
  std::size_t i = 0;
  while (i < s.size() && is_plain[static_cast<unsigned char>(s[i])]) ++i;
  return i;
}

/// Grows `out` by `n` bytes and returns where they start (the caller writes every one).
char* grow(std::string& out, std::size_t n) {
  const std::size_t old = out.size();
  out.resize(old + n);
  return out.data() + old;
}

}  // namespace

void json_quote_append(std::string& out, std::string_view s, bool html_safe) {
  const std::size_t head = plain_prefix(s, html_safe);
  if (head == s.size()) {  // nothing to escape (most strings): quotes and bytes in one step
    char* p = grow(out, s.size() + 2);
    *p++ = '"';
    if (!s.empty()) std::memcpy(p, s.data(), s.size());
    p[s.size()] = '"';
    return;
  }
  out += '"';
  out.append(s.data(), head);
  const std::array<bool, 256>& is_plain = plain_table[html_safe ? 1 : 0];
  auto plain = [&is_plain](unsigned char c) { return is_plain[c]; };
  for (std::size_t i = head; i < s.size();) {
    // Runs of characters that need no escape are copied in one append.
    std::size_t run = i;
    while (run < s.size() && plain(static_cast<unsigned char>(s[run]))) ++run;
    if (run > i) {
      out.append(s.data() + i, run - i);
      i = run;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      std::size_t n = detail::utf8_sequence(s, i);
      if (n == 0) {
        out += "\\ufffd";
        ++i;
        continue;
      }
      std::string_view seq = s.substr(i, n);
      if (seq == "\xE2\x80\xA8")
        out += "\\u2028";
      else if (seq == "\xE2\x80\xA9")
        out += "\\u2029";
      else
        out += seq;
      i += n;
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20 || c == 0x7F || (html_safe && (c == '<' || c == '>' || c == '&')))
          out += fmt::format("\\u{:04x}", c);
        else
          out += static_cast<char>(c);
    }
    ++i;
  }
  out += '"';
}

json_writer::json_writer(std::string& out, json_style style) : out_(out), style_(style) {}

void json_writer::newline() {
  if (!style_.pretty) return;
  out_ += '\n';
  out_.append(stack_.size() * 2, ' ');
}

void json_writer::before_value() {
  if (stack_.empty()) {
    if (wrote_root_) throw std::logic_error("json_writer: a second root value");
    wrote_root_ = true;
    return;
  }
  level& l = stack_.back();
  if (l.object) {
    if (!l.key_pending) throw std::logic_error("json_writer: value without a key");
    l.key_pending = false;
    return;
  }
  if (l.count++ > 0) out_ += ',';
  newline();
}

json_writer json_writer::continuation(std::string& out, bool first) const {
  if (stack_.empty() || stack_.back().object)
    throw std::logic_error("json_writer: continuation outside an array");
  json_writer w(out, style_);
  w.stack_ = stack_;
  w.stack_.back().count = first ? 0 : 1;
  w.wrote_root_ = true;
  return w;
}

void json_writer::advance(uint32_t n) {
  if (stack_.empty() || stack_.back().object)
    throw std::logic_error("json_writer: advance outside an array");
  stack_.back().count += n;
}

void json_writer::key(std::string_view k) {
  if (stack_.empty() || !stack_.back().object || stack_.back().key_pending)
    throw std::logic_error("json_writer: key outside an object");
  level& l = stack_.back();
  const bool comma = l.count++ > 0;
  l.key_pending = true;
  if (plain_prefix(k, style_.html_safe) == k.size()) {
    // Every key the reports write: separator, indentation, quoted key and colon in one step.
    const std::size_t indent = style_.pretty ? 1 + stack_.size() * 2 : 0;
    char* p = grow(out_, comma + indent + k.size() + (style_.pretty ? 4 : 3));
    if (comma) *p++ = ',';
    if (indent) {
      *p = '\n';
      std::memset(p + 1, ' ', indent - 1);
      p += indent;
    }
    *p++ = '"';
    if (!k.empty()) std::memcpy(p, k.data(), k.size());
    p += k.size();
    *p++ = '"';
    *p++ = ':';
    if (style_.pretty) *p = ' ';
    return;
  }
  if (comma) out_ += ',';
  newline();
  json_quote_append(out_, k, style_.html_safe);
  out_ += style_.pretty ? ": " : ":";
}

void json_writer::begin_object() {
  before_value();
  out_ += '{';
  stack_.push_back({true, 0, false});
}

void json_writer::begin_array() {
  before_value();
  out_ += '[';
  stack_.push_back({false, 0, false});
}

void json_writer::end_object() {
  if (stack_.empty() || !stack_.back().object || stack_.back().key_pending)
    throw std::logic_error("json_writer: unbalanced end_object");
  bool had = stack_.back().count > 0;
  stack_.pop_back();
  if (had) newline();
  out_ += '}';
}

void json_writer::end_array() {
  if (stack_.empty() || stack_.back().object)
    throw std::logic_error("json_writer: unbalanced end_array");
  bool had = stack_.back().count > 0;
  stack_.pop_back();
  if (had) newline();
  out_ += ']';
}

void json_writer::value(std::string_view s) {
  before_value();
  json_quote_append(out_, s, style_.html_safe);
}

void json_writer::value(bool b) {
  before_value();
  out_ += b ? "true" : "false";
}

void json_writer::value(int64_t n) {
  before_value();
  fmt::format_int f(n);
  out_.append(f.data(), f.size());
}

void json_writer::value(uint64_t n) {
  before_value();
  fmt::format_int f(n);
  out_.append(f.data(), f.size());
}

void json_writer::value(double d) {
  before_value();
  if (!std::isfinite(d))
    out_ += "null";
  else
    out_ += fmt::format("{}", d);
}

void json_writer::null() {
  before_value();
  out_ += "null";
}

void json_writer::string_array(std::string_view k, const std::vector<std::string>& items) {
  key(k);
  begin_array();
  for (const auto& s : items) value(s);
  end_array();
}

}  // namespace stancheck
