// system_spool.hpp — the results of a large run kept on disk instead of in memory.
//
// A catalogue of 100,000 systems yields about 10 KB of results per system (findings, verdicts,
// the rules applied); keeping them all in memory until the reports are written is what made
// peak memory grow with the catalogue. run_engine instead encodes each system's result on the
// worker that checked it, appends the record to an unlinked temporary file as systems are merged,
// and adds it to a system_index (sorted on disk, as the duplicate check needs). Report writers read
// the systems back one at a time through system_view (result.hpp), in id order.
//
// The encoding is private to this file (length-prefixed fields; rule ids of `rules_applied` as
// indices into the run's rule table) and never outlives the process.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "result.hpp"
#include "system_index.hpp"
#include "temp_store.hpp"

namespace stancheck {

class system_spool {
 public:
  /// The records go to a temp_store (an unlinked file in $TMPDIR; in memory when there is no
  /// usable temporary directory). `rules` (the run's rule table) makes `rules_applied` compact.
  explicit system_spool(const std::vector<rule_info>& rules);
  system_spool(const system_spool&) = delete;
  system_spool& operator=(const system_spool&) = delete;

  /// The record of one system (no I/O, no shared state: call it on any thread).
  std::string encode(const system_result& s) const;
  /// Where a record lies in the store.
  using record_ref = temp_store::ref;
  /// Stores a record made by encode (thread-safe: workers write their records as soon as they
  /// are made, so none waits in memory for its turn to merge). Throws store_error when the file
  /// cannot be written (disk full).
  record_ref write(std::string_view record);
  /// The order of the records: the engine adds each written record while merging (a record
  /// never added, or dropped as a duplicate system, is never read) and seals it before reading.
  system_index& index() { return index_; }

  /// Systems kept (after the index is sealed).
  std::size_t size() const { return index_.size(); }
  /// Reads system `i` (in id order) into `out`, reusing its storage; with
  /// `verdicts_only`, findings and rules_applied are left empty. Thread-safe after seal. Throws
  /// std::runtime_error when the file cannot be read back.
  void read(std::size_t i, system_result& out, bool verdicts_only = false) const;
  /// Bytes written to the spool.
  uint64_t bytes() const { return store_.bytes(); }

 private:
  temp_store store_{"result spool"};
  std::vector<std::string> rule_ids_;
  std::unordered_map<std::string_view, uint32_t> rule_index_;  // views into rule_ids_
  system_index index_;
};

}  // namespace stancheck
