// source.hpp — a source text with a lazily built line table, and diagnostics as values.
//
// One location model for the whole tool: every stage records byte offsets; line and column
// are computed only when a diagnostic or finding is rendered.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace stancheck {

/// 1-based line and column (column counts bytes).
struct line_col {
  uint32_t line = 0;
  uint32_t column = 0;
};

/// Offsets of line starts in a text; built once, queried by binary search.
class line_table {
public:
  line_table() = default;
  explicit line_table(std::string_view text);
  line_col locate(std::size_t offset) const;
  /// The text of 1-based line `line` (without its newline) in `text`.
  std::string_view line_text(std::string_view text, uint32_t line) const;

private:
  std::vector<uint32_t> starts_;
};

/// A named source text (a rule pack, a profile file, a waiver file).
class source_file {
public:
  source_file(std::string name, std::string text);
  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }
  line_col locate(std::size_t offset) const;
  std::string_view line_text(uint32_t line) const;

private:
  std::string name_;
  std::string text_;
  mutable std::unique_ptr<line_table> lines_;  // built on first use
};

using source_ptr = std::shared_ptr<const source_file>;

enum class severity : uint8_t { error, warning, info };
const char* to_string(severity s);

/// A problem in user input (a rule pack, profile or waiver file), located by byte offset.
struct diagnostic {
  severity level = severity::error;
  source_ptr source;    // may be null for problems without a file
  uint32_t offset = 0;  // byte offset into source->text()
  std::string message;
};

/// `file:line:col: error: message`, then the source line and a caret under the spot.
std::string render_diagnostic(const diagnostic& d);
/// Renders every diagnostic, in order.
std::string render_diagnostics(const std::vector<diagnostic>& ds);
bool has_errors(const std::vector<diagnostic>& ds);

}  // namespace stancheck
