// report.hpp — renders a run_result in every output format (text, json, sarif, junit, csv,
// csv-matrix, markdown, github, html). Writers only read the result; output is deterministic:
// the same bytes for the same run_result, no timestamp other than run_result::as_of.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "result.hpp"

namespace stancheck {

enum class report_format { text, json, sarif, junit, csv, csv_matrix, markdown, github, html };

/// One row of the format table (read by parse_format, the CLI help text and docs/formats.md).
struct report_format_info {
  report_format format;
  const char* name;       ///< as written after --format / --output NAME=PATH
  const char* extension;  ///< conventional file extension, e.g. ".sarif"
  const char* description;
};

/// Every format, in a fixed order.
const std::vector<report_format_info>& report_formats();
/// "text", "json", "sarif", "junit", "csv", "csv-matrix" (also "csv_matrix"), "markdown" (also
/// "md"), "github", "html"; nullopt for anything else.
std::optional<report_format> parse_format(std::string_view name);
const char* to_string(report_format f);

/// A finding present in a baseline and absent from the current run.
struct fixed_finding {
  std::string system;
  finding item;
};

/// Receives a report in pieces, in order (a file being written, stdout).
using report_sink = std::function<void(std::string_view)>;

struct report_options {
  bool color = false;  ///< ANSI colour in the text format (the CLI decides: tty, NO_COLOR, --color)
  std::string working_dir;  ///< SARIF artifact URIs are made relative to this (absolute path; "" =
                            ///< leave as given)
  bool audit = false;       ///< `stancheck audit`: the text format adds the catalogue summary
  /// Baseline mode: findings that were in the baseline and are gone (text/json/markdown list them).
  const std::vector<fixed_finding>* fixed = nullptr;
  /// Set by render_report_to: the writers hand what they have rendered to it in pieces of about
  /// 1 MiB (at system boundaries), so a report of any size never sits whole in memory.
  const report_sink* sink = nullptr;
  /// Threads that render systems (the bytes do not depend on it).
  unsigned jobs = 1;
};

/// Renders `r` in `format`. Throws std::logic_error only on a bug; user text is always escaped.
std::string render_report(const run_result& r, report_format format,
                          const report_options& opts = {});

/// Renders `r` in `format` into `sink`, piece by piece: memory stays bounded by one system's
/// output plus a piece, whatever the size of the report. The bytes are those of render_report.
void render_report_to(const run_result& r, report_format format, const report_options& opts,
                      const report_sink& sink);

/// "stancheck: 3 systems, 4 files: 2 errors, 1 warning, 0 info (1 waived), 1 input error" — for
/// stderr.
std::string one_line_summary(const run_result& r);

/// Per-format writers (render_report dispatches to these).
std::string render_text(const run_result& r, const report_options& opts);
std::string render_json(const run_result& r, const report_options& opts);
std::string render_sarif(const run_result& r, const report_options& opts);
std::string render_junit(const run_result& r, const report_options& opts);
std::string render_csv(const run_result& r, const report_options& opts);
std::string render_csv_matrix(const run_result& r, const report_options& opts);
std::string render_markdown(const run_result& r, const report_options& opts);
std::string render_github(const run_result& r, const report_options& opts);
std::string render_html(const run_result& r, const report_options& opts);

}  // namespace stancheck
