// check_util.cpp — small helpers of the checker: diagnostics, "did you mean" suggestions, type
// descriptions for messages, clause-reference formats, dates and severities.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "check_detail.hpp"
#include "units.hpp"
#include "value.hpp"

namespace stancheck::checker_detail {

void compiler::error(const source_ptr& src, uint32_t offset, std::string message) {
  out.diagnostics.push_back({severity::error, src, offset, std::move(message)});
}

void compiler::warning(const source_ptr& src, uint32_t offset, std::string message) {
  out.diagnostics.push_back({severity::warning, src, offset, std::move(message)});
}

std::string compiler::where(const source_ptr& src, uint32_t offset) {
  if (!src) return "?";
  auto lc = src->locate(offset);
  return fmt::format("{}:{}:{}", src->name(), lc.line, lc.column);
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) == std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (same ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string closest(std::string_view name, const std::vector<std::string>& candidates) {
  std::vector<std::string> sorted = candidates;
  std::sort(sorted.begin(), sorted.end());
  std::string best;
  std::size_t best_d = std::max<std::size_t>(1, name.size() / 3) + 1;
  for (const auto& c : sorted) {
    if (c == name || c.size() > name.size() + 3 || name.size() > c.size() + 3) continue;
    std::size_t d = edit_distance(name, c);
    if (d < best_d && d < std::max(name.size(), c.size())) best = c, best_d = d;
  }
  return best;
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
  std::string c = closest(name, candidates);
  return c.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", c);
}

std::string describe(ir::type t, const ir::dimension& dim, bool any_dim) {
  switch (t) {
    case ir::type::empty: return "the empty value";
    case ir::type::boolean: return "a boolean";
    case ir::type::number: return "a number";
    case ir::type::string: return "a string";
    case ir::type::date: return "a date";
    case ir::type::version: return "a version";
    case ir::type::nodes: return "a node set";
    case ir::type::quantity: break;
  }
  if (any_dim) return "a quantity";
  std::string name = units::dimension_name(dim), unit = units::dimension_unit(dim);
  if (name == unit) return fmt::format("a quantity in {}", unit);
  bool vowel = std::string_view("aeiou").find(name.front()) != std::string_view::npos;
  return fmt::format("{} {} ({})", vowel ? "an" : "a", name, unit);
}

std::string describe(const ir::expr& e) { return describe(e.result, e.dim, e.any_dim); }

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }
bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

/// `ref` starts with `prefix` followed by digits (exactly `exact` of them when non-zero) that are
/// not followed by another digit.
bool numbered(std::string_view ref, std::string_view prefix, std::size_t exact = 0) {
  if (!ref.starts_with(prefix)) return false;
  std::size_t i = prefix.size(), n = 0;
  while (i + n < ref.size() && digit(ref[i + n])) ++n;
  return n > 0 && (exact == 0 || n == exact);
}

/// `ref` is `word` or starts with it followed by a non-alphanumeric character.
bool word(std::string_view ref, std::string_view w) {
  return ref.starts_with(w) && (ref.size() == w.size() || !alnum(ref[w.size()]));
}

}  // namespace

bool valid_clause(std::string_view ref) {
  if (numbered(ref, "STANAG ", 4) || numbered(ref, "MISB ST ", 4) || numbered(ref, "MIL-STD-") ||
      numbered(ref, "IEEE ") || numbered(ref, "ISO ") || numbered(ref, "RFC "))
    return true;
  if (word(ref, "ITU-R") || word(ref, "ITU-T") || word(ref, "NISP") || word(ref, "stancheck")) return true;
  // Allied publications: A, up to six letters, P-, a digit (ADatP-4774, AEP-84, APP-6(D), ATDLP-5.16).
  if (ref.size() >= 4 && ref[0] == 'A') {
    std::size_t i = 1;
    while (i < ref.size() && i <= 7 && std::isalpha(static_cast<unsigned char>(ref[i]))) ++i;
    return i >= 2 && ref[i - 1] == 'P' && i + 1 < ref.size() && ref[i] == '-' && digit(ref[i + 1]);
  }
  return false;
}

std::optional<int32_t> parse_date_literal(std::string_view text) {
  if (text.size() != 10) return std::nullopt;
  return eval::parse_date(text);
}

bool parse_severity(std::string_view text, severity& out) {
  if (text == "error") out = severity::error;
  else if (text == "warning") out = severity::warning;
  else if (text == "info") out = severity::info;
  else return false;
  return true;
}

}  // namespace stancheck::checker_detail
