// report_github.cpp — GitHub Actions workflow commands: one annotation per finding
// (`::error file=…,line=…,col=…,title=…::message`), the packs in a log group, a summary line.
#include <fmt/format.h>

#include "report.hpp"
#include "report_detail.hpp"

namespace stancheck {

namespace detail {

/// Escaping of a workflow-command message (data).
std::string gh_data(std::string_view raw) {
  std::string out;
  for (char c : sanitize_utf8(raw)) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else
      out += c;
  }
  return out;
}

/// Escaping of a workflow-command property value (also ':' and ',').
std::string gh_property(std::string_view raw) {
  std::string out;
  for (char c : gh_data(raw)) {
    if (c == ':')
      out += "%3A";
    else if (c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

const char* gh_command(severity s) {
  switch (s) {
    case severity::error:
      return "error";
    case severity::warning:
      return "warning";
    case severity::info:
      return "notice";
  }
  return "error";
}

std::string gh_annotation(const char* command, const std::string& file, uint32_t line,
                          uint32_t column, const std::string& title, const std::string& message) {
  std::string props;
  auto add = [&](std::string_view k, const std::string& v) {
    props += props.empty() ? " " : ",";
    props += fmt::format("{}={}", k, v);
  };
  if (!file.empty()) add("file", gh_property(file));
  if (line) add("line", fmt::format("{}", line));
  if (line && column) add("col", fmt::format("{}", column));
  add("title", gh_property(title));
  return fmt::format("::{}{}::{}\n", command, props, gh_data(message));
}

}  // namespace detail

std::string render_github(const run_result& r, const report_options& opts) {
  using namespace detail;
  std::string out = fmt::format("::group::stancheck {} rule packs\n", gh_data(r.tool_version));
  for (const auto& p : r.packs)
    out += fmt::format("{} {} ({}) sha256:{}\n", gh_data(p.id), gh_data(p.version),
                       gh_data(p.standard), gh_data(p.sha256));
  out += "::endgroup::\n";
  render_systems(r, opts, out, [&](const system_result& s, std::size_t, std::string& piece) {
    for (const auto& f : s.findings) {
      if (!f.waived_by.empty()) continue;  // suppressed by a waiver
      std::string msg = f.message;
      if (!f.clauses.empty()) msg += "\nclause: " + join(f.clauses, "; ");
      if (f.missing_evidence) msg += "\nevidence: missing";
      if (!f.fix.empty()) msg += "\nfix: " + f.fix;
      piece += gh_annotation(gh_command(f.level), relative_path(f.file, opts.working_dir), f.line,
                             f.column, fmt::format("{} ({})", f.rule, s.id), msg);
    }
  });
  for (const auto& e : r.input_errors)
    out += gh_annotation("error", relative_path(e.file, opts.working_dir), e.line, e.column,
                         input_error_rule, e.message);
  out += gh_data(one_line_summary(r)) + "\n";
  return out;
}

}  // namespace stancheck
