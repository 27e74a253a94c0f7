// units.cpp — the unit table, quantity parsing with exact decimal scaling, and readable printing.
#include "units.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

namespace stancheck::units {

namespace detail {

using base = ir::dimension::base;

constexpr ir::dimension make(std::initializer_list<std::pair<base, int8_t>> exps) {
  ir::dimension d;
  for (auto [b, e] : exps) d.exp[b] = e;
  return d;
}

constexpr ir::dimension dim_voltage = make({{base::length, 2}, {base::mass, 1}, {base::time, -3}, {base::current, -1}});
constexpr ir::dimension dim_current = make({{base::current, 1}});
constexpr ir::dimension dim_power = make({{base::length, 2}, {base::mass, 1}, {base::time, -3}});
constexpr ir::dimension dim_resistance = make({{base::length, 2}, {base::mass, 1}, {base::time, -3}, {base::current, -2}});
constexpr ir::dimension dim_frequency = make({{base::time, -1}});
constexpr ir::dimension dim_data_rate = make({{base::information, 1}, {base::time, -1}});
constexpr ir::dimension dim_time = make({{base::time, 1}});
constexpr ir::dimension dim_length = make({{base::length, 1}});
constexpr ir::dimension dim_speed = make({{base::length, 1}, {base::time, -1}});
constexpr ir::dimension dim_mass = make({{base::mass, 1}});
constexpr ir::dimension dim_angle = make({{base::angle, 1}});
constexpr ir::dimension dim_data_size = make({{base::information, 1}});

constexpr double deg_factor = std::numbers::pi / 180.0;

/// One spelling in the unit table.
struct unit_def {
  std::string_view name;
  ir::dimension dim;
  int pow10;
  double factor;
  bool prefixable;
};

// The unit table. Exact spellings are looked up before prefix + spelling.
constexpr std::array<unit_def, 19> unit_table{{
    {"V", dim_voltage, 0, 1, true},
    {"A", dim_current, 0, 1, true},
    {"W", dim_power, 0, 1, true},
    {"Ω", dim_resistance, 0, 1, true},
    {"ohm", dim_resistance, 0, 1, true},
    {"Hz", dim_frequency, 0, 1, true},
    {"Bd", dim_frequency, 0, 1, true},  // baud: symbols per second
    {"bps", dim_data_rate, 0, 1, true},
    {"bit", dim_data_size, 0, 1, true},
    {"B", dim_data_size, 0, 8, true},
    {"s", dim_time, 0, 1, true},
    {"min", dim_time, 0, 60, false},
    {"h", dim_time, 0, 3600, false},
    {"d", dim_time, 0, 86400, false},
    {"m", dim_length, 0, 1, true},
    {"g", dim_mass, -3, 1, true},
    {"deg", dim_angle, 0, deg_factor, false},
    {"°", dim_angle, 0, deg_factor, false},
    {"rad", dim_angle, 0, 1, false},
}};

struct prefix_def {
  std::string_view name;
  int pow10;
};

constexpr std::array<prefix_def, 11> prefix_table{{
    {"p", -12}, {"n", -9}, {"µ", -6}, {"μ", -6}, {"u", -6}, {"m", -3},
    {"k", 3}, {"M", 6}, {"G", 9}, {"T", 12}, {"", 0},
}};

std::optional<unit> parse_simple(std::string_view text) {
  if (text.empty()) return std::nullopt;
  for (const auto& u : unit_table)
    if (u.name == text) return unit{u.dim, u.pow10, u.factor};
  for (const auto& p : prefix_table) {
    if (p.name.empty() || !text.starts_with(p.name)) continue;
    std::string_view rest = text.substr(p.name.size());
    for (const auto& u : unit_table)
      if (u.prefixable && u.name == rest) return unit{u.dim, u.pow10 + p.pow10, u.factor};
  }
  return std::nullopt;
}

bool iequal(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::size_t case_differences(std::string_view a, std::string_view b) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) n += a[i] != b[i];
  return n;
}

std::string suggest_simple(std::string_view text) {
  std::string best;
  std::size_t best_diff = SIZE_MAX;
  auto consider = [&](std::string candidate) {
    if (!iequal(candidate, text)) return;
    std::size_t d = case_differences(candidate, text);
    if (d < best_diff) best = std::move(candidate), best_diff = d;
  };
  for (const auto& u : unit_table) {
    consider(std::string(u.name));
    if (!u.prefixable) continue;
    for (const auto& p : prefix_table)
      if (!p.name.empty()) consider(std::string(p.name) + std::string(u.name));
  }
  if (!best.empty()) return best;
  // Spelled-out or plural unit names.
  static constexpr std::pair<std::string_view, std::string_view> aliases[] = {
      {"sec", "s"},    {"secs", "s"},   {"second", "s"}, {"seconds", "s"}, {"bits", "bit"},
      {"byte", "B"},   {"bytes", "B"},  {"baud", "Bd"},  {"volt", "V"},     {"volts", "V"},
      {"amp", "A"},    {"amps", "A"},   {"watt", "W"},   {"watts", "W"},    {"kph", "km/h"},
      {"days", "d"},   {"day", "d"},    {"hour", "h"},   {"hours", "h"},    {"mins", "min"},
      {"degree", "deg"}, {"degrees", "deg"},
  };
  for (auto [alias, unit] : aliases)
    if (iequal(alias, text)) return std::string(unit);
  return {};
}

/// Splits "-1.5e3" into mantissa "-1.5" and exponent 3; false if not a decimal number.
bool split_decimal(std::string_view text, std::string_view& mantissa, int& exponent) {
  std::size_t e = text.find_first_of("eE");
  mantissa = text.substr(0, e);
  exponent = 0;
  if (e == std::string_view::npos) return !mantissa.empty();
  std::string_view ex = text.substr(e + 1);
  if (!ex.empty() && ex[0] == '+') ex.remove_prefix(1);
  auto [p, ec] = std::from_chars(ex.data(), ex.data() + ex.size(), exponent);
  return ec == std::errc() && p == ex.data() + ex.size() && !mantissa.empty();
}

/// Length of the decimal number at the start of `s` (sign, digits, fraction, exponent), or 0.
std::size_t scan_number(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  std::size_t digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  }
  if (digits == 0) return 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < s.size() && (s[j] == '-' || s[j] == '+')) ++j;
    if (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) {
      while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
      i = j;
    }
  }
  return i;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

/// Chooses an SI prefix for `v` and prints "mantissa prefix+unit".
std::string with_prefix(double v, std::string_view unit_name) {
  static constexpr std::array<prefix_def, 9> shown{{
      {"T", 12}, {"G", 9}, {"M", 6}, {"k", 3}, {"", 0}, {"m", -3}, {"µ", -6}, {"n", -9}, {"p", -12},
  }};
  const prefix_def* chosen = &shown.back();
  if (v == 0) chosen = &shown[4];
  for (const auto& p : shown) {
    if (v == 0) break;
    if (std::fabs(v) >= std::pow(10.0, p.pow10) * (1 - 1e-12)) {
      chosen = &p;
      break;
    }
  }
  double m = chosen->pow10 >= 0 ? v / std::pow(10.0, chosen->pow10) : v * std::pow(10.0, -chosen->pow10);
  return fmt::format("{} {}{}", format_number(m), chosen->name, unit_name);
}

struct display_def {
  ir::dimension dim;
  std::string_view name;       // for messages
  std::string_view unit_name;  // SI unit shown
  double factor;               // SI magnitude of one display unit
  bool prefixable;
};

constexpr std::array<display_def, 12> display_table{{
    {dim_voltage, "voltage", "V", 1, true},
    {dim_current, "current", "A", 1, true},
    {dim_power, "power", "W", 1, true},
    {dim_resistance, "resistance", "Ω", 1, true},
    {dim_frequency, "frequency", "Hz", 1, true},
    {dim_data_rate, "data rate", "bit/s", 1, true},
    {dim_time, "time", "s", 1, true},
    {dim_length, "length", "m", 1, true},
    {dim_speed, "speed", "m/s", 1, true},
    {dim_mass, "mass", "g", 1e-3, true},
    {dim_angle, "angle", "deg", deg_factor, false},
    {dim_data_size, "data size", "bit", 1, true},
}};

const display_def* find_display(const ir::dimension& d) {
  for (const auto& e : display_table)
    if (e.dim == d) return &e;
  return nullptr;
}

std::string base_units(const ir::dimension& d) {
  static constexpr std::array<std::string_view, ir::dimension::count_> names{
      "m", "kg", "s", "A", "K", "mol", "cd", "bit", "rad"};
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (d.exp[i] == 0) continue;
    if (!out.empty()) out += "·";
    out += names[i];
    if (d.exp[i] != 1) out += fmt::format("^{}", d.exp[i]);
  }
  return out;
}

}  // namespace detail

ir::dimension multiply(const ir::dimension& a, const ir::dimension& b) {
  ir::dimension r;
  for (std::size_t i = 0; i < r.exp.size(); ++i) r.exp[i] = static_cast<int8_t>(a.exp[i] + b.exp[i]);
  return r;
}

ir::dimension divide(const ir::dimension& a, const ir::dimension& b) {
  ir::dimension r;
  for (std::size_t i = 0; i < r.exp.size(); ++i) r.exp[i] = static_cast<int8_t>(a.exp[i] - b.exp[i]);
  return r;
}

ir::dimension voltage() { return detail::dim_voltage; }
ir::dimension frequency() { return detail::dim_frequency; }
ir::dimension time() { return detail::dim_time; }
ir::dimension data_rate() { return detail::dim_data_rate; }

std::string dimension_name(const ir::dimension& d) {
  if (d.dimensionless()) return "number";
  if (const auto* e = detail::find_display(d)) return std::string(e->name);
  return detail::base_units(d);
}

std::string dimension_unit(const ir::dimension& d) {
  if (const auto* e = detail::find_display(d)) return std::string(e->unit_name);
  return detail::base_units(d);
}

std::optional<unit> parse_unit(std::string_view text) {
  std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return detail::parse_simple(text);
  auto num = detail::parse_simple(text.substr(0, slash));
  auto den = detail::parse_simple(text.substr(slash + 1));
  if (!num || !den) return std::nullopt;
  return unit{divide(num->dim, den->dim), num->pow10 - den->pow10, num->factor / den->factor};
}

std::string suggest_unit(std::string_view text) {
  std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return detail::suggest_simple(text);
  std::string_view a = text.substr(0, slash), b = text.substr(slash + 1);
  std::string sa = detail::parse_simple(a) ? std::string(a) : detail::suggest_simple(a);
  std::string sb = detail::parse_simple(b) ? std::string(b) : detail::suggest_simple(b);
  if (sa.empty() || sb.empty()) return {};
  return sa + "/" + sb;
}

std::optional<double> to_si(std::string_view number_text, const unit& u) {
  std::string_view mantissa;
  int exponent = 0;
  if (!detail::split_decimal(number_text, mantissa, exponent)) return std::nullopt;
  if (!mantissa.empty() && mantissa[0] == '+') mantissa.remove_prefix(1);
  std::string buf(mantissa);
  buf += fmt::format("e{}", static_cast<long>(exponent) + u.pow10);
  double v = 0;
  auto [p, ec] = std::from_chars(buf.data(), buf.data() + buf.size(), v);
  if (p != buf.data() + buf.size()) return std::nullopt;
  if (ec == std::errc::result_out_of_range) return std::nullopt;
  if (ec != std::errc()) return std::nullopt;
  return u.factor == 1 ? v : v * u.factor;
}

double to_si(double value, const unit& u) {
  if (!std::isfinite(value)) return value;
  auto r = to_si(fmt::format("{}", value), u);
  return r ? *r : value * std::pow(10.0, u.pow10) * u.factor;
}

std::optional<ir::constant> parse_quantity(std::string_view text) {
  std::string_view t = detail::trim(text);
  std::size_t n = detail::scan_number(t);
  if (n == 0) return std::nullopt;
  std::string_view number = t.substr(0, n);
  std::string_view rest = detail::trim(t.substr(n));
  ir::constant c;
  c.str = std::string(t);
  if (rest.empty()) {
    auto v = to_si(number, unit{});
    if (!v) return std::nullopt;
    c.t = ir::type::number;
    c.num = *v;
    return c;
  }
  auto u = parse_unit(rest);
  if (!u) return std::nullopt;
  auto v = to_si(number, *u);
  if (!v) return std::nullopt;
  c.t = u->dim.dimensionless() ? ir::type::number : ir::type::quantity;
  c.num = *v;
  c.dim = u->dim;
  return c;
}

std::string format_number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  if (v == 0) return "0";
  if (std::fabs(v) < 1e15 && v == std::floor(v)) return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{:.9g}", v);
}

std::string format_quantity(const ir::constant& c) {
  if (c.t != ir::type::quantity || c.dim.dimensionless()) return format_number(c.num);
  double v = c.num;
  using namespace detail;
  if (c.dim == dim_time) {
    double a = std::fabs(v);
    if (a >= 86400) return format_number(v / 86400) + " d";
    if (a >= 3600) return format_number(v / 3600) + " h";
    if (a >= 60) return format_number(v / 60) + " min";
    return with_prefix(v, "s");
  }
  if (c.dim == dim_data_size && v != 0 && std::fmod(v, 8) == 0) return with_prefix(v / 8, "B");
  if (const auto* e = find_display(c.dim)) {
    double shown = v / e->factor;
    if (e->prefixable) return with_prefix(shown, e->unit_name);
    return fmt::format("{} {}", format_number(shown), e->unit_name);
  }
  return fmt::format("{} {}", format_number(v), base_units(c.dim));
}

}  // namespace stancheck::units
