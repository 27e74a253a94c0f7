// baseline.cpp — fingerprints, the JSON report reader, baseline filtering and audit diffs.
#include "baseline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <unordered_map>

#include "json_reader.hpp"
#include "report_detail.hpp"

namespace stancheck {

std::string fingerprint(const finding& f, const std::string& system_id) {
  // FNV-1a 64 over the identifying fields, separated by a byte that cannot occur in them.
  uint64_t h = 0xcbf29ce484222325ULL;
  auto mix = [&](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 0x100000001b3ULL;
    }
    h ^= 0x1f;
    h *= 0x100000001b3ULL;
  };
  mix("stancheck-fingerprint-v1");
  mix(f.rule);
  mix(system_id);
  for (unsigned char c : f.file) {  // the path with '/' separators, as on every system
    h ^= c == '\\' ? '/' : c;
    h *= 0x100000001b3ULL;
  }
  h ^= 0x1f;
  h *= 0x100000001b3ULL;
  mix(f.path);
  mix(f.message);
  std::string hex(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) hex[i] = "0123456789abcdef"[h & 15];
  return hex;
}

namespace detail {

severity parse_severity(const std::string& s) {
  if (s == "warning") return severity::warning;
  if (s == "info") return severity::info;
  return severity::error;
}

verdict_kind parse_verdict(const std::string& s) {
  for (auto k : {verdict_kind::conformant, verdict_kind::non_conformant, verdict_kind::incomplete,
                 verdict_kind::not_applicable, verdict_kind::waived})
    if (s == to_string(k)) return k;
  return verdict_kind::not_applicable;
}

std::vector<std::string> strings(const json_value& v, std::string_view key) {
  std::vector<std::string> out;
  for (const auto& x : v.get_array(key))
    if (x.type == json_value::kind::string) out.push_back(x.string);
  return out;
}

std::optional<uint32_t> opt_level(const json_value& v) {
  const json_value* l = v.find("level");
  if (!l || l->type != json_value::kind::number) return std::nullopt;
  return v.get_uint("level");
}

finding read_finding(const json_value& v) {
  finding f;
  f.rule = v.get_string("rule");
  f.pack = v.get_string("pack");
  f.standard = v.get_string("standard");
  f.level = parse_severity(v.get_string("severity"));
  f.message = v.get_string("message");
  f.fix = v.get_string("fix");
  f.clauses = strings(v, "clauses");
  f.file = v.get_string("file");
  f.line = v.get_uint("line");
  f.column = v.get_uint("column");
  f.path = v.get_string("path");
  f.missing_evidence = v.get_bool("missing_evidence");
  f.waived_by = v.get_string("waived_by");
  return f;
}

}  // namespace detail

run_result read_json_report(std::string_view json) {
  using namespace detail;
  json_value root = parse_json(json);
  const json_value* tool = root.find("tool");
  if (!tool || tool->get_string("name") != "stancheck" || !root.find("systems"))
    throw std::runtime_error(
        "not a stancheck JSON report (no tool.name \"stancheck\" and systems)");
  run_result r;
  r.tool_version = tool->get_string("version");
  r.as_of = root.get_string("as_of");
  r.profile = root.get_string("profile");
  for (const auto& p : root.get_array("packs"))
    r.packs.push_back({p.get_string("id"), p.get_string("title"), p.get_string("version"),
                       p.get_string("standard"), p.get_string("edition"), p.get_string("file"),
                       p.get_string("sha256")});
  for (const auto& x : root.get_array("rules")) {
    rule_info ri;
    ri.id = x.get_string("id");
    ri.pack = x.get_string("pack");
    ri.standard = x.get_string("standard");
    ri.title = x.get_string("title");
    ri.level = parse_severity(x.get_string("severity"));
    ri.clauses = strings(x, "clauses");
    ri.help = x.get_string("help");
    ri.fix = x.get_string("fix");
    ri.conformance_level = opt_level(x);
    r.rules.push_back(std::move(ri));
  }
  for (const auto& s : root.get_array("systems")) {
    system_result sr;
    sr.id = s.get_string("id");
    sr.name = s.get_string("name");
    sr.nation = s.get_string("nation");
    sr.supplier = s.get_string("supplier");
    sr.files = strings(s, "files");
    for (const auto& v : s.get_array("verdicts"))
      sr.verdicts.push_back({v.get_string("standard"), v.get_string("pack"),
                             parse_verdict(v.get_string("verdict")), opt_level(v),
                             v.get_string("level_title")});
    for (const auto& f : s.get_array("findings")) sr.findings.push_back(read_finding(f));
    sr.rules_applied = strings(s, "rules_applied");
    r.systems.push_back(std::move(sr));
  }
  for (const auto& e : root.get_array("input_errors"))
    r.input_errors.push_back(
        {e.get_string("file"), e.get_uint("line"), e.get_uint("column"), e.get_string("message")});
  if (const json_value* sum = root.find("summary")) {
    r.summary.files = sum->get_uint("files");
    r.summary.systems = sum->get_uint("systems");
    if (const json_value* f = sum->find("findings")) {
      r.summary.errors = f->get_uint("error");
      r.summary.warnings = f->get_uint("warning");
      r.summary.infos = f->get_uint("info");
    }
    r.summary.waived = sum->get_uint("waived");
    r.summary.input_errors = sum->get_uint("input_errors");
  }
  return r;
}

void recount(run_result& r) {
  r.summary.errors = r.summary.warnings = r.summary.infos = r.summary.waived = 0;
  for (const auto& s : r.systems)
    for (const auto& f : s.findings) {
      if (!f.waived_by.empty())
        ++r.summary.waived;
      else if (f.level == severity::error)
        ++r.summary.errors;
      else if (f.level == severity::warning)
        ++r.summary.warnings;
      else
        ++r.summary.infos;
    }
}

baseline_outcome apply_baseline(run_result current, std::string_view baseline_json) {
  baseline_outcome out;
  run_result base;
  try {
    base = read_json_report(baseline_json);
  } catch (const std::exception& e) {
    out.error = e.what();
    out.result = std::move(current);
    return out;
  }
  std::unordered_map<std::string, uint32_t> remaining;  // fingerprint -> unmatched count
  for (const auto& s : base.systems)
    for (const auto& f : s.findings) ++remaining[fingerprint(f, s.id)];
  for (auto& s : current.systems) {
    std::vector<finding> kept;
    for (auto& f : s.findings) {
      auto it = remaining.find(fingerprint(f, s.id));
      if (it != remaining.end() && it->second > 0) {
        --it->second;
        ++out.known;
      } else {
        kept.push_back(std::move(f));
      }
    }
    s.findings = std::move(kept);
  }
  for (const auto& s : base.systems)
    for (const auto& f : s.findings) {
      auto it = remaining.find(fingerprint(f, s.id));
      if (it->second > 0) {
        --it->second;
        out.fixed.push_back({s.id, f});
      }
    }
  recount(current);
  out.result = std::move(current);
  return out;
}

audit_diff compare_audits(const run_result& before, const run_result& after) {
  audit_diff d;
  std::map<std::string, const system_result*> old_systems, new_systems;
  for (const auto& s : before.systems) old_systems[s.id] = &s;
  for (const auto& s : after.systems) new_systems[s.id] = &s;
  for (const auto& [id, s] : new_systems)
    if (!old_systems.count(id)) d.systems_added.push_back(id);
  for (const auto& [id, s] : old_systems)
    if (!new_systems.count(id)) d.systems_removed.push_back(id);

  // Findings: multiset difference by fingerprint, per system, in each run's order.
  auto minus = [](const system_result* a, const system_result* b, std::vector<fixed_finding>& out) {
    std::unordered_map<std::string, uint32_t> have;
    if (b)
      for (const auto& f : b->findings) ++have[fingerprint(f, b->id)];
    for (const auto& f : a->findings) {
      auto it = have.find(fingerprint(f, a->id));
      if (it != have.end() && it->second > 0)
        --it->second;
      else
        out.push_back({a->id, f});
    }
  };
  for (const auto& [id, s] : new_systems) {
    auto o = old_systems.find(id);
    minus(s, o == old_systems.end() ? nullptr : o->second, d.added);
  }
  for (const auto& [id, s] : old_systems) {
    auto n = new_systems.find(id);
    minus(s, n == new_systems.end() ? nullptr : n->second, d.fixed);
  }

  // Verdicts of systems present in both, keyed by pack.
  for (const auto& [id, n] : new_systems) {
    auto o = old_systems.find(id);
    if (o == old_systems.end()) continue;
    std::map<std::string, const verdict*> ov, nv;
    for (const auto& v : o->second->verdicts) ov[v.pack] = &v;
    for (const auto& v : n->verdicts) nv[v.pack] = &v;
    std::map<std::string, const verdict*> all = ov;
    all.insert(nv.begin(), nv.end());
    for (const auto& [pack, any] : all) {
      auto a = ov.find(pack);
      auto b = nv.find(pack);
      std::string was = a == ov.end() ? "absent" : to_string(a->second->kind);
      std::string now = b == nv.end() ? "absent" : to_string(b->second->kind);
      auto lvl = [](const verdict* v) {
        return v && v->level ? fmt::format(" (level {})", *v->level) : std::string();
      };
      if (a != ov.end()) was += lvl(a->second);
      if (b != nv.end()) now += lvl(b->second);
      if (was != now) d.changed.push_back({id, any->standard, pack, was, now});
    }
  }
  return d;
}

std::string render_diff(const audit_diff& d) {
  using detail::location;
  std::string out;
  auto findings = [&](const char* title, const char* mark, const std::vector<fixed_finding>& list) {
    if (list.empty()) return;
    out += fmt::format("== {}\n", title);
    for (const auto& x : list)
      out += fmt::format("{} {}: {}: {} [{}] (system {})\n", mark,
                         location(x.item.file, x.item.line, x.item.column), to_string(x.item.level),
                         x.item.message, x.item.rule, x.system);
  };
  findings("new findings", "+", d.added);
  findings("fixed findings", "-", d.fixed);
  if (!d.changed.empty()) {
    out += "== changed verdicts\n";
    for (const auto& c : d.changed)
      out +=
          fmt::format("~ {} {} ({}): {} -> {}\n", c.system, c.standard, c.pack, c.before, c.after);
  }
  if (!d.systems_added.empty())
    out += "== systems added\n+ " + detail::join(d.systems_added, "\n+ ") + "\n";
  if (!d.systems_removed.empty())
    out += "== systems removed\n- " + detail::join(d.systems_removed, "\n- ") + "\n";
  out += fmt::format(
      "stancheck diff: findings {} new, {} fixed; verdicts {} changed; systems {} added, {} "
      "removed\n",
      d.added.size(), d.fixed.size(), d.changed.size(), d.systems_added.size(),
      d.systems_removed.size());
  return out;
}

diff_outcome diff_audits(std::string_view old_json, std::string_view new_json) {
  diff_outcome out;
  run_result before, after;
  const char* which = "old audit";
  try {
    before = read_json_report(old_json);
    which = "new audit";
    after = read_json_report(new_json);
  } catch (const std::exception& e) {
    out.message = std::string(which) + ": " + e.what();
    return out;
  }
  out.diff = compare_audits(before, after);
  out.text = render_diff(out.diff);
  return out;
}

}  // namespace stancheck
