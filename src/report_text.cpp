// report_text.cpp — the default human/editor format: `file:line:col: severity: message [rule-id]`
// grouped by system, a verdict line per standard, and a closing summary line.
#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "report.hpp"
#include "report_detail.hpp"

namespace stancheck {

namespace detail {

struct palette {
  bool on = false;
  std::string paint(std::string_view text, const char* code) const {
    if (!on) return std::string(text);
    return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
  }
  static const char* of(severity s) {
    switch (s) {
      case severity::error:
        return "1;31";
      case severity::warning:
        return "1;33";
      case severity::info:
        return "1;36";
    }
    return "0";
  }
  static const char* of(verdict_kind v) {
    switch (v) {
      case verdict_kind::conformant:
        return "32";
      case verdict_kind::non_conformant:
        return "31";
      case verdict_kind::incomplete:
        return "33";
      case verdict_kind::not_applicable:
        return "2";
      case verdict_kind::waived:
        return "35";
    }
    return "0";
  }
};

/// Terminal text must not carry control characters from documents (no escape injection).
std::string text_safe(std::string_view raw) {
  std::string s = sanitize_utf8(raw);
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += ' ';
    else if (u < 0x20 || u == 0x7F)
      out += fmt::format("\\x{:02x}", u);
    else
      out += c;
  }
  return out;
}

void text_finding(std::string& out, const finding& f, const palette& p) {
  out += fmt::format("{}: {}: {} [{}]\n", text_safe(location(f.file, f.line, f.column)),
                     p.paint(to_string(f.level), palette::of(f.level)), text_safe(f.message),
                     text_safe(f.rule));
  if (!f.path.empty()) out += fmt::format("  at: {}\n", text_safe(f.path));
  if (!f.clauses.empty()) out += fmt::format("  clause: {}\n", text_safe(join(f.clauses, "; ")));
  if (f.missing_evidence) out += "  evidence: missing (no test report shows this test)\n";
  if (!f.fix.empty()) out += fmt::format("  fix: {}\n", text_safe(f.fix));
  if (!f.waived_by.empty())
    out += fmt::format("  waived by {} (not counted)\n", text_safe(f.waived_by));
}

/// `stancheck audit`: verdict counts per standard and the ten systems with the most findings.
void audit_summary(std::string& out, const run_result& r, const palette& p) {
  out += "\n" + p.paint("== catalogue summary", "1") + "\n";
  auto tallies = tally_by_pack(r);
  for (std::size_t i = 0; i < r.packs.size(); ++i) {
    const verdict_tally& t = tallies[i];
    out += fmt::format(
        "{} ({}): {} conformant, {} non-conformant, {} incomplete, {} waived, {} not-applicable\n",
        text_safe(r.packs[i].standard), text_safe(r.packs[i].id), t.conformant, t.non_conformant,
        t.incomplete, t.waived, t.not_applicable);
  }
  struct offender {
    uint32_t errors = 0, warnings = 0, infos = 0;
    std::size_t index = 0;
  };
  std::vector<offender> worst;
  system_view systems(r);
  for (std::size_t i = 0; i < systems.size(); ++i) {
    offender o;
    o.index = i;
    for (const auto& f : systems[i].findings) {
      if (!counted(f)) continue;
      if (f.level == severity::error)
        ++o.errors;
      else if (f.level == severity::warning)
        ++o.warnings;
      else
        ++o.infos;
    }
    if (o.errors + o.warnings + o.infos) worst.push_back(o);
  }
  auto key = [](const offender& o) { return std::make_tuple(o.errors, o.warnings, o.infos); };
  std::size_t n = std::min<std::size_t>(10, worst.size());
  std::partial_sort(worst.begin(), worst.begin() + static_cast<std::ptrdiff_t>(n), worst.end(),
                    [&](const offender& a, const offender& b) {
                      return key(a) != key(b) ? key(a) > key(b) : a.index < b.index;
                    });
  if (n) out += "worst offenders:\n";
  for (std::size_t i = 0; i < n; ++i) {
    const system_result& s = systems[worst[i].index];
    out += fmt::format("  {} ({}): {}, {}, {}\n", text_safe(s.id), text_safe(s.nation),
                       plural(worst[i].errors, "error", "errors"),
                       plural(worst[i].warnings, "warning", "warnings"),
                       plural(worst[i].infos, "info", "infos"));
  }
}

}  // namespace detail

std::string render_text(const run_result& r, const report_options& opts) {
  using namespace detail;
  palette p{opts.color};
  std::string out;
  std::string head = fmt::format("stancheck {}", text_safe(r.tool_version));
  if (!r.as_of.empty()) head += fmt::format(", as of {}", text_safe(r.as_of));
  if (!r.profile.empty()) head += fmt::format(", profile {}", text_safe(r.profile));
  out += p.paint(head, "1") + "\n";
  for (const auto& pk : r.packs)
    out += fmt::format("pack {} {} ({}{}{}) sha256:{}\n", text_safe(pk.id), text_safe(pk.version),
                       text_safe(pk.standard), pk.edition.empty() ? "" : " edition ",
                       text_safe(pk.edition), text_safe(pk.sha256));
  render_systems(r, opts, out, [&](const system_result& s, std::size_t, std::string& piece) {
    std::string title = "== " + text_safe(s.id);
    if (!s.name.empty()) title += fmt::format(" \"{}\"", text_safe(s.name));
    if (!s.nation.empty()) title += fmt::format(" ({})", text_safe(s.nation));
    piece += "\n" + p.paint(title, "1") + "\n";
    for (const auto& f : s.findings) text_finding(piece, f, p);
    for (const auto& v : s.verdicts) {
      const pack_info* pk = find_pack(r, v.pack);
      std::string line =
          fmt::format("verdict {} ({}{}{}): ", text_safe(v.standard), text_safe(v.pack),
                      pk ? " " : "", pk ? text_safe(pk->version) : "");
      line += p.paint(to_string(v.kind), palette::of(v.kind));
      if (v.level) {
        line += fmt::format(", level {}", *v.level);
        if (!v.level_title.empty()) line += fmt::format(" ({})", text_safe(v.level_title));
      }
      piece += line + "\n";
    }
  });
  if (!r.input_errors.empty()) {
    out += "\n" + p.paint("== input errors", "1") + "\n";
    for (const auto& e : r.input_errors)
      out += fmt::format("{}: {}: {} [{}]\n", text_safe(location(e.file, e.line, e.column)),
                         p.paint("error", palette::of(severity::error)), text_safe(e.message),
                         input_error_rule);
  }
  if (opts.fixed && !opts.fixed->empty()) {
    out += "\n" + p.paint("== fixed since the baseline", "1") + "\n";
    for (const auto& x : *opts.fixed)
      out += fmt::format("{}: {}: {} [{}] (system {})\n",
                         text_safe(location(x.item.file, x.item.line, x.item.column)),
                         p.paint("fixed", "32"), text_safe(x.item.message), text_safe(x.item.rule),
                         text_safe(x.system));
  }
  if (opts.audit) audit_summary(out, r, p);
  out += "\n" + text_safe(one_line_summary(r)) + "\n";
  return out;
}

}  // namespace stancheck
