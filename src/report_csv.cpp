// report_csv.cpp — RFC 4180 CSV: one row per finding, and the system x standard verdict matrix.
#include <fmt/format.h>

#include "report.hpp"
#include "report_detail.hpp"

namespace stancheck {

namespace detail {

/// One RFC 4180 field: quoted when it holds a comma, quote, CR or LF (or leading/trailing space).
/// A field a spreadsheet would run as a formula (=, +, @, or - not starting a number) gets a
/// leading apostrophe (CSV injection guard).
std::string csv_field(std::string_view raw) {
  std::string s = sanitize_utf8(raw);
  if (!s.empty()) {
    char c = s.front();
    bool number = c == '-' && s.size() > 1 && s[1] >= '0' && s[1] <= '9';
    if (c == '=' || c == '+' || c == '@' || c == '\t' || (c == '-' && !number))
      s.insert(0, 1, '\'');
  }
  bool quote = s.find_first_of(",\"\r\n") != std::string::npos ||
               (!s.empty() && (s.front() == ' ' || s.back() == ' '));
  if (!quote) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void csv_row(std::string& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += csv_field(fields[i]);
  }
  out += "\r\n";
}

}  // namespace detail

std::string render_csv(const run_result& r, const report_options& opts) {
  using namespace detail;
  std::string out;
  csv_row(out, {"system", "standard", "rule", "severity", "clause", "file", "line", "message",
                "column", "path", "fix", "waived_by", "missing_evidence", "pack", "pack_version",
                "pack_sha256", "stancheck_version"});
  render_systems(r, opts, out, [&](const system_result& s, std::size_t, std::string& piece) {
    for (const auto& f : s.findings) {
      const pack_info* p = find_pack(r, f.pack);
      csv_row(piece, {s.id, f.standard, f.rule, to_string(f.level), join(f.clauses, "; "), f.file,
                      f.line ? fmt::format("{}", f.line) : "", f.message,
                      f.column ? fmt::format("{}", f.column) : "", f.path, f.fix, f.waived_by,
                      f.missing_evidence ? "yes" : "no", f.pack, p ? p->version : "",
                      p ? p->sha256 : "", r.tool_version});
    }
  });
  for (const auto& e : r.input_errors)
    csv_row(out,
            {"", "", input_error_rule, "error", "", e.file, e.line ? fmt::format("{}", e.line) : "",
             e.message, e.column ? fmt::format("{}", e.column) : "", "", "", "", "no", "", "", "",
             r.tool_version});
  return out;
}

std::string render_csv_matrix(const run_result& r, const report_options& opts) {
  using namespace detail;
  std::string out;
  // Packs with levels get an extra "<standard> level" column.
  std::vector<bool> has_levels(r.packs.size(), false);
  for (const auto& s : system_view(r, system_view::verdicts_only))
    for (const auto& v : s.verdicts)
      if (v.level)
        for (std::size_t i = 0; i < r.packs.size(); ++i)
          if (r.packs[i].id == v.pack) has_levels[i] = true;
  std::vector<std::string> head = {"system", "name", "nation", "supplier"};
  for (std::size_t i = 0; i < r.packs.size(); ++i) {
    const pack_info& p = r.packs[i];
    std::string col = fmt::format("{} ({} {} sha256:{})", p.standard, p.id, p.version, p.sha256);
    head.push_back(col);
    if (has_levels[i]) head.push_back(fmt::format("{} level", p.standard));
  }
  head.push_back("stancheck_version");
  csv_row(out, head);
  for (const auto& s : system_view(r, system_view::verdicts_only)) {
    std::vector<std::string> row = {s.id, s.name, s.nation, s.supplier};
    for (std::size_t i = 0; i < r.packs.size(); ++i) {
      const verdict* v = find_verdict(s, r.packs[i].id);
      row.push_back(v ? to_string(v->kind) : "");
      if (has_levels[i]) row.push_back(v && v->level ? fmt::format("{}", *v->level) : "");
    }
    row.push_back(r.tool_version);
    csv_row(out, row);
    flush_point(out, opts);
  }
  return out;
}

}  // namespace stancheck
