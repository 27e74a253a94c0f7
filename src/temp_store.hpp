// temp_store.hpp — an append-only store of byte records in an unlinked temporary file, and the
// little-endian encoding helpers its users share (system_spool: results; evidence_index: tests).
//
// What grows with the catalogue goes here instead of the heap, so memory does not. The file is
// created in $TMPDIR (or /tmp) and unlinked at once: nothing is left behind however the process
// ends. Without a usable temporary directory the records stay in memory (same results).
#pragma once

#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace stancheck {

/// A temporary store could not be written or read back (disk full, I/O error): the run cannot
/// go on. Not a bug, so the CLI reports it as an error of the environment.
class store_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class temp_store {
 public:
  struct ref {
    uint64_t offset = 0;
    uint32_t length = 0;
  };

  /// `what` names the store in error messages ("result spool", "evidence store").
  explicit temp_store(std::string what);
  ~temp_store();
  temp_store(const temp_store&) = delete;
  temp_store& operator=(const temp_store&) = delete;

  /// Stores a record (thread-safe). Throws std::runtime_error when the file cannot be written
  /// (disk full) or the record exceeds 4 GiB.
  ref write(std::string_view record);
  /// The bytes of a stored record, valid until the next read on this thread (thread-safe).
  /// Records read in order (each starting at most 16 KiB after the end of the one read before
  /// from this store on this thread) are read ahead: one read(2) of up to 64 KiB serves the
  /// ones after it — a catalogue's lists, the results and the evidence are mostly read so.
  /// Other reads read the record alone. Throws store_error when the file cannot be read back.
  std::string_view read(ref where) const;
  /// Bytes stored so far.
  uint64_t bytes() const;
  bool on_disk() const { return fd_ >= 0; }

 private:
  void flush() const;                            // caller holds m_
  void put(const char* p, std::size_t n) const;  // writes to the file; caller holds m_
  /// Makes bytes [0, end) of the file readable (flushes when needed); the bytes in the file.
  uint64_t readable(uint64_t end) const;
  void get(char* to, std::size_t n, uint64_t offset) const;  // pread of written bytes

  std::string what_;
  std::string dir_;
  int fd_ = -1;
  mutable std::mutex m_;
  mutable std::string pending_;   // on disk: bytes not yet written; in memory: every record
  mutable uint64_t written_ = 0;  // bytes in the file
  uint64_t end_ = 0;
  uint64_t serial_;  // tells this store's window apart among a thread's windows (read)
};

/// An array of fixed-size entries kept in a temp_store: memory holds nothing per entry. Reads
/// go through a page of entries cached per thread (readers mostly go through an array in
/// order, several times). Appending is not thread-safe; reading is, between appends.
class fixed_array {
 public:
  /// `what` names the store in error messages; every entry is `entry_bytes` long.
  fixed_array(std::string what, std::size_t entry_bytes);
  void push_back(std::string_view entry);
  std::size_t size() const { return size_; }
  /// Entry `i`'s bytes, valid until the next get on this thread. Throws std::out_of_range past
  /// the end, store_error when the store cannot be read.
  std::string_view get(std::size_t i) const;

 private:
  temp_store store_;
  std::size_t entry_bytes_;
  std::size_t size_ = 0;
  uint64_t serial_;  // tells this array's pages apart in a thread's cache
};

/// Encoding helpers: u32 little-endian, strings as u32 length + bytes.
namespace record {

inline void put_u32(std::string& out, uint32_t v) {
  char b[4] = {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16),
               static_cast<char>(v >> 24)};
  out.append(b, 4);
}
inline void put_str(std::string& out, std::string_view s) {
  put_u32(out, static_cast<uint32_t>(s.size()));
  out.append(s);
}
/// A temp_store::ref: offset as two u32 (low first), then length; 12 bytes.
inline void put_ref(std::string& out, temp_store::ref r) {
  put_u32(out, static_cast<uint32_t>(r.offset));
  put_u32(out, static_cast<uint32_t>(r.offset >> 32));
  put_u32(out, r.length);
}
inline void put_strs(std::string& out, const std::vector<std::string>& v) {
  put_u32(out, static_cast<uint32_t>(v.size()));
  for (const std::string& s : v) put_str(out, s);
}

/// Reads what put_* wrote; an overrun means a corrupt store (a bug or a damaged temp file).
class reader {
 public:
  explicit reader(std::string_view b) : b_(b) {}
  uint32_t u32();
  uint8_t u8();
  temp_store::ref ref();
  void str(std::string& out);
  void strs(std::vector<std::string>& out);
  bool done() const { return pos_ == b_.size(); }

 private:
  void need(std::size_t n) const;
  std::string_view b_;
  std::size_t pos_ = 0;
};

}  // namespace record
}  // namespace stancheck
