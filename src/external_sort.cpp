// external_sort.cpp — sorted runs in a temp_store and their k-way merge.
#include "external_sort.hpp"

#include <algorithm>
#include <stdexcept>

namespace stancheck {

namespace {

constexpr std::size_t chunk_bytes = std::size_t{32} << 10;  // read buffer per run
constexpr std::size_t fan_in = 16;                          // runs merged at once

uint32_t get_u32(const char* p) {
  auto u = [&](int k) { return static_cast<uint32_t>(static_cast<unsigned char>(p[k])); };
  return u(0) | u(1) << 8 | u(2) << 16 | u(3) << 24;
}

/// The key of the record at `p` (u32 length, bytes).
std::string_view key_at(const char* p) { return {p + 4, get_u32(p)}; }

}  // namespace

external_sort::external_sort(std::string what, std::size_t run_bytes)
    : what_(std::move(what)), run_bytes_(std::max<std::size_t>(run_bytes, 64)) {}

void external_sort::add(std::string_view key, std::string_view value) {
  if (read_) throw std::logic_error("external_sort: add after read");
  if (key.size() > UINT32_MAX - 8 || value.size() > UINT32_MAX - 8 - key.size())
    throw std::runtime_error("a record of the " + what_ + " exceeds 4 GiB");
  if (!buf_.empty() && buf_.size() + 8 + key.size() + value.size() > run_bytes_) spill();
  if (buf_.size() > UINT32_MAX - 8 - key.size() - value.size()) spill();
  // Grown by hand: doubling past run_bytes would hold up to twice the memory the sort may use.
  const std::size_t need = buf_.size() + 8 + key.size() + value.size();
  if (need > buf_.capacity())
    buf_.reserve(std::max(need, std::min(2 * buf_.capacity() + 64, run_bytes_)));
  start_.push_back(static_cast<uint32_t>(buf_.size()));
  record::put_str(buf_, key);
  record::put_str(buf_, value);
  ++count_;
}

void external_sort::sort_buffer() {
  const char* base = buf_.data();
  std::stable_sort(start_.begin(), start_.end(),
                   [base](uint32_t a, uint32_t b) { return key_at(base + a) < key_at(base + b); });
}

void external_sort::spill() {
  if (start_.empty()) return;
  sort_buffer();
  if (!store_) store_ = std::make_unique<temp_store>(what_);
  // Record by record: the store's records are contiguous (this sort is its only writer), so the
  // run is one range without a second copy of the buffer.
  reader::span run{store_->bytes(), 0};
  for (uint32_t s : start_) {
    const char* p = buf_.data() + s;
    const uint32_t k = get_u32(p);
    store_->write({p, 8 + std::size_t{k} + get_u32(p + 4 + k)});
  }
  run.end = store_->bytes();
  runs_.push_back(run);
  ++spills_;
  buf_.clear();
  start_.clear();
}

/// One sorted source: a run in the store, read a chunk at a time, or the buffer itself.
struct external_sort::reader::run {
  // a run on disk
  const temp_store* store = nullptr;
  uint64_t at = 0, end = 0;  // the part of the run not yet read into `chunk`
  std::string chunk;
  std::size_t pos = 0;
  // the buffer, when nothing was spilled
  const std::string* buf = nullptr;
  const std::vector<uint32_t>* order = nullptr;
  std::size_t i = 0;

  std::string_view key, value;

  /// Makes sure `n` bytes from `pos` are in `chunk`; false at the end of the run.
  bool ensure(std::size_t n) {
    if (chunk.size() - pos >= n) return true;
    chunk.erase(0, pos);
    pos = 0;
    while (chunk.size() < n && at < end) {
      const uint64_t want = std::min<uint64_t>(std::max(n - chunk.size(), chunk_bytes), end - at);
      chunk.append(store->read({at, static_cast<uint32_t>(want)}));
      at += want;
    }
    return chunk.size() >= n;
  }

  /// The next record into key/value; false when there is none.
  bool advance() {
    const char* p;
    if (buf) {
      if (i == order->size()) return false;
      p = buf->data() + (*order)[i++];
    } else {
      if (!ensure(1)) return false;
      if (!ensure(8)) throw std::runtime_error("a temporary store is corrupt (sorted run)");
      const uint32_t k = get_u32(chunk.data() + pos);
      if (!ensure(8 + std::size_t{k}))
        throw std::runtime_error("a temporary store is corrupt (sorted run)");
      const uint32_t v = get_u32(chunk.data() + pos + 4 + k);
      const std::size_t size = 8 + std::size_t{k} + v;
      if (!ensure(size)) throw std::runtime_error("a temporary store is corrupt (sorted run)");
      p = chunk.data() + pos;
      pos += size;
    }
    const uint32_t k = get_u32(p);
    key = {p + 4, k};
    value = {p + 8 + k, get_u32(p + 4 + k)};
    return true;
  }
};

external_sort::reader external_sort::read() {
  if (read_) throw std::logic_error("external_sort: read twice");
  read_ = true;
  if (!runs_.empty()) {
    spill();
    std::string().swap(buf_);  // everything is on disk: the buffer's memory goes back now
    std::vector<uint32_t>().swap(start_);
  }
  // Too many runs to read at once: merge consecutive groups into longer runs (consecutive, so
  // equal keys keep their order), as many times as it takes.
  while (runs_.size() > fan_in) {
    std::vector<reader::span> longer;
    std::string rec;
    for (std::size_t g = 0; g < runs_.size(); g += fan_in) {
      std::vector<reader::span> group(runs_.begin() + g,
                                      runs_.begin() + std::min(g + fan_in, runs_.size()));
      reader::span merged{store_->bytes(), 0};
      reader r(*this, group);
      while (r.next()) {
        rec.clear();
        record::put_str(rec, r.key());
        record::put_str(rec, r.value());
        store_->write(rec);
      }
      merged.end = store_->bytes();
      longer.push_back(merged);
    }
    runs_ = std::move(longer);
    ++passes_;
  }
  return reader(*this, runs_);
}

external_sort::reader::reader(external_sort& s, const std::vector<span>& runs) {
  if (runs.empty()) {
    s.sort_buffer();
    auto r = std::make_unique<run>();
    r->buf = &s.buf_;
    r->order = &s.start_;
    runs_.push_back(std::move(r));
  }
  for (const span& where : runs) {
    auto r = std::make_unique<run>();
    r->store = s.store_.get();
    r->at = where.begin;
    r->end = where.end;
    runs_.push_back(std::move(r));
  }
}

external_sort::reader::reader(reader&&) noexcept = default;
external_sort::reader::~reader() = default;

bool external_sort::reader::next() {
  // std heap functions keep the largest first: "greater" puts the smallest (key, run) there.
  auto later = [this](std::size_t a, std::size_t b) {
    int c = runs_[a]->key.compare(runs_[b]->key);
    return c != 0 ? c > 0 : a > b;
  };
  if (!started_) {
    started_ = true;
    for (std::size_t i = 0; i < runs_.size(); ++i)
      if (runs_[i]->advance()) heap_.push_back(i);
    std::make_heap(heap_.begin(), heap_.end(), later);
  } else if (!heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    if (runs_[heap_.back()]->advance())
      std::push_heap(heap_.begin(), heap_.end(), later);
    else
      heap_.pop_back();
  }
  if (heap_.empty()) return false;
  const run& top = *runs_[heap_.front()];
  key_ = top.key;
  value_ = top.value;
  return true;
}

}  // namespace stancheck
