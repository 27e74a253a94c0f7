// system_index.hpp — the systems of a run in id order, and the duplicate ids among them, found
// by sorting in bounded memory.
//
// The merge adds every system in catalogue order; seal sorts them by id (external_sort, stable),
// keeps the first of each id and turns each later one into an input error naming the first.
// The order of the kept systems lives in a temporary store (12 bytes each), so an audit of
// 100,000 systems holds no entry per system: this replaced a registry of ids and a sorted
// index of the result spool, which together held about 150 bytes per system.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "external_sort.hpp"
#include "result.hpp"
#include "temp_store.hpp"

namespace stancheck {

class system_index {
 public:
  /// Where a system's result is: a record of the result spool, or a position (`offset`) in
  /// run_result::systems.
  using payload = temp_store::ref;

  /// `run_bytes`: the memory the sort may hold before it writes a sorted run to disk.
  explicit system_index(std::size_t run_bytes = external_sort::default_run_bytes);
  system_index(const system_index&) = delete;
  system_index& operator=(const system_index&) = delete;

  /// Adds a system (not thread-safe; in catalogue order, so "the first" of an id is the same
  /// whatever the number of threads): its id, where its element is (file, line and column of
  /// `where`), where its result is, and its findings counts. Throws store_error when the index
  /// cannot be written.
  void add(std::string_view id, const input_error& where, payload result,
           const run_summary& counts);
  /// Sorts by id; call once, after the last add. The first system of each id is kept: its counts
  /// are added to `sum`'s errors, warnings, infos and waived, and `known(id)` is called, in id
  /// order. Every later system of that id is dropped and yields an input error at its element.
  std::vector<input_error> seal(run_summary& sum,
                                const std::function<void(std::string_view)>& known = {});
  /// Systems kept (after seal).
  std::size_t size() const { return order_.size(); }
  /// Where the result of kept system `i` (in id order) is. Thread-safe after seal.
  payload at(std::size_t i) const;

 private:
  std::vector<input_error> merge(run_summary& sum,
                                 const std::function<void(std::string_view)>& known,
                                 external_sort::reader sorted);
  std::unique_ptr<external_sort> sorter_;           // until seal
  static constexpr std::size_t entry_bytes = 12;    // a payload: u64 offset, u32 length
  fixed_array order_{"system order", entry_bytes};  // after seal: kept payloads, in id order
  bool sealed_ = false;
  std::string value_;  // add's encoding buffer, reused
};

}  // namespace stancheck
