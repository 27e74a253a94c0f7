// check_profile.cpp — profiles (pack and rule selection, severity overrides, `extends` flattened)
// and waivers (known rule, system, justification, approver, a valid expiry date).
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "check_detail.hpp"

namespace stancheck::checker_detail {

namespace {

bool matches(std::string_view pattern, std::string_view name) {
  if (!pattern.empty() && pattern.back() == '*') return name.starts_with(pattern.substr(0, pattern.size() - 1));
  return pattern == name;
}

struct profile_site {
  const ast::profile* ast = nullptr;
  source_ptr source;
};

class profile_flattener {
public:
  profile_flattener(compiler& c, std::map<std::string, profile_site>& sites) : c_(c), sites_(sites) {}

  /// The profile with every `extends` applied (bases first); reports cycles.
  const ir::profile& flat(const std::string& name) {
    if (auto it = done_.find(name); it != done_.end()) return it->second;
    const profile_site& site = sites_.at(name);
    in_progress_.push_back(name);
    ir::profile p;
    p.name = name;
    p.title = site.ast->title;
    for (const auto& item : site.ast->items) {
      if (item.kind != ast::profile_item_kind::extends || !sites_.count(item.target.text)) continue;
      auto cyc = std::find(in_progress_.begin(), in_progress_.end(), item.target.text);
      if (cyc != in_progress_.end()) {
        std::string chain;
        for (auto k = cyc; k != in_progress_.end(); ++k) chain += *k + " → ";
        c_.error(site.source, item.target.offset, fmt::format("profile cycle: {}{}", chain, item.target.text));
        continue;
      }
      const ir::profile& base = flat(item.target.text);
      auto append = [](auto& to, const auto& from) { to.insert(to.end(), from.begin(), from.end()); };
      append(p.include_packs, base.include_packs);
      append(p.exclude_packs, base.exclude_packs);
      append(p.include_rules, base.include_rules);
      append(p.exclude_rules, base.exclude_rules);
      append(p.severities, base.severities);
    }
    for (const auto& item : site.ast->items) {
      const std::string& t = item.target.text;
      switch (item.kind) {
        case ast::profile_item_kind::include_pack: p.include_packs.push_back(t); break;
        case ast::profile_item_kind::exclude_pack: p.exclude_packs.push_back(t); break;
        case ast::profile_item_kind::include_rule: p.include_rules.push_back(t); break;
        case ast::profile_item_kind::exclude_rule: p.exclude_rules.push_back(t); break;
        case ast::profile_item_kind::severity: {
          severity s = severity::error;
          if (parse_severity(item.value.text, s)) p.severities.emplace_back(t, s);
          break;
        }
        case ast::profile_item_kind::extends: break;
      }
    }
    in_progress_.pop_back();
    return done_[name] = std::move(p);
  }

private:
  compiler& c_;
  std::map<std::string, profile_site>& sites_;
  std::map<std::string, ir::profile> done_;
  std::vector<std::string> in_progress_;
};

}  // namespace

void check_profiles(compiler& c, const std::vector<std::pair<const ast::file*, source_ptr>>& files) {
  std::map<std::string, profile_site> sites;
  std::vector<std::string> order;
  std::vector<std::string> pack_names, rule_names;
  for (const auto& [id, k] : c.pack_ids) pack_names.push_back(id);
  for (const auto& [id, k] : c.rule_ids) rule_names.push_back(id);
  for (const auto& [file, src] : files) {
    for (const auto& pr : file->profiles) {
      if (auto it = sites.find(pr.name.text); it != sites.end()) {
        c.error(src, pr.name.offset, fmt::format("duplicate profile '{}' (first defined at {})", pr.name.text,
                                                 compiler::where(it->second.source, it->second.ast->name.offset)));
        continue;
      }
      sites[pr.name.text] = {&pr, src};
      order.push_back(pr.name.text);
    }
  }
  for (const auto& name : order) {
    const profile_site& site = sites[name];
    for (const auto& item : site.ast->items) {
      const std::string& t = item.target.text;
      bool pattern = !t.empty() && t.back() == '*';
      auto count = [&](const std::vector<std::string>& names) {
        return std::count_if(names.begin(), names.end(), [&](const std::string& n) { return matches(t, n); });
      };
      switch (item.kind) {
        case ast::profile_item_kind::include_pack:
        case ast::profile_item_kind::exclude_pack:
          if (count(pack_names) == 0)
            c.error(site.source, item.target.offset,
                    pattern ? fmt::format("no loaded pack matches '{}'", t)
                            : fmt::format("unknown pack '{}'{}", t, did_you_mean(t, pack_names)));
          break;
        case ast::profile_item_kind::include_rule:
        case ast::profile_item_kind::exclude_rule:
        case ast::profile_item_kind::severity: {
          if (count(rule_names) == 0)
            c.error(site.source, item.target.offset,
                    pattern ? fmt::format("no loaded rule matches '{}'", t)
                            : fmt::format("unknown rule '{}'{}", t, did_you_mean(t, rule_names)));
          severity s;
          if (item.kind == ast::profile_item_kind::severity && !parse_severity(item.value.text, s))
            c.error(site.source, item.value.offset,
                    fmt::format("unknown severity '{}' (expected error, warning or info)", item.value.text));
          break;
        }
        case ast::profile_item_kind::extends:
          if (!sites.count(t)) {
            std::vector<std::string> names(order.begin(), order.end());
            c.error(site.source, item.target.offset, fmt::format("unknown profile '{}'{}", t, did_you_mean(t, names)));
          }
          break;
      }
    }
  }
  profile_flattener flattener(c, sites);
  for (const auto& name : order) c.out.rules.profiles.push_back(flattener.flat(name));
}

void check_waivers(compiler& c, const std::vector<std::pair<const ast::file*, source_ptr>>& files) {
  std::map<std::string, std::pair<source_ptr, uint32_t>> seen;
  std::vector<std::string> rule_names;
  for (const auto& [id, k] : c.rule_ids) rule_names.push_back(id);
  for (const auto& [file, src] : files) {
    for (const auto& w : file->waivers) {
      if (auto it = seen.find(w.id.text); it != seen.end()) {
        c.error(src, w.id.offset, fmt::format("duplicate waiver '{}' (first defined at {})", w.id.text,
                                              compiler::where(it->second.first, it->second.second)));
        continue;
      }
      seen[w.id.text] = {src, w.id.offset};
      ir::waiver out;
      out.id = w.id.text;
      out.rule = w.rule.text;
      out.system = w.system.text;
      out.justification = w.justification;
      out.approver = w.approver;
      out.expires_text = w.expires.text;
      out.file = src->name();
      out.line = src->locate(w.offset).line;
      bool ok = true;
      std::vector<std::string> missing;
      if (w.rule.text.empty()) {
        missing.push_back("a rule");
      } else if (!c.rule_ids.count(w.rule.text)) {
        c.error(src, w.rule.offset,
                fmt::format("unknown rule '{}' in waiver{}", w.rule.text, did_you_mean(w.rule.text, rule_names)));
        ok = false;
      }
      if (w.system.text.empty()) missing.push_back("a system");
      if (w.justification.empty()) missing.push_back("a justification");
      if (w.approver.empty()) missing.push_back("an approver");
      if (w.expires.text.empty()) {
        missing.push_back("an expiry date (expires YYYY-MM-DD)");
      } else if (auto d = parse_date_literal(w.expires.text)) {
        out.expires = *d;
      } else {
        c.error(src, w.expires.offset,
                fmt::format("invalid date '{}' (expected an existing day as YYYY-MM-DD)", w.expires.text));
        ok = false;
      }
      if (!missing.empty()) {
        std::string list;
        for (std::size_t k = 0; k < missing.size(); ++k)
        {
          if (k > 0) list += k + 1 == missing.size() ? " and " : ", ";
          list += missing[k];
        }
        c.error(src, w.id.offset, fmt::format("waiver '{}' needs {}", w.id.text, list));
        ok = false;
      }
      if (ok) c.out.rules.waivers.push_back(std::move(out));
    }
  }
}

}  // namespace stancheck::checker_detail
