// result.hpp — what a run produces: findings, verdicts and input errors per system, as values.
//
// The engine fills a run_result; the report writers (text, json, sarif, junit, csv, markdown,
// github, html) only read it. Locations are resolved (line/column) by the engine before the
// result is handed out, using each document's line table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "source.hpp"  // severity

namespace stancheck {

/// A pack that was applied, as every report names it (for reproducibility).
struct pack_info {
  std::string id;
  std::string title;
  std::string version;
  std::string standard;  // "STANAG 5516"
  std::string edition;   // "8"
  std::string file;      // path of the .rules file
  std::string sha256;    // hex digest of the file's bytes
};

/// Static metadata of a rule that was applied (SARIF rules, JUnit test cases, docs).
struct rule_info {
  std::string id;
  std::string pack;
  std::string standard;
  std::string title;
  severity level = severity::error;  // after profile overrides
  std::vector<std::string> clauses;
  std::string help;
  std::string fix;
  std::optional<uint32_t> conformance_level;
};

struct finding {
  std::string rule;  // rule id, or STANCHECK-WAIVER-EXPIRED / STANCHECK-WAIVER-UNUSED
  std::string pack;  // pack id ("" for tool findings)
  std::string standard;
  severity level = severity::error;
  std::string message;  // template filled
  std::string fix;
  std::vector<std::string> clauses;
  std::string file;   // document path as given on the command line (relative if given so)
  uint32_t line = 0;  // 1-based; 0 when unknown
  uint32_t column = 0;
  std::string path;               // element path, e.g. /catalogue/system[3]/interface[2]
  bool missing_evidence = false;  // evidence rule with no test report mentioning the test
  std::string waived_by;          // waiver id when suppressed (kept for reports, not counted)
};

enum class verdict_kind : uint8_t {
  conformant,
  non_conformant,
  incomplete,
  not_applicable,
  waived
};
const char* to_string(verdict_kind v);  // "conformant", "non-conformant", ...

struct verdict {
  std::string standard;
  std::string pack;
  verdict_kind kind = verdict_kind::not_applicable;
  std::optional<uint32_t> level;  // highest conformance level reached, when the pack has levels
  std::string level_title;
};

struct system_result {
  std::string id;
  std::string name;
  std::string nation;
  std::string supplier;
  std::vector<std::string> files;          // every document in the bundle
  std::vector<verdict> verdicts;           // one per applied pack, in pack order
  std::vector<finding> findings;           // sorted by file, line, column, rule
  std::vector<std::string> rules_applied;  // rule ids evaluated on this system (JUnit cases)
};

struct input_error {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
  std::string message;
};

struct run_summary {
  uint32_t files = 0;
  uint32_t systems = 0;
  uint32_t errors = 0, warnings = 0, infos = 0;  // findings not waived
  uint32_t waived = 0;
  uint32_t input_errors = 0;
};

class system_spool;  // system_spool.hpp

struct run_result {
  std::string tool_version;
  std::string as_of;    // YYYY-MM-DD
  std::string profile;  // "" when none
  std::vector<pack_info> packs;
  std::vector<rule_info> rules;
  /// Sorted by id. Empty when the systems were spooled to disk (`spool` set): read them through
  /// system_view, which serves both cases.
  std::vector<system_result> systems;
  std::shared_ptr<const system_spool> spool;
  std::vector<input_error> input_errors;  // sorted by file, line, column
  run_summary summary;
};

/// Read access to the systems of a run, in id order, whether they are in memory or spooled
/// (what report writers use). Spooled systems are read back one at a time: a reference from
/// operator[] or an iterator stays valid until the next access through the same view, so code
/// that needs two systems at once uses two views. Cheap to make; not thread-safe.
class system_view {
 public:
  /// verdicts_only: findings and rules_applied may be left empty (a spooled system is then read
  /// only up to its verdicts) — for passes that tally verdicts.
  enum part { everything, verdicts_only };
  explicit system_view(const run_result& r, part p = everything) : r_(&r), part_(p) {}
  std::size_t size() const;
  bool empty() const { return size() == 0; }
  const system_result& operator[](std::size_t i) const;

  class iterator {
   public:
    using value_type = system_result;
    using difference_type = std::ptrdiff_t;
    iterator(const system_view* v, std::size_t i) : v_(v), i_(i) {}
    const system_result& operator*() const { return (*v_)[i_]; }
    const system_result* operator->() const { return &(*v_)[i_]; }
    iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator==(const iterator& o) const { return i_ == o.i_; }

   private:
    const system_view* v_;
    std::size_t i_;
  };
  iterator begin() const { return {this, 0}; }
  iterator end() const { return {this, size()}; }

 private:
  const run_result* r_;
  part part_;
  mutable system_result cache_;
  mutable std::size_t cached_ = SIZE_MAX;
};

}  // namespace stancheck
