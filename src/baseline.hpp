// baseline.hpp — finding fingerprints, reading stancheck JSON reports back, baseline filtering
// (`--baseline PREVIOUS.json`) and the diff of two audits (`stancheck diff OLD.json NEW.json`).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "report.hpp"
#include "result.hpp"

namespace stancheck {

/// A stable 16-hex-digit fingerprint of a finding on a system. It depends on the rule, the
/// system id, the file, the element path and the message — never on line or column, so it
/// survives edits that only shift lines.
std::string fingerprint(const finding& f, const std::string& system_id);

/// Reads a JSON report written by render_json back into a run_result (summary included).
/// Throws json_error on malformed JSON, std::runtime_error when it is not a stancheck report.
run_result read_json_report(std::string_view json);

/// Recomputes summary.errors/warnings/infos/waived from the systems' findings.
void recount(run_result& r);

struct baseline_outcome {
  run_result result;                ///< the current run without the findings already in the baseline
  std::vector<fixed_finding> fixed; ///< baseline findings no longer raised, in baseline order
  uint32_t known = 0;               ///< findings removed because the baseline has them
  std::string error;                ///< why the baseline could not be read ("" when it could)
  explicit operator bool() const { return error.empty(); }
  run_result& operator*() { return result; }
  run_result* operator->() { return &result; }
};

/// Keeps only findings whose fingerprint is not in the baseline (matched as a multiset, so two
/// identical findings need two baseline entries), recounts the summary, and lists fixed ones.
/// When `baseline_json` is not a stancheck JSON report the outcome is false, `error` says why
/// (with line:column for malformed JSON) and `result` is `current` unchanged.
baseline_outcome apply_baseline(run_result current, std::string_view baseline_json);

struct verdict_change {
  std::string system;
  std::string standard;
  std::string pack;
  std::string before;  ///< verdict name, or "absent"
  std::string after;
};

struct audit_diff {
  std::vector<fixed_finding> added;   ///< findings in the new audit only
  std::vector<fixed_finding> fixed;   ///< findings in the old audit only
  std::vector<verdict_change> changed;
  std::vector<std::string> systems_added, systems_removed;
  bool empty() const {
    return added.empty() && fixed.empty() && changed.empty() && systems_added.empty() && systems_removed.empty();
  }
};

/// Compares two runs system by system (by id) and finding by fingerprint.
audit_diff compare_audits(const run_result& before, const run_result& after);
/// Text rendering of a diff: sections for new, fixed, changed verdicts, systems; a summary line.
std::string render_diff(const audit_diff& d);
/// What `stancheck diff` prints, or why it could not compare. Used like std::expected:
/// `if (!d) ... d.error(); else ... d->text, d->changed()`.
struct diff_outcome {
  audit_diff diff;
  std::string text;     ///< render_diff(diff)
  std::string message;  ///< error ("old: 3:14: expected ':'"), "" on success
  explicit operator bool() const { return message.empty(); }
  const std::string& error() const { return message; }
  const diff_outcome* operator->() const { return this; }
  bool changed() const { return !diff.empty(); }
};

/// read_json_report both, compare, render (for `stancheck diff`). Never throws on bad input.
diff_outcome diff_audits(std::string_view old_json, std::string_view new_json);

}  // namespace stancheck
