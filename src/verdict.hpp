// verdict.hpp — what a run applies and what it concludes: profile selection and severity
// overrides, waivers, and the verdict (with the conformance level reached) per system and pack.
//
// Decisions:
// - a pack is applied when the profile selects it and at least one of its rules (a pack holding
//   only tables and predicates for imports is never listed);
// - a pack is not-applicable on a system when none of its selected rules matched an element;
//   non-conformant with any unwaived error finding that is a real failure; incomplete when the
//   only unwaived error findings are missing evidence; waived when every error finding was
//   waived; conformant otherwise (warnings and infos never change a verdict);
// - level L is reached when, for every level l <= L that has selected rules, at least one of
//   them applied and none has an unwaived finding of any severity (a level measures which rules
//   hold, not what gates a merge; missing evidence included), and L itself has a rule that
//   applied; the verdict carries the highest such L, or 0 when none;
// - a waiver suppresses the findings of its rule on its system; expired (expires < as-of) it
//   suppresses nothing and is an error STANCHECK-WAIVER-EXPIRED; in force but suppressing
//   nothing it is a warning STANCHECK-WAIVER-UNUSED. Both are reported only for systems that
//   were checked in the run (a shared waiver file must not flag other systems' waivers).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "ir.hpp"
#include "result.hpp"

namespace stancheck::eval {

inline constexpr std::string_view waiver_expired_rule = "STANCHECK-WAIVER-EXPIRED";
inline constexpr std::string_view waiver_unused_rule = "STANCHECK-WAIVER-UNUSED";

/// `*` matches everything, `ABC-*` every id starting with `ABC-`, anything else exactly.
bool pattern_matches(std::string_view pattern, std::string_view id);

/// Which packs and rules a run applies, with each rule's effective severity.
struct selection {
  const ir::profile* profile = nullptr;  // null: every pack and rule, severities as written
  std::vector<bool> packs;               // per pack
  std::vector<bool> rules;               // per rule, flat order (pack by pack)
  std::vector<severity> levels;          // per rule, flat order, after overrides
  /// Severity of a tool finding (`STANCHECK-…`) after the profile's overrides.
  severity tool_level(std::string_view rule, severity as_written) const;
};

/// Applies profile `name` ("" = none). Throws std::invalid_argument for an unknown profile.
selection select_rules(const ir::rule_set& rules, std::string_view profile);

/// Per rule, what happened on one system (after waivers).
struct rule_tally {
  bool applied = false;        // the rule's context matched at least one element
  bool failed = false;         // an unwaived error finding that is a real failure
  bool missing = false;        // an unwaived error finding for missing evidence only
  bool waived_error = false;   // an error finding that a waiver suppressed
  bool unwaived = false;       // any unwaived finding, whatever its severity (breaks its level)
};

/// One verdict per selected pack, in pack order. `tallies` is in flat rule order.
std::vector<verdict> pack_verdicts(const ir::rule_set& rules, const selection& sel,
                                   const std::vector<rule_tally>& tallies);

/// Applies `waivers` (those naming this system) to `sys.findings`: sets `waived_by`, and adds
/// the expired / unused waiver findings. `as_of` in days since 1970-01-01.
void apply_waivers(const std::vector<const ir::waiver*>& waivers, int32_t as_of, const selection& sel,
                   system_result& sys);

}  // namespace stancheck::eval
