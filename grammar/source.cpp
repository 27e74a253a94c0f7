// source.cpp — line tables and the one diagnostic renderer for rule packs.
#include "source.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

namespace stancheck {

line_table::line_table(std::string_view text) {
  starts_.push_back(0);
  if (text.empty()) return;
  const char* base = text.data();
  const char* end = base + text.size();
  if (std::memchr(base, '\r', text.size())) {
    // A lone CR ends a line too (old Mac files; XML reads it as a line feed); CR LF is one break.
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')))
        starts_.push_back(static_cast<uint32_t>(i + 1));
    return;
  }
  for (const char* p = base; p < end;) {
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    if (!nl) break;
    p = static_cast<const char*>(nl) + 1;
    starts_.push_back(static_cast<uint32_t>(p - base));
  }
}

line_col line_table::locate(std::size_t offset) const {
  if (starts_.empty()) return {1, static_cast<uint32_t>(offset + 1)};
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  auto line = static_cast<uint32_t>(it - starts_.begin());  // 1-based
  return {line, static_cast<uint32_t>(offset - starts_[line - 1] + 1)};
}

std::string_view line_table::line_text(std::string_view text, uint32_t line) const {
  if (line == 0 || line > starts_.size()) return {};
  std::size_t b = starts_[line - 1];
  std::size_t e = line < starts_.size() ? starts_[line] : text.size();
  if (b > text.size()) return {};
  e = std::min(e, text.size());
  while (e > b && (text[e - 1] == '\n' || text[e - 1] == '\r')) --e;
  return text.substr(b, e - b);
}

source_file::source_file(std::string name, std::string text)
    : name_(std::move(name)), text_(std::move(text)) {}

line_col source_file::locate(std::size_t offset) const {
  if (!lines_) lines_ = std::make_unique<line_table>(text_);
  return lines_->locate(std::min(offset, text_.size()));
}

std::string_view source_file::line_text(uint32_t line) const {
  if (!lines_) lines_ = std::make_unique<line_table>(text_);
  return lines_->line_text(text_, line);
}

const char* to_string(severity s) {
  switch (s) {
    case severity::error: return "error";
    case severity::warning: return "warning";
    case severity::info: return "info";
  }
  return "error";
}

std::string render_diagnostic(const diagnostic& d) {
  if (!d.source) return fmt::format("stancheck: {}: {}\n", to_string(d.level), d.message);
  auto lc = d.source->locate(d.offset);
  std::string out = fmt::format("{}:{}:{}: {}: {}\n", d.source->name(), lc.line, lc.column,
                                to_string(d.level), d.message);
  std::string_view line = d.source->line_text(lc.line);
  constexpr std::size_t max_shown = 200;  // keep carets readable on very long lines
  std::size_t col = lc.column - 1;
  std::size_t from = col > max_shown / 2 && line.size() > max_shown ? col - max_shown / 2 : 0;
  std::string_view shown = line.substr(std::min(from, line.size()), max_shown);
  out += fmt::format("  {}\n  ", shown);
  for (std::size_t i = from; i < col && i - from < shown.size(); ++i)
    out += line[i] == '\t' ? '\t' : ' ';
  out += "^\n";
  return out;
}

std::string render_diagnostics(const std::vector<diagnostic>& ds) {
  std::string out;
  for (const auto& d : ds) out += render_diagnostic(d);
  return out;
}

bool has_errors(const std::vector<diagnostic>& ds) {
  return std::any_of(ds.begin(), ds.end(),
                     [](const diagnostic& d) { return d.level == severity::error; });
}

}  // namespace stancheck
