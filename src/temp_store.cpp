// temp_store.cpp — the unlinked temporary file (buffered appends, pread) and the record reader.
#include "temp_store.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace stancheck {

namespace {

// Each store's write buffer. An audit has several stores at once (lists, evidence, indexes,
// results); 64 KiB writes cost no more system time than larger ones.
constexpr std::size_t flush_at = std::size_t{64} << 10;
// Reading in order, read() takes this much at once; "in order" means the record starts at most
// ahead_gap bytes after the end of the last one read from the same store on the same thread.
constexpr std::size_t window_bytes = std::size_t{64} << 10;
constexpr uint64_t ahead_gap = 16 << 10;
std::atomic<uint64_t> next_store_serial{1};

[[noreturn]] void store_failure(const std::string& what, const std::string& dir, const char* op,
                                int err) {
  throw store_error(std::string("cannot ") + op + " the " + what + " in " + dir + ": " +
                    std::strerror(err));
}

}  // namespace

temp_store::temp_store(std::string what) : what_(std::move(what)), serial_(next_store_serial++) {
  const char* tmp = std::getenv("TMPDIR");
  dir_ = tmp && *tmp ? tmp : "/tmp";
  std::string name = dir_ + "/stancheck-store-XXXXXX";
  fd_ = ::mkstemp(name.data());
  if (fd_ >= 0) ::unlink(name.c_str());  // gone when the process ends, however it ends
}

temp_store::~temp_store() {
  if (fd_ >= 0) ::close(fd_);
}

temp_store::ref temp_store::write(std::string_view record) {
  if (record.size() > UINT32_MAX)
    throw std::runtime_error("a record of the " + what_ + " exceeds 4 GiB");
  std::lock_guard<std::mutex> lock(m_);
  ref where{end_, static_cast<uint32_t>(record.size())};
  if (fd_ < 0) {
    pending_.append(record);
  } else if (record.size() >= flush_at) {
    // A large record goes straight to the file: the buffer keeps its small capacity.
    flush();
    put(record.data(), record.size());
    written_ += record.size();
  } else {
    // Flushed before the buffer would pass flush_at, so its capacity stays there.
    if (pending_.size() + record.size() > flush_at) flush();
    if (pending_.capacity() < flush_at) pending_.reserve(flush_at);
    pending_.append(record);
  }
  end_ += record.size();
  return where;
}

void temp_store::put(const char* p, std::size_t left) const {
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      store_failure(what_, dir_, "write", errno);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

void temp_store::flush() const {
  put(pending_.data(), pending_.size());
  written_ += pending_.size();
  pending_.clear();
}

std::string_view temp_store::read(ref where) const {
  thread_local std::string buf;  // grows only: no allocation per record
  if (fd_ < 0) {
    if (buf.size() < where.length) buf.resize(where.length);
    std::lock_guard<std::mutex> lock(m_);
    pending_.copy(buf.data(), where.length, where.offset);
    return std::string_view(buf.data(), where.length);
  }
  // Per thread, the last few stores read: a window of their bytes, and where the last record
  // read from each ended. Bytes once written never change (append-only), so a window stays
  // right for as long as its store lives; serials are never reused.
  struct window {
    uint64_t serial = 0;
    uint64_t first = 0;  // the window's bytes are those from `first` on
    uint64_t next = 0;   // where the last record read ended
    std::string bytes;
  };
  thread_local std::array<window, 4> windows;
  thread_local std::size_t victim = 0;
  window* w = nullptr;
  for (window& c : windows)
    if (c.serial == serial_) w = &c;
  if (!w) {
    w = &windows[victim++ % windows.size()];
    w->serial = serial_;
    w->first = w->next = 0;
    w->bytes.clear();
  }
  const uint64_t end = where.offset + where.length;
  if (where.offset >= w->first && end <= w->first + w->bytes.size()) {
    w->next = end;
    return std::string_view(w->bytes).substr(where.offset - w->first, where.length);
  }
  const uint64_t in_file = readable(end);
  if (where.offset >= w->next && where.offset - w->next <= ahead_gap &&
      where.length <= window_bytes) {
    // Read in order (or nearly: the catalogue's three lists share a store): read ahead.
    std::string bytes;
    bytes.swap(w->bytes);  // the window stays empty until the read succeeds
    const auto n =
        static_cast<std::size_t>(std::min<uint64_t>(window_bytes, in_file - where.offset));
    bytes.resize(n);
    get(bytes.data(), n, where.offset);
    w->bytes = std::move(bytes);
    w->first = where.offset;
    w->next = end;
    return std::string_view(w->bytes).substr(0, where.length);
  }
  w->next = end;
  if (buf.size() < where.length) buf.resize(where.length);
  get(buf.data(), where.length, where.offset);
  return std::string_view(buf.data(), where.length);
}

uint64_t temp_store::readable(uint64_t end) const {
  std::lock_guard<std::mutex> lock(m_);
  if (end > written_) flush();
  return written_;
}

void temp_store::get(char* to, std::size_t n, uint64_t offset) const {
  std::size_t got = 0;
  while (got < n) {
    ssize_t r = ::pread(fd_, to + got, n - got, static_cast<off_t>(offset + got));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) store_failure(what_, dir_, "read", r < 0 ? errno : EIO);
    got += static_cast<std::size_t>(r);
  }
}

uint64_t temp_store::bytes() const {
  std::lock_guard<std::mutex> lock(m_);
  return end_;
}

namespace {
constexpr std::size_t page_bytes = 4096;  // read back this much of a fixed_array at a time
std::atomic<uint64_t> next_array_serial{1};
}  // namespace

fixed_array::fixed_array(std::string what, std::size_t entry_bytes)
    : store_(std::move(what)), entry_bytes_(entry_bytes), serial_(next_array_serial++) {
  if (entry_bytes == 0 || entry_bytes > page_bytes)
    throw std::logic_error("fixed_array: bad entry size");
}

void fixed_array::push_back(std::string_view entry) {
  if (entry.size() != entry_bytes_) throw std::logic_error("fixed_array: entry of the wrong size");
  store_.write(entry);
  ++size_;
}

std::string_view fixed_array::get(std::size_t i) const {
  if (i >= size_) throw std::out_of_range("fixed_array: no such entry");
  thread_local struct {
    uint64_t serial = 0;
    std::size_t first = 0, count = 0;  // the entries cached
    std::string bytes;
  } cache;
  const std::size_t per_page = page_bytes / entry_bytes_;
  const std::size_t first = i / per_page * per_page;
  // A page read before later entries were appended holds fewer than it may now: read it again.
  if (cache.serial != serial_ || cache.first != first || i >= first + cache.count) {
    cache.serial = 0;  // stays invalid if the read throws
    const std::size_t n = std::min(per_page, size_ - first);
    cache.bytes.assign(
        store_.read({first * entry_bytes_, static_cast<uint32_t>(n * entry_bytes_)}));
    cache.first = first;
    cache.count = n;
    cache.serial = serial_;
  }
  return std::string_view(cache.bytes).substr((i - first) * entry_bytes_, entry_bytes_);
}

namespace record {

void reader::need(std::size_t n) const {
  if (b_.size() - pos_ < n)
    throw std::runtime_error("a temporary store is corrupt (record overrun)");
}

uint32_t reader::u32() {
  need(4);
  auto u = [&](std::size_t k) {
    return static_cast<uint32_t>(static_cast<unsigned char>(b_[pos_ + k]));
  };
  uint32_t v = u(0) | u(1) << 8 | u(2) << 16 | u(3) << 24;
  pos_ += 4;
  return v;
}

temp_store::ref reader::ref() {
  temp_store::ref r;
  r.offset = u32();
  r.offset |= uint64_t{u32()} << 32;
  r.length = u32();
  return r;
}

uint8_t reader::u8() {
  need(1);
  return static_cast<uint8_t>(b_[pos_++]);
}

void reader::str(std::string& out) {
  uint32_t n = u32();
  need(n);
  out.assign(b_.data() + pos_, n);
  pos_ += n;
}

void reader::strs(std::vector<std::string>& out) {
  uint32_t n = u32();
  out.resize(n);
  for (std::string& s : out) str(s);
}

}  // namespace record
}  // namespace stancheck
