// report_html.cpp — the self-contained HTML audit report: summary, compliance charts (inline SVG),
// the verdict matrix, findings and per-system drill-down (rendered by inline JS from embedded
// JSON, paginated so 100,000 systems stay usable), pack digests. No external request of any kind.
#include <fmt/format.h>

#include <map>

#include "json_writer.hpp"
#include "report.hpp"
#include "report_detail.hpp"
#include "report_html_assets.hpp"

namespace stancheck {

namespace detail {

int verdict_code(verdict_kind k) { return static_cast<int>(k); }

/// A horizontal stacked bar chart: one row per label, segments
/// conformant/waived/incomplete/non-conformant.
std::string svg_chart(const std::string& caption,
                      const std::vector<std::pair<std::string, verdict_tally>>& rows) {
  constexpr int label_w = 190, bar_w = 380, row_h = 22, pad = 6;
  int height = static_cast<int>(rows.size()) * row_h + 2 * pad + 18;
  std::string out = fmt::format("<figure><figcaption>{}</figcaption>\n", html_escape(caption));
  out += fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
      "role=\"img\" "
      "aria-label=\"{}\" font-family=\"sans-serif\" font-size=\"12\">\n",
      label_w + bar_w + 70, height, label_w + bar_w + 70, height, html_escape(caption));
  int y = pad;
  for (const auto& [label, t] : rows) {
    uint32_t total = t.applicable();
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", label_w - 6,
                       y + 15, html_escape(label.empty() ? "(none)" : label));
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#eceff1\"/>\n",
                       label_w, y + 3, bar_w, row_h - 6);
    struct seg {
      uint32_t n;
      const char* colour;
      const char* name;
    };
    int x = label_w;
    uint32_t acc = 0;
    for (seg s : {seg{t.conformant, "#2e7d32", "conformant"}, seg{t.waived, "#6a1b9a", "waived"},
                  seg{t.incomplete, "#f9a825", "incomplete"},
                  seg{t.non_conformant, "#c62828", "non-conformant"}}) {
      if (!s.n || !total) continue;
      acc += s.n;
      int end = label_w + static_cast<int>(static_cast<uint64_t>(acc) * bar_w / total);
      out += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}: {} "
          "{}</title></rect>\n",
          x, y + 3, end - x, row_h - 6, s.colour, html_escape(label), s.n, s.name);
      x = end;
    }
    std::string pct = total ? fmt::format("{}.{}%", t.conformant * 1000ULL / total / 10,
                                          t.conformant * 1000ULL / total % 10)
                            : std::string("n/a");
    out += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", label_w + bar_w + 6, y + 15, pct);
    y += row_h;
  }
  out += fmt::format(
      "<g transform=\"translate({},{})\"><rect width=\"10\" height=\"10\" fill=\"#2e7d32\"/><text "
      "x=\"14\" y=\"9\">conformant</text>"
      "<rect x=\"100\" width=\"10\" height=\"10\" fill=\"#6a1b9a\"/><text x=\"114\" "
      "y=\"9\">waived</text>"
      "<rect x=\"170\" width=\"10\" height=\"10\" fill=\"#f9a825\"/><text x=\"184\" "
      "y=\"9\">incomplete</text>"
      "<rect x=\"260\" width=\"10\" height=\"10\" fill=\"#c62828\"/><text x=\"274\" "
      "y=\"9\">non-conformant</text></g>\n",
      label_w, y + 4);
  out += "</svg></figure>\n";
  return out;
}

/// The data the script renders, as compact arrays (see docs/formats.md, "html").
void html_data(const run_result& r, std::string& out, const report_options& opts) {
  json_writer w(out, json_style{false, true});
  w.begin_object();
  w.key("packs");
  w.begin_array();
  for (const auto& p : r.packs) {
    w.begin_array();
    for (const auto* s : {&p.id, &p.version, &p.standard, &p.edition, &p.sha256, &p.title})
      w.value(*s);
    w.end_array();
  }
  w.end_array();
  w.key("rules");
  w.begin_object();
  for (const auto& ru : described_rules(r)) {
    w.key(ru.id);
    w.begin_array();
    w.value(ru.title);
    w.value(ru.help);
    w.end_array();
  }
  w.end_object();
  w.key("systems");
  w.begin_array();
  uint64_t next = 0;
  for (const auto& s : system_view(r)) {
    w.begin_array();
    w.value(s.id);
    w.value(s.name);
    w.value(s.nation);
    w.value(s.supplier);
    bool levels = false;
    w.begin_array();
    for (const auto& p : r.packs) {
      const verdict* v = find_verdict(s, p.id);
      w.value(v ? verdict_code(v->kind) : -1);
      levels = levels || (v && v->level);
    }
    w.end_array();
    if (!levels) {
      w.null();
    } else {
      w.begin_array();
      for (const auto& p : r.packs) {
        const verdict* v = find_verdict(s, p.id);
        if (v && v->level)
          w.value(*v->level);
        else
          w.null();
      }
      w.end_array();
    }
    w.value(next);
    w.value(static_cast<uint64_t>(s.findings.size()));
    next += s.findings.size();
    w.begin_array();
    for (const auto& f : s.files) w.value(f);
    w.end_array();
    if (!levels) {
      w.null();
    } else {
      w.begin_array();
      for (const auto& p : r.packs) {
        const verdict* v = find_verdict(s, p.id);
        w.value(v ? v->level_title : std::string());
      }
      w.end_array();
    }
    w.end_array();
    flush_point(out, opts);
  }
  w.end_array();
  w.key("findings");
  w.begin_array();
  system_view systems(r);
  for (std::size_t si = 0; si < systems.size(); ++si) {
    flush_point(out, opts);
    for (const auto& f : systems[si].findings) {
      w.begin_array();
      w.value(static_cast<uint64_t>(si));
      w.value(f.rule);
      w.value(static_cast<int>(f.level));
      w.value(f.message);
      w.value(f.file);
      w.value(f.line);
      w.value(f.column);
      w.value(f.path);
      w.value(join(f.clauses, "; "));
      w.value(f.fix);
      w.value(f.waived_by);
      w.value(f.missing_evidence ? 1 : 0);
      w.end_array();
    }
  }
  w.end_array();
  w.key("input_errors");
  w.begin_array();
  for (const auto& e : r.input_errors) {
    w.begin_array();
    w.value(e.file);
    w.value(e.line);
    w.value(e.column);
    w.value(e.message);
    w.end_array();
  }
  w.end_array();
  w.end_object();
}

}  // namespace detail

std::string render_html(const run_result& r, const report_options& opts) {
  using namespace detail;
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
      "'unsafe-inline'; "
      "script-src 'unsafe-inline'; img-src data:\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<link rel=\"icon\" href=\"data:,\">\n";
  out += fmt::format("<meta name=\"generator\" content=\"stancheck {}\">\n",
                     html_escape(r.tool_version));
  out += fmt::format("<title>stancheck audit report{}</title>\n",
                     r.as_of.empty() ? std::string() : " \xE2\x80\x94 " + html_escape(r.as_of));
  out += "<style>";
  out += html_style();
  out += "</style>\n</head>\n<body>\n<header>\n<h1>stancheck audit report</h1>\n";
  out += fmt::format(
      "<p>stancheck {}{}{}</p>\n", html_escape(r.tool_version),
      r.as_of.empty() ? std::string() : " \xC2\xB7 as of " + html_escape(r.as_of),
      r.profile.empty() ? std::string() : " \xC2\xB7 profile " + html_escape(r.profile));
  out += "</header>\n<main>\n";

  const run_summary& s = r.summary;
  out += "<div class=\"cards\">\n";
  auto card = [&](std::string_view label, uint32_t n) {
    out += fmt::format("<div class=\"card\"><b>{}</b>{}</div>\n", n, label);
  };
  card("systems", s.systems);
  card("files", s.files);
  card("errors", s.errors);
  card("warnings", s.warnings);
  card("infos", s.infos);
  card("waived", s.waived);
  card("input errors", s.input_errors);
  out += "</div>\n";
  out += fmt::format("<p>{}</p>\n", html_escape(one_line_summary(r)));

  // Charts: compliance rate per standard (pack) and per nation, over applicable verdicts.
  auto tallies = tally_by_pack(r);
  std::vector<std::pair<std::string, verdict_tally>> by_standard;
  for (std::size_t i = 0; i < r.packs.size(); ++i)
    by_standard.emplace_back(r.packs[i].standard, tallies[i]);
  std::map<std::string, verdict_tally> nations;
  for (const auto& sys : system_view(r, system_view::verdicts_only)) {
    verdict_tally& t = nations[sys.nation];
    for (const auto& v : sys.verdicts) t.add(v.kind);
  }
  out += "<h2 id=\"charts\">Compliance</h2>\n<div class=\"charts\">\n";
  out += svg_chart("Conformant share of applicable verdicts, per standard", by_standard);
  out +=
      svg_chart("Conformant share of applicable verdicts, per nation",
                std::vector<std::pair<std::string, verdict_tally>>(nations.begin(), nations.end()));
  out += "</div>\n";

  out +=
      "<h2 id=\"matrix-title\">Verdict matrix (systems \xC3\x97 standards)</h2>\n"
      "<p class=\"legend\"><span class=\"v0\">conformant</span><span "
      "class=\"v1\">non-conformant</span>"
      "<span class=\"v2\">incomplete (evidence missing)</span><span class=\"v3\">n/a = "
      "not-applicable</span>"
      "<span class=\"v4\">waived</span></p>\n"
      "<div id=\"matrix\"><noscript>The matrix, findings and drill-down need JavaScript; the JSON "
      "and CSV "
      "reports hold the same data.</noscript></div>\n";
  out += "<h2 id=\"system\">System details</h2>\n<div id=\"detail\"></div>\n";
  out += "<h2 id=\"findings-title\">Findings</h2>\n<div id=\"findings\"></div>\n";
  if (!r.input_errors.empty())
    out += "<h2>Input errors</h2>\n<div id=\"input-errors\"></div>\n";
  else
    out += "<div id=\"input-errors\"></div>\n";

  out +=
      "<h2 id=\"packs\">Rule packs "
      "applied</h2>\n<table>\n<thead><tr><th>Pack</th><th>Title</th><th>Version</th>"
      "<th>Standard</th><th>Edition</th><th>SHA-256</th></tr></thead>\n<tbody>\n";
  for (const auto& p : r.packs)
    out += fmt::format(
        "<tr><td class=\"mono\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td "
        "class=\"mono\">{}</td></tr>\n",
        html_escape(p.id), html_escape(p.title), html_escape(p.version), html_escape(p.standard),
        html_escape(p.edition), html_escape(p.sha256));
  out += "</tbody>\n</table>\n";
  out += fmt::format(
      "<p class=\"muted\">Generated by stancheck {}{}. The rule packs are built from public "
      "information "
      "and are no substitute for official certification.</p>\n",
      html_escape(r.tool_version),
      r.as_of.empty() ? std::string() : ", as of " + html_escape(r.as_of));
  out += "</main>\n<script type=\"application/json\" id=\"stancheck-data\">";
  html_data(r, out, opts);
  out += "</script>\n<script>";
  out += html_script();
  out += "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace stancheck
