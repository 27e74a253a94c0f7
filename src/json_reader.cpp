// json_reader.cpp — recursive-descent JSON parser with bounded depth and located errors.
#include "json_reader.hpp"

#include <charconv>
#include <cstdlib>

#include <fmt/format.h>

#include "source.hpp"

namespace stancheck {

json_error::json_error(std::string message, std::size_t off, uint32_t l, uint32_t c)
    : std::runtime_error(fmt::format("{}:{}: {}", l, c, message)), offset(off), line(l), column(c) {}

json_value::json_value() = default;
json_value::json_value(const json_value&) = default;
json_value::json_value(json_value&&) noexcept = default;
json_value& json_value::operator=(const json_value&) = default;
json_value& json_value::operator=(json_value&&) noexcept = default;
json_value::~json_value() = default;

const json_value* json_value::find(std::string_view key) const {
  if (type != kind::object) return nullptr;
  for (const auto& [k, v] : members)
    if (k == key) return &v;
  return nullptr;
}

std::string json_value::get_string(std::string_view key, std::string_view fallback) const {
  const json_value* v = find(key);
  return v && v->type == kind::string ? v->string : std::string(fallback);
}

uint32_t json_value::get_uint(std::string_view key, uint32_t fallback) const {
  const json_value* v = find(key);
  if (!v || v->type != kind::number || v->number < 0 || v->number > 4294967295.0) return fallback;
  return static_cast<uint32_t>(v->number);
}

bool json_value::get_bool(std::string_view key, bool fallback) const {
  const json_value* v = find(key);
  return v && v->type == kind::boolean ? v->boolean : fallback;
}

const std::vector<json_value>& json_value::get_array(std::string_view key) const {
  static const std::vector<json_value> none;
  const json_value* v = find(key);
  return v && v->type == kind::array ? v->items : none;
}

namespace detail {

class json_parser {
public:
  explicit json_parser(std::string_view t) : text_(t) {}

  json_value document() {
    json_value v = parse_value(0);
    skip_ws();
    if (pos_ != text_.size()) fail("unexpected text after the JSON value");
    return v;
  }

private:
  [[noreturn]] void fail(const std::string& what) const {
    line_table lines(text_);
    auto lc = lines.locate(pos_);
    throw json_error(what, pos_, lc.line, lc.column);
  }
  void skip_ws() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }
  bool eat(char c) {
    skip_ws();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!eat(c)) fail(fmt::format("expected '{}'", c));
  }
  bool literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  json_value parse_value(int depth) {
    if (depth > 256) fail("nesting deeper than 256 levels");
    skip_ws();
    if (pos_ >= text_.size()) fail("unexpected end of input");
    json_value v;
    char c = text_[pos_];
    if (c == '{') {
      ++pos_;
      v.type = json_value::kind::object;
      if (eat('}')) return v;
      do {
        skip_ws();
        if (pos_ >= text_.size() || text_[pos_] != '"') fail("expected a member name");
        std::string k = parse_string();
        expect(':');
        v.members.emplace_back(std::move(k), parse_value(depth + 1));
      } while (eat(','));
      expect('}');
    } else if (c == '[') {
      ++pos_;
      v.type = json_value::kind::array;
      if (eat(']')) return v;
      do v.items.push_back(parse_value(depth + 1));
      while (eat(','));
      expect(']');
    } else if (c == '"') {
      v.type = json_value::kind::string;
      v.string = parse_string();
    } else if (literal("true")) {
      v.type = json_value::kind::boolean;
      v.boolean = true;
    } else if (literal("false")) {
      v.type = json_value::kind::boolean;
    } else if (literal("null")) {
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      v.type = json_value::kind::number;
      v.number = parse_number();
    } else {
      fail("expected a JSON value");
    }
    return v;
  }

  double parse_number() {
    std::size_t start = pos_;
    if (text_[pos_] == '-') ++pos_;
    auto digits = [&] {
      std::size_t b = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      if (pos_ == b) fail("malformed number");
    };
    digits();
    if (pos_ < text_.size() && text_[pos_] == '.') ++pos_, digits();
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      digits();
    }
    std::string s(text_.substr(start, pos_ - start));
    return std::strtod(s.c_str(), nullptr);
  }

  uint32_t hex4() {
    if (pos_ + 4 > text_.size()) fail("truncated \\u escape");
    uint32_t cp = 0;
    auto r = std::from_chars(text_.data() + pos_, text_.data() + pos_ + 4, cp, 16);
    if (r.ptr != text_.data() + pos_ + 4) fail("malformed \\u escape");
    pos_ += 4;
    return cp;
  }

  static void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) out += static_cast<char>(cp);
    else if (cp < 0x800) out += static_cast<char>(0xC0 | (cp >> 6)), out += static_cast<char>(0x80 | (cp & 0x3F));
    else if (cp < 0x10000)
      out += static_cast<char>(0xE0 | (cp >> 12)), out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
          out += static_cast<char>(0x80 | (cp & 0x3F));
    else
      out += static_cast<char>(0xF0 | (cp >> 18)), out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
          out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), out += static_cast<char>(0x80 | (cp & 0x3F));
  }

  std::string parse_string() {
    ++pos_;  // opening quote
    std::string out;
    while (true) {
      if (pos_ >= text_.size()) fail("unterminated string");
      char c = text_[pos_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) fail("control character in a string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= text_.size()) fail("unterminated string");
      char e = text_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          uint32_t cp = hex4();
          if (cp >= 0xD800 && cp <= 0xDBFF && text_.substr(pos_, 2) == "\\u") {
            std::size_t save = pos_;
            pos_ += 2;
            uint32_t lo = hex4();
            if (lo >= 0xDC00 && lo <= 0xDFFF) cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            else pos_ = save, cp = 0xFFFD;
          } else if (cp >= 0xD800 && cp <= 0xDFFF) {
            cp = 0xFFFD;
          }
          append_utf8(out, cp);
          break;
        }
        default: --pos_, fail("unknown escape in a string");
      }
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace detail

json_value parse_json(std::string_view text) { return detail::json_parser(text).document(); }

}  // namespace stancheck
