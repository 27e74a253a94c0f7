// report_json.cpp — the whole run as JSON with a stable, documented shape (docs/formats.md).
#include "baseline.hpp"
#include "json_writer.hpp"
#include "report.hpp"
#include "report_detail.hpp"

namespace stancheck {

namespace detail {

void json_finding(json_writer& w, const finding& f, const std::string& system) {
  w.begin_object();
  w.field("rule", f.rule);
  w.field("severity", to_string(f.level));
  w.field("message", f.message);
  w.field("file", f.file);
  w.field("line", f.line);
  w.field("column", f.column);
  w.field("path", f.path);
  w.string_array("clauses", f.clauses);
  w.field("pack", f.pack);
  w.field("standard", f.standard);
  w.field("fix", f.fix);
  w.field("missing_evidence", f.missing_evidence);
  w.key("waived_by");
  if (f.waived_by.empty())
    w.null();
  else
    w.value(f.waived_by);
  w.field("fingerprint", fingerprint(f, system));
  w.end_object();
}

void json_level(json_writer& w, const std::optional<uint32_t>& level) {
  w.key("level");
  if (level)
    w.value(*level);
  else
    w.null();
}

}  // namespace detail

std::string render_json(const run_result& r, const report_options& opts) {
  using namespace detail;
  std::string out;
  // Room for the usual report (about 4 KB per system and 1 KB per finding; untouched pages cost
  // no memory), so hundreds of megabytes are not copied while the string doubles.
  // A streamed report (opts.sink) is written in pieces: room for one piece is enough. Spooled
  // systems are only read once, below.
  if (opts.sink || r.spool) {
    out.reserve(2 * detail::stream_chunk);
  } else {
    std::size_t findings = 0;
    for (const system_result& s : r.systems) findings += s.findings.size();
    out.reserve(4096 + r.rules.size() * 512 + r.systems.size() * 5120 + findings * 1200);
  }
  json_writer w(out);
  w.begin_object();
  w.key("tool");
  w.begin_object();
  w.field("name", "stancheck");
  w.field("version", r.tool_version);
  w.end_object();
  w.field("as_of", r.as_of);
  w.key("profile");
  if (r.profile.empty())
    w.null();
  else
    w.value(r.profile);

  w.key("packs");
  w.begin_array();
  for (const auto& p : r.packs) {
    w.begin_object();
    w.field("id", p.id);
    w.field("version", p.version);
    w.field("standard", p.standard);
    w.field("sha256", p.sha256);
    w.field("title", p.title);
    w.field("edition", p.edition);
    w.field("file", p.file);
    w.end_object();
  }
  w.end_array();

  w.key("rules");
  w.begin_array();
  for (const auto& ru : r.rules) {
    w.begin_object();
    w.field("id", ru.id);
    w.field("pack", ru.pack);
    w.field("standard", ru.standard);
    w.field("title", ru.title);
    w.field("severity", to_string(ru.level));
    w.string_array("clauses", ru.clauses);
    w.field("help", ru.help);
    w.field("fix", ru.fix);
    json_level(w, ru.conformance_level);
    w.end_object();
  }
  w.end_array();

  w.key("systems");
  w.begin_array();
  render_systems(r, opts, out, [&](const system_result& s, std::size_t i, std::string& piece) {
    json_writer p = w.continuation(piece, i == 0);
    p.begin_object();
    p.field("id", s.id);
    p.field("name", s.name);
    p.field("nation", s.nation);
    p.field("supplier", s.supplier);
    p.string_array("files", s.files);
    p.key("verdicts");
    p.begin_array();
    for (const auto& v : s.verdicts) {
      p.begin_object();
      p.field("standard", v.standard);
      p.field("pack", v.pack);
      p.field("verdict", to_string(v.kind));
      json_level(p, v.level);
      p.field("level_title", v.level_title);
      p.end_object();
    }
    p.end_array();
    p.key("findings");
    p.begin_array();
    for (const auto& f : s.findings) json_finding(p, f, s.id);
    p.end_array();
    p.string_array("rules_applied", s.rules_applied);
    p.end_object();
  });
  w.advance(static_cast<uint32_t>(system_view(r).size()));
  w.end_array();

  w.key("input_errors");
  w.begin_array();
  for (const auto& e : r.input_errors) {
    w.begin_object();
    w.field("file", e.file);
    w.field("line", e.line);
    w.field("column", e.column);
    w.field("message", e.message);
    w.end_object();
  }
  w.end_array();

  if (opts.fixed) {
    w.key("fixed");
    w.begin_array();
    for (const auto& x : *opts.fixed) {
      w.begin_object();
      w.field("system", x.system);
      w.key("finding");
      json_finding(w, x.item, x.system);
      w.end_object();
    }
    w.end_array();
  }

  const run_summary& sum = r.summary;
  w.key("summary");
  w.begin_object();
  w.field("files", sum.files);
  w.field("systems", sum.systems);
  w.key("findings");
  w.begin_object();
  w.field("error", sum.errors);
  w.field("warning", sum.warnings);
  w.field("info", sum.infos);
  w.end_object();
  w.field("waived", sum.waived);
  w.field("input_errors", sum.input_errors);
  w.key("verdicts");
  w.begin_array();
  auto tallies = tally_by_pack(r);
  for (std::size_t i = 0; i < r.packs.size(); ++i) {
    const verdict_tally& t = tallies[i];
    w.begin_object();
    w.field("standard", r.packs[i].standard);
    w.field("pack", r.packs[i].id);
    w.field("conformant", t.conformant);
    w.field("non-conformant", t.non_conformant);
    w.field("incomplete", t.incomplete);
    w.field("not-applicable", t.not_applicable);
    w.field("waived", t.waived);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.end_object();
  out += '\n';
  return out;
}

}  // namespace stancheck
