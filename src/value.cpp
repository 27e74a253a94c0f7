// value.cpp — conversions between document text and typed values, and their readable form.
#include "value.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "units.hpp"

namespace stancheck::eval {

value from_constant(const ir::constant& c) {
  value v;
  v.t = c.t;
  v.num = c.num;
  v.dim = c.dim;
  if (c.t == ir::type::string || c.t == ir::type::version) v.str = c.str;
  return v;
}

std::optional<std::string_view> simple_text(const node_ref& n) {
  if (n.attr) return std::string_view(pugi::xml_attribute(n.attr).value());
  pugi::xml_node e(n.elem);
  if (e.type() == pugi::node_pcdata || e.type() == pugi::node_cdata) return std::string_view(e.value());
  pugi::xml_node c = e.first_child();
  if (!c) return std::string_view();
  if ((c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) && !c.next_sibling())
    return std::string_view(c.value());
  for (pugi::xml_node k = c; k; k = k.next_sibling())
    if (k.type() == pugi::node_element || k.type() == pugi::node_pcdata || k.type() == pugi::node_cdata)
      return std::nullopt;
  return std::string_view();  // only comments / processing instructions
}

void append_text(const node_ref& n, std::string& out) {
  if (n.attr) {
    out += pugi::xml_attribute(n.attr).value();
    return;
  }
  // Iterative pre-order walk of the subtree (documents may nest deeply).
  pugi::xml_node root(n.elem);
  pugi::xml_node cur = root.first_child();
  while (cur) {
    if (cur.type() == pugi::node_pcdata || cur.type() == pugi::node_cdata) out += cur.value();
    if (cur.type() == pugi::node_element && cur.first_child()) {
      cur = cur.first_child();
      continue;
    }
    while (cur && cur != root && !cur.next_sibling()) cur = cur.parent();
    if (!cur || cur == root) break;
    cur = cur.next_sibling();
  }
}

// Howard Hinnant's civil-date algorithms (public domain description).
int32_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

std::string civil_from_days(int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  return buf;
}

std::string_view trim(std::string_view s) {
  auto sp = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && sp(s.front())) s.remove_prefix(1);
  while (!s.empty() && sp(s.back())) s.remove_suffix(1);
  return s;
}

std::optional<int32_t> parse_date(std::string_view text) {
  text = trim(text);
  if (text.size() < 10) return std::nullopt;
  auto digits = [&](size_t from, size_t n, unsigned& out) {
    out = 0;
    for (size_t i = from; i < from + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      out = out * 10 + static_cast<unsigned>(text[i] - '0');
    }
    return true;
  };
  unsigned y, m, d;
  if (!digits(0, 4, y) || text[4] != '-' || !digits(5, 2, m) || text[7] != '-' || !digits(8, 2, d))
    return std::nullopt;
  if (text.size() > 10 && text[10] != 'T' && text[10] != ' ' && text[10] != 't') return std::nullopt;
  static constexpr unsigned month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > month_days[m - 1]) return std::nullopt;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m == 2 && d == 29 && !leap) return std::nullopt;
  return days_from_civil(static_cast<int>(y), m, d);
}

std::optional<double> parse_number(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  if (text.front() == '+') text.remove_prefix(1);
  double v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<bool> parse_boolean(std::string_view text) {
  text = trim(text);
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  return std::nullopt;
}

namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Next component of a dotted version ("4.1-2"): separators '.', '-', '_'.
std::string_view next_component(std::string_view& s) {
  size_t i = 0;
  while (i < s.size() && s[i] != '.' && s[i] != '-' && s[i] != '_') ++i;
  std::string_view c = s.substr(0, i);
  s.remove_prefix(i < s.size() ? i + 1 : i);
  return c;
}

int compare_numeric_text(std::string_view a, std::string_view b) {
  while (a.size() > 1 && a.front() == '0') a.remove_prefix(1);
  while (b.size() > 1 && b.front() == '0') b.remove_prefix(1);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  int c = a.compare(b);
  return c < 0 ? -1 : c > 0;
}

}  // namespace

int compare_versions(std::string_view a, std::string_view b) {
  a = trim(a);
  b = trim(b);
  while (!a.empty() || !b.empty()) {
    std::string_view x = a.empty() ? std::string_view("0") : next_component(a);
    std::string_view y = b.empty() ? std::string_view("0") : next_component(b);
    if (x.empty()) x = "0";
    if (y.empty()) y = "0";
    int c;
    if (all_digits(x) && all_digits(y)) {
      c = compare_numeric_text(x, y);
    } else {
      int k = x.compare(y);
      c = k < 0 ? -1 : k > 0;
    }
    if (c != 0) return c;
  }
  return 0;
}

std::string format_scalar(const value& v) {
  switch (v.t) {
    case ir::type::empty: return "(missing)";
    case ir::type::boolean: return v.num != 0 ? "true" : "false";
    case ir::type::number: return units::format_number(v.num);
    case ir::type::date: return civil_from_days(static_cast<int32_t>(v.num));
    case ir::type::quantity: {
      ir::constant c;
      c.t = ir::type::quantity;
      c.num = v.num;
      c.dim = v.dim;
      return units::format_quantity(c);
    }
    case ir::type::string:
    case ir::type::version: return std::string(v.str);
    case ir::type::nodes: return "";
  }
  return "";
}

std::string dimension_phrase(const ir::dimension& d) {
  std::string name = units::dimension_name(d);
  if (name.empty()) return "a number";
  char c = static_cast<char>(std::tolower(static_cast<unsigned char>(name.front())));
  bool vowel = c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
  return (vowel ? "an " : "a ") + name;
}

}  // namespace stancheck::eval
