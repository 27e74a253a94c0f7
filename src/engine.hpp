// engine.hpp — the batch: discovers a catalogue, evaluates every system bundle on a pool of
// worker threads, and merges the results in a fixed order into one run_result.
//
// External interface: run_engine (the whole run), check_bundles (bundles already in memory),
// exit_code. Output is identical whatever the number of jobs: systems are sorted by id, findings
// by file, line, column, rule and message, input errors by file, line, column and message.
// Memory holds only the work items in flight (a bounded window ahead of the merge point).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bundle.hpp"
#include "ir.hpp"
#include "result.hpp"

namespace stancheck {

struct engine_options {
  std::vector<std::string> inputs;  // files and directories
  std::string profile;              // "" = every pack and rule
  std::string as_of;                // YYYY-MM-DD; "" = today (UTC)
  unsigned jobs = 0;                // 0 = std::thread::hardware_concurrency()
  uint64_t max_file_size = uint64_t{256} << 20;
  /// Keep the systems' results in an unlinked temporary file (run_result::spool) instead of
  /// memory, so memory does not grow with the catalogue; read them through system_view.
  bool spool = false;
  /// Called (from any worker, never concurrently) after each file: files done, files in all.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

/// Checks every input against `rules`. Bad input never stops the batch: it becomes an
/// input_error. Throws std::invalid_argument for an unknown profile or a malformed as-of date.
run_result run_engine(const ir::rule_set& rules, const engine_options& options);

/// Checks bundles already built in memory (tests, tools); `options.inputs` is ignored.
run_result check_bundles(const ir::rule_set& rules, const std::vector<system_bundle>& bundles,
                         const engine_options& options);

/// 3 when an input could not be read or parsed, else 1 when an unwaived finding is at or above
/// `fail_on` (nullopt = never), else 0. (2, a usage or rule-pack error, is the CLI's.) Reads the
/// summary's counts, which run_engine, check_bundles and apply_baseline keep exact.
int exit_code(const run_result& result, std::optional<severity> fail_on);

/// Days since 1970-01-01 of `as_of` ("" = today, UTC). Throws std::invalid_argument if malformed.
int32_t as_of_days(const std::string& as_of);

namespace eval {

class run_context;

/// Checks one bundle at a time; one per worker thread (holds scratch state), reused.
class bundle_checker {
 public:
  explicit bundle_checker(const run_context& ctx);
  ~bundle_checker();
  bundle_checker(const bundle_checker&) = delete;
  bundle_checker& operator=(const bundle_checker&) = delete;

  /// Call before the bundles of a new work item (their documents differ from the last ones).
  void begin_item();
  system_result check(const system_bundle& bundle);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// Everything resolved once per run and shared read-only by the workers.
class run_context {
 public:
  run_context(const ir::rule_set& rules, const std::string& profile, int32_t as_of);
  ~run_context();
  struct data;
  const data& get() const { return *data_; }
  /// The packs and rules applied, for the result header.
  void describe(run_result& out) const;

 private:
  std::unique_ptr<data> data_;
};

}  // namespace eval
}  // namespace stancheck
