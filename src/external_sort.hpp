// external_sort.hpp — a stable sort of (key, value) records in bounded memory.
//
// What an audit keeps per system (the evidence index, the index of the result spool, the
// duplicate check) is sorted by system id. Held in memory, that grows with the catalogue; here
// records are collected in a buffer of at most `run_bytes`, each full buffer is sorted and
// written to a temp_store as one run, and reading merges the runs, at most `fan_in` at a time
// (more runs are first merged in groups into longer runs). Memory: the buffer, then at most
// `fan_in` read buffers, whatever the number of records.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "temp_store.hpp"

namespace stancheck {

class external_sort {
 public:
  /// `what` names the store in error messages.
  static constexpr std::size_t default_run_bytes = std::size_t{512} << 10;
  explicit external_sort(std::string what, std::size_t run_bytes = default_run_bytes);
  external_sort(const external_sort&) = delete;
  external_sort& operator=(const external_sort&) = delete;

  /// Adds a record (not thread-safe). Records with equal keys come out in the order added.
  /// Throws store_error when a run cannot be written.
  void add(std::string_view key, std::string_view value);
  /// Records added so far.
  uint64_t size() const { return count_; }
  /// Sorted runs written to the store (0: everything stayed in memory).
  std::size_t runs() const { return spills_; }
  /// Passes that merged groups of runs into longer runs before the final merge.
  std::size_t passes() const { return passes_; }

  /// The records in key order; views stay valid until the next call to next().
  class reader {
   public:
    reader(reader&&) noexcept;
    ~reader();
    /// Moves to the next record; false after the last one.
    bool next();
    std::string_view key() const { return key_; }
    std::string_view value() const { return value_; }

   private:
    friend class external_sort;
    struct run;
    struct span {
      uint64_t begin, end;  // bytes of the store
    };
    reader(external_sort& s, const std::vector<span>& runs);
    std::vector<std::unique_ptr<run>> runs_;
    std::vector<std::size_t> heap_;  // indices into runs_, a min-heap on (key, run)
    bool started_ = false;
    std::string_view key_, value_;
  };
  /// Reads the records back, once, after the last add.
  reader read();

 private:
  void spill();  // sorts the buffer and writes it as a run
  void sort_buffer();

  std::string what_;
  std::size_t run_bytes_;
  std::string buf_;              // records: u32 key length, key, u32 value length, value
  std::vector<uint32_t> start_;  // where each record of buf_ starts
  std::unique_ptr<temp_store> store_;
  std::vector<reader::span> runs_;
  uint64_t count_ = 0;
  std::size_t spills_ = 0, passes_ = 0;
  bool read_ = false;
};

}  // namespace stancheck
