// system_spool.cpp — encoding of system results, the unlinked temporary file, and system_view.
#include "system_spool.hpp"

#include <algorithm>
#include <stdexcept>

namespace stancheck {

namespace {

using namespace record;
constexpr uint32_t rule_by_name = 0xFFFFFFFFu;  // rules_applied entry not in the rule table

}  // namespace

system_spool::system_spool(const std::vector<rule_info>& rules) {
  rule_ids_.reserve(rules.size());
  for (const rule_info& r : rules) rule_ids_.push_back(r.id);
  for (std::size_t i = 0; i < rule_ids_.size(); ++i)
    rule_index_.emplace(rule_ids_[i], static_cast<uint32_t>(i));
}

std::string system_spool::encode(const system_result& s) const {
  std::string out;
  std::size_t guess =
      64 + s.rules_applied.size() * 4 + s.verdicts.size() * 64 + s.findings.size() * 320;
  out.reserve(guess);
  put_str(out, s.id);
  put_str(out, s.name);
  put_str(out, s.nation);
  put_str(out, s.supplier);
  put_strs(out, s.files);
  put_u32(out, static_cast<uint32_t>(s.verdicts.size()));
  for (const verdict& v : s.verdicts) {
    put_str(out, v.standard);
    put_str(out, v.pack);
    out += static_cast<char>(v.kind);
    out += static_cast<char>(v.level ? 1 : 0);
    put_u32(out, v.level.value_or(0));
    put_str(out, v.level_title);
  }
  put_u32(out, static_cast<uint32_t>(s.findings.size()));
  for (const finding& f : s.findings) {
    put_str(out, f.rule);
    put_str(out, f.pack);
    put_str(out, f.standard);
    out += static_cast<char>(f.level);
    put_str(out, f.message);
    put_str(out, f.fix);
    put_strs(out, f.clauses);
    put_str(out, f.file);
    put_u32(out, f.line);
    put_u32(out, f.column);
    put_str(out, f.path);
    out += static_cast<char>(f.missing_evidence ? 1 : 0);
    put_str(out, f.waived_by);
  }
  put_u32(out, static_cast<uint32_t>(s.rules_applied.size()));
  for (const std::string& id : s.rules_applied) {
    auto it = rule_index_.find(id);
    if (it != rule_index_.end()) {
      put_u32(out, it->second);
    } else {
      put_u32(out, rule_by_name);
      put_str(out, id);
    }
  }
  return out;
}

system_spool::record_ref system_spool::write(std::string_view record) {
  return store_.write(record);
}

void system_spool::read(std::size_t i, system_result& out, bool verdicts_only) const {
  reader in(store_.read(index_.at(i)));
  in.str(out.id);
  in.str(out.name);
  in.str(out.nation);
  in.str(out.supplier);
  in.strs(out.files);
  out.verdicts.resize(in.u32());
  for (verdict& v : out.verdicts) {
    in.str(v.standard);
    in.str(v.pack);
    v.kind = static_cast<verdict_kind>(in.u8());
    bool has_level = in.u8() != 0;
    uint32_t level = in.u32();
    v.level = has_level ? std::optional<uint32_t>(level) : std::nullopt;
    in.str(v.level_title);
  }
  if (verdicts_only) {
    out.findings.clear();
    out.rules_applied.clear();
    return;
  }
  out.findings.resize(in.u32());
  for (finding& f : out.findings) {
    in.str(f.rule);
    in.str(f.pack);
    in.str(f.standard);
    f.level = static_cast<severity>(in.u8());
    in.str(f.message);
    in.str(f.fix);
    in.strs(f.clauses);
    in.str(f.file);
    f.line = in.u32();
    f.column = in.u32();
    in.str(f.path);
    f.missing_evidence = in.u8() != 0;
    in.str(f.waived_by);
  }
  out.rules_applied.resize(in.u32());
  for (std::string& id : out.rules_applied) {
    uint32_t k = in.u32();
    if (k == rule_by_name)
      in.str(id);
    else if (k < rule_ids_.size())
      id = rule_ids_[k];
    else
      throw std::runtime_error("the result spool is corrupt (rule index)");
  }
  if (!in.done()) throw std::runtime_error("the result spool is corrupt (record length)");
}

// ---- system_view ----

std::size_t system_view::size() const { return r_->spool ? r_->spool->size() : r_->systems.size(); }

const system_result& system_view::operator[](std::size_t i) const {
  if (!r_->spool) return r_->systems[i];
  if (cached_ != i) {
    cached_ = SIZE_MAX;  // stays invalid if the read throws
    r_->spool->read(i, cache_, part_ == verdicts_only);
    cached_ = i;
  }
  return cache_;
}

}  // namespace stancheck
