// report_sarif.cpp — SARIF 2.1.0 for code-scanning upload: rules with descriptions and help,
// results with relative artifact URIs, full regions and stable partial fingerprints.
#include <fmt/format.h>

#include <atomic>
#include <unordered_map>

#include "baseline.hpp"
#include "json_writer.hpp"
#include "report.hpp"
#include "report_detail.hpp"

namespace stancheck {

namespace detail {

const char* sarif_level(severity s) {
  switch (s) {
    case severity::error:
      return "error";
    case severity::warning:
      return "warning";
    case severity::info:
      return "note";
  }
  return "error";
}

/// Percent-encodes a path for a URI reference (keeps unreserved characters and '/').
std::string uri_encode(std::string_view path) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (unsigned char c : path) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || c == '/' || c == '+' || c == '@' ||
                c == '=' || c == ',' || c == ';';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

/// The artifact location of `file`: relative to the working directory when possible.
struct artifact {
  std::string uri;
  bool relative = true;
};

artifact artifact_of(const std::string& file, const std::string& working_dir) {
  if (file.empty()) return {"unknown", true};
  std::string rel = relative_path(file, working_dir);
  if (rel[0] != '/') return {uri_encode(rel), true};
  return {"file://" + uri_encode(rel), false};
}

std::string sarif_uri(const std::string& file, const std::string& working_dir) {
  return artifact_of(file, working_dir).uri;
}

void sarif_location(json_writer& w, const std::string& file, uint32_t line, uint32_t column,
                    const std::string& path, const report_options& opts) {
  artifact a = artifact_of(file, opts.working_dir);
  w.key("locations");
  w.begin_array();
  w.begin_object();
  w.key("physicalLocation");
  w.begin_object();
  w.key("artifactLocation");
  w.begin_object();
  w.field("uri", a.uri);
  if (a.relative && !opts.working_dir.empty()) w.field("uriBaseId", "%SRCROOT%");
  w.end_object();
  w.key("region");
  w.begin_object();
  uint32_t l = line ? line : 1, c = column ? column : 1;
  w.field("startLine", l);
  w.field("startColumn", c);
  w.field("endLine", l);
  w.field("endColumn", c + 1);
  w.end_object();
  w.end_object();
  if (!path.empty()) {
    w.key("logicalLocations");
    w.begin_array();
    w.begin_object();
    w.field("fullyQualifiedName", path);
    w.field("kind", "element");
    w.end_object();
    w.end_array();
  }
  w.end_object();
  w.end_array();
}

void sarif_rule(json_writer& w, const rule_info& ru) {
  auto text = [&](std::string_view k, const std::string& t) {
    w.key(k);
    w.begin_object();
    w.field("text", t);
    w.end_object();
  };
  std::string title = ru.title.empty() ? ru.id : ru.title;
  std::string help = ru.help.empty() ? title : ru.help;
  std::string help_text = help;
  std::string help_md = help;
  if (!ru.clauses.empty()) {
    help_text += "\nClauses: " + join(ru.clauses, "; ");
    help_md += "\n\n**Clauses:** " + join(ru.clauses, "; ");
  }
  if (!ru.fix.empty()) {
    help_text += "\nFix: " + ru.fix;
    help_md += "\n\n**Fix:** " + ru.fix;
  }
  w.begin_object();
  w.field("id", ru.id);
  text("shortDescription", title);
  text("fullDescription", help);
  w.key("help");
  w.begin_object();
  w.field("text", help_text);
  w.field("markdown", help_md);
  w.end_object();
  w.key("defaultConfiguration");
  w.begin_object();
  w.field("level", sarif_level(ru.level));
  w.end_object();
  w.key("properties");
  w.begin_object();
  w.key("tags");
  w.begin_array();
  if (!ru.standard.empty()) w.value(ru.standard);
  if (!ru.pack.empty()) w.value(ru.pack);
  w.end_array();
  w.field("pack", ru.pack);
  w.field("standard", ru.standard);
  w.string_array("clauses", ru.clauses);
  if (ru.conformance_level) w.field("conformanceLevel", *ru.conformance_level);
  w.end_object();
  w.end_object();
}

}  // namespace detail

std::string render_sarif(const run_result& r, const report_options& opts) {
  using namespace detail;
  std::vector<rule_info> rules = described_rules(r);
  std::unordered_map<std::string_view, int64_t> rule_indices;
  for (std::size_t i = 0; i < rules.size(); ++i)
    rule_indices.emplace(rules[i].id, static_cast<int64_t>(i));
  auto rule_index = [&](const std::string& id) -> int64_t {
    auto it = rule_indices.find(id);
    return it == rule_indices.end() ? -1 : it->second;
  };
  std::string out;
  json_writer w(out);
  w.begin_object();
  w.field("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  w.field("version", "2.1.0");
  w.key("runs");
  w.begin_array();
  w.begin_object();

  w.key("tool");
  w.begin_object();
  w.key("driver");
  w.begin_object();
  w.field("name", "stancheck");
  w.field("version", r.tool_version);
  w.field("semanticVersion", r.tool_version);
  w.key("rules");
  w.begin_array();
  for (const auto& ru : rules) sarif_rule(w, ru);
  w.end_array();
  w.end_object();
  w.key("extensions");
  w.begin_array();
  for (const auto& p : r.packs) {
    w.begin_object();
    w.field("name", p.id);
    w.field("version", p.version);
    if (!p.title.empty()) w.field("fullName", p.title);
    w.key("properties");
    w.begin_object();
    w.field("sha256", p.sha256);
    w.field("standard", p.standard);
    w.field("edition", p.edition);
    w.field("file", p.file);
    w.end_object();
    w.end_object();
  }
  w.end_array();
  w.end_object();

  if (!opts.working_dir.empty()) {
    std::string base = opts.working_dir;
    if (base.back() != '/') base += '/';
    w.key("originalUriBaseIds");
    w.begin_object();
    w.key("%SRCROOT%");
    w.begin_object();
    w.field("uri", "file://" + uri_encode(base));
    w.end_object();
    w.end_object();
  }

  w.key("results");
  w.begin_array();
  // Every finding is written with its leading comma; render_systems drops the first one.
  std::atomic<uint64_t> results{0};
  render_systems(
      r, opts, out,
      [&](const system_result& s, std::size_t, std::string& piece) {
        json_writer p = w.continuation(piece, false);
        for (const auto& f : s.findings) {
          p.begin_object();
          p.field("ruleId", f.rule);
          p.field("ruleIndex", rule_index(f.rule));
          p.field("level", sarif_level(f.level));
          p.key("message");
          p.begin_object();
          p.field("text", f.message.empty() ? f.rule : f.message);
          p.end_object();
          const std::string& file = !f.file.empty() || s.files.empty() ? f.file : s.files.front();
          sarif_location(p, file, f.line, f.column, f.path, opts);
          p.key("partialFingerprints");
          p.begin_object();
          p.field("stancheck/v1", fingerprint(f, s.id));
          p.end_object();
          if (!f.waived_by.empty()) {
            p.key("suppressions");
            p.begin_array();
            p.begin_object();
            p.field("kind", "external");
            p.field("status", "accepted");
            p.field("justification", "waiver " + f.waived_by);
            p.end_object();
            p.end_array();
          }
          p.key("properties");
          p.begin_object();
          p.field("system", s.id);
          p.field("pack", f.pack);
          p.field("standard", f.standard);
          p.string_array("clauses", f.clauses);
          p.field("fix", f.fix);
          p.field("missingEvidence", f.missing_evidence);
          p.end_object();
          p.end_object();
        }
        results += s.findings.size();
      },
      true);
  w.advance(static_cast<uint32_t>(results.load()));
  for (const auto& e : r.input_errors) {
    w.begin_object();
    w.field("ruleId", input_error_rule);
    w.field("ruleIndex", rule_index(input_error_rule));
    w.field("level", "error");
    w.key("message");
    w.begin_object();
    w.field("text", e.message.empty() ? std::string("unreadable input") : e.message);
    w.end_object();
    sarif_location(w, e.file, e.line, e.column, "", opts);
    w.key("partialFingerprints");
    w.begin_object();
    finding pseudo;
    pseudo.rule = input_error_rule;
    pseudo.file = e.file;
    pseudo.message = e.message;
    w.field("stancheck/v1", fingerprint(pseudo, ""));
    w.end_object();
    w.end_object();
  }
  w.end_array();

  w.key("properties");
  w.begin_object();
  w.field("asOf", r.as_of);
  w.field("profile", r.profile);
  w.field("systems", r.summary.systems);
  w.field("files", r.summary.files);
  w.field("inputErrors", r.summary.input_errors);
  w.end_object();

  w.end_object();
  w.end_array();
  w.end_object();
  out += '\n';
  return out;
}

}  // namespace stancheck
