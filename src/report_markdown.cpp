// report_markdown.cpp — a Markdown summary for CI job summary pages (GitHub, GitLab): verdict
// counts, the matrix of systems needing attention, findings, input errors and the packs.
#include <fmt/format.h>

#include "report.hpp"
#include "report_detail.hpp"

namespace stancheck {

namespace detail {

constexpr std::size_t md_row_cap = 200;  // job summary pages are size-limited

/// Text safe in a Markdown table cell: HTML-escaped, Markdown punctuation and pipes escaped,
/// line breaks folded.
std::string md(std::string_view raw) {
  std::string s = sanitize_utf8(raw);
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '\n':
        out += ' ';
        break;
      case '\r':
        break;
      case '|':
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '~':
      case '#':
      case '!':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

const char* md_badge(verdict_kind k) {
  switch (k) {
    case verdict_kind::conformant:
      return "\xE2\x9C\x85 conformant";
    case verdict_kind::non_conformant:
      return "\xE2\x9D\x8C non-conformant";
    case verdict_kind::incomplete:
      return "\xE2\x9A\xA0\xEF\xB8\x8F incomplete";
    case verdict_kind::not_applicable:
      return "\xE2\x80\x94 not-applicable";
    case verdict_kind::waived:
      return "\xF0\x9F\x9B\xA1\xEF\xB8\x8F waived";
  }
  return "";
}

bool needs_attention(const system_result& s) {
  for (const auto& v : s.verdicts)
    if (v.kind == verdict_kind::non_conformant || v.kind == verdict_kind::incomplete) return true;
  for (const auto& f : s.findings)
    if (counted(f)) return true;
  return false;
}

}  // namespace detail

std::string render_markdown(const run_result& r, const report_options& opts) {
  using namespace detail;
  std::string out = "# stancheck report\n\n";
  out += fmt::format("stancheck {}", md(r.tool_version));
  if (!r.as_of.empty()) out += fmt::format(" · as of {}", md(r.as_of));
  if (!r.profile.empty()) out += fmt::format(" · profile {}", md(r.profile));
  out += fmt::format("\n\n**{}**\n", md(one_line_summary(r)));

  auto tallies = tally_by_pack(r);
  if (!r.packs.empty()) {
    out +=
        "\n## Verdicts per standard\n\n| Standard | Pack | Conformant | Non-conformant | "
        "Incomplete | Waived | Not applicable |\n"
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |\n";
    for (std::size_t i = 0; i < r.packs.size(); ++i) {
      const verdict_tally& t = tallies[i];
      out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", md(r.packs[i].standard),
                         md(r.packs[i].id), t.conformant, t.non_conformant, t.incomplete, t.waived,
                         t.not_applicable);
    }
  }

  std::size_t attention = 0;
  system_view systems(r);
  for (const auto& s : systems) attention += needs_attention(s) ? 1 : 0;
  if (!systems.empty()) {
    out += fmt::format("\n## Systems needing attention ({} of {})\n\n", attention, systems.size());
    if (attention) {
      out += "| System | Name | Nation |";
      for (const auto& p : r.packs) out += fmt::format(" {} |", md(p.standard));
      out += "\n| --- | --- | --- |";
      for (std::size_t i = 0; i < r.packs.size(); ++i) out += " --- |";
      out += "\n";
      std::size_t shown = 0;
      for (const auto& s : system_view(r)) {
        if (!needs_attention(s)) continue;
        if (shown++ == md_row_cap) break;
        out += fmt::format("| {} | {} | {} |", md(s.id), md(s.name), md(s.nation));
        for (const auto& p : r.packs) {
          const verdict* v = find_verdict(s, p.id);
          out += fmt::format(" {}{} |", v ? md_badge(v->kind) : "",
                             v && v->level ? fmt::format(" (level {})", *v->level) : std::string());
        }
        out += "\n";
      }
      if (attention > md_row_cap)
        out += fmt::format("\n… and {} more: see the HTML, CSV or JSON report.\n",
                           attention - md_row_cap);
    }
  }

  std::size_t nfind = 0;
  for (const auto& s : system_view(r)) nfind += s.findings.size();
  if (nfind) {
    out += fmt::format(
        "\n## Findings ({})\n\n| Severity | Rule | System | Location | Message | Clause | Fix |\n"
        "| --- | --- | --- | --- | --- | --- | --- |\n",
        nfind);
    std::size_t shown = 0;
    for (const auto& s : system_view(r))
      for (const auto& f : s.findings) {
        if (shown++ >= md_row_cap) continue;
        std::string sev = to_string(f.level);
        if (!f.waived_by.empty()) sev = fmt::format("{} (waived by {})", sev, md(f.waived_by));
        std::string msg = md(f.message);
        if (f.missing_evidence) msg += " (evidence missing)";
        out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", sev, md(f.rule), md(s.id),
                           md(location(f.file, f.line, f.column)), msg, md(join(f.clauses, "; ")),
                           md(f.fix));
      }
    if (nfind > md_row_cap) out += fmt::format("\n… and {} more findings.\n", nfind - md_row_cap);
  }

  if (!r.input_errors.empty()) {
    out += fmt::format("\n## Input errors ({})\n\n| Location | Message |\n| --- | --- |\n",
                       r.input_errors.size());
    std::size_t shown = 0;
    for (const auto& e : r.input_errors)
      if (shown++ < md_row_cap)
        out += fmt::format("| {} | {} |\n", md(location(e.file, e.line, e.column)), md(e.message));
    if (r.input_errors.size() > md_row_cap)
      out += fmt::format("\n… and {} more.\n", r.input_errors.size() - md_row_cap);
  }

  if (opts.fixed && !opts.fixed->empty()) {
    out += fmt::format(
        "\n## Fixed since the baseline ({})\n\n| Rule | System | Location | Message |\n| --- | --- "
        "| --- | --- |\n",
        opts.fixed->size());
    std::size_t shown = 0;
    for (const auto& x : *opts.fixed)
      if (shown++ < md_row_cap)
        out +=
            fmt::format("| {} | {} | {} | {} |\n", md(x.item.rule), md(x.system),
                        md(location(x.item.file, x.item.line, x.item.column)), md(x.item.message));
  }

  out += "\n## Rule packs\n\n| Pack | Version | Standard | SHA-256 |\n| --- | --- | --- | --- |\n";
  for (const auto& p : r.packs)
    out += fmt::format("| {} | {} | {} | {} |\n", md(p.id), md(p.version),
                       md(p.edition.empty() ? p.standard : p.standard + " edition " + p.edition),
                       md(p.sha256));
  return out;
}

}  // namespace stancheck
