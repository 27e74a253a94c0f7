// evidence.cpp — the evidence index: every report's test groups in a temporary store, and a
// table sorted by system id (blocks on disk, the first id of each block in memory) to find a
// system's groups with one read. Memory does not grow with the number of systems but by one
// fence per block of about 4 KiB of index.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <utility>

#include "catalogue.hpp"

namespace stancheck {

namespace {

constexpr std::size_t block_bytes = 4096;
std::atomic<uint64_t> next_serial{1};

/// A report_tests group as a temp_store record: location, then the tests.
std::string encode_group(const report_tests& g) {
  using namespace record;
  std::string out;
  put_str(out, g.file);
  put_u32(out, g.line);
  put_u32(out, g.column);
  put_u32(out, static_cast<uint32_t>(g.tests.size()));
  for (const test_case& t : g.tests) {
    put_str(out, t.id);
    put_str(out, t.name);
    out += static_cast<char>(t.verdict);
    put_u32(out, static_cast<uint32_t>(t.date));
    put_str(out, t.file);
    put_u32(out, t.offset);
    put_u32(out, static_cast<uint32_t>(t.measurements.size()));
    for (const measurement& m : t.measurements) {
      put_str(out, m.name);
      put_str(out, m.value);
    }
  }
  return out;
}

/// Decodes a group's location into `where` and appends its tests to `tests` (when given).
void decode_group(std::string_view bytes, input_error& where, std::vector<test_case>* tests) {
  record::reader in(bytes);
  in.str(where.file);
  where.line = in.u32();
  where.column = in.u32();
  if (!tests) return;
  uint32_t n = in.u32();
  tests->reserve(tests->size() + n);
  for (uint32_t i = 0; i < n; ++i) {
    test_case& t = tests->emplace_back();
    in.str(t.id);
    in.str(t.name);
    t.verdict = static_cast<test_verdict>(in.u8());
    t.date = static_cast<int32_t>(in.u32());
    in.str(t.file);
    t.offset = in.u32();
    t.measurements.resize(in.u32());
    for (measurement& m : t.measurements) {
      in.str(m.name);
      in.str(m.value);
    }
  }
  if (!in.done()) throw std::runtime_error("the evidence store is corrupt (record length)");
}

/// One entry of a table block: a system and where its groups are, in report order.
bool next_entry(record::reader& in, std::string& system, std::vector<temp_store::ref>& groups) {
  if (in.done()) return false;
  in.str(system);
  groups.resize(in.u32());
  for (temp_store::ref& g : groups) g = in.ref();
  return true;
}

/// Every entry of a table block, in order.
void decode_block(std::string_view bytes,
                  std::vector<std::pair<std::string, std::vector<temp_store::ref>>>& entries) {
  entries.clear();
  record::reader in(bytes);
  for (;;) {
    auto& [id, groups] = entries.emplace_back();
    if (!next_entry(in, id, groups)) {
      entries.pop_back();
      return;
    }
  }
}

std::string unknown_message(std::string_view system) {
  return fmt::format(
      "test report names system '{}', which no interface description in this run describes",
      system);
}

}  // namespace

evidence_index::encoded evidence_index::encode(const std::vector<report_tests>& groups) {
  encoded out;
  out.reserve(groups.size());
  for (const report_tests& g : groups) out.emplace_back(g.system, encode_group(g));
  return out;
}

std::string evidence_index::pack(const encoded& groups) {
  std::string out;
  record::put_u32(out, static_cast<uint32_t>(groups.size()));
  for (const auto& [system, group] : groups) {
    record::put_str(out, system);
    record::put_str(out, group);
  }
  return out;
}

evidence_index::encoded evidence_index::unpack(std::string_view bytes) {
  record::reader in(bytes);
  encoded out;
  for (uint32_t n = in.u32(); n > 0; --n) {  // an overrun throws (a corrupt store)
    auto& [system, group] = out.emplace_back();
    in.str(system);
    in.str(group);
  }
  if (!in.done()) throw std::runtime_error("the evidence kept by discovery is corrupt");
  return out;
}

void evidence_index::add(const encoded& groups) {
  if (sealed_) throw std::logic_error("evidence_index: add after seal");
  std::string value;
  for (const auto& [system, group] : groups) {
    value.clear();
    record::put_ref(value, store_.write(group));
    sorter_->add(system, value);
  }
}

void evidence_index::seal() {
  if (sealed_) return;
  sealed_ = true;
  serial_ = next_serial++;
  build_table(sorter_->read());
  sorter_.reset();  // its buffer and its runs' file
}

void evidence_index::build_table(external_sort::reader sorted) {
  std::string block, first, system;
  uint32_t count = 0;
  std::string refs;
  auto end_entry = [&] {
    if (count == 0) return;
    if (block.empty()) first = system;
    record::put_str(block, system);
    record::put_u32(block, count);
    block += refs;
    refs.clear();
    count = 0;
    ++systems_;
    if (block.size() >= block_bytes) {
      fences_.push_back({std::move(first), table_.write(block)});
      block.clear();
    }
  };
  while (sorted.next()) {
    if (count == 0 || sorted.key() != system) {
      end_entry();
      system.assign(sorted.key());
    }
    refs += sorted.value();
    ++count;
  }
  end_entry();
  if (!block.empty()) fences_.push_back({std::move(first), table_.write(block)});
}

bool evidence_index::find(std::string_view system, std::vector<test_case>& out) const {
  if (!sealed_) throw std::logic_error("evidence_index: find before seal");
  auto it = std::upper_bound(fences_.begin(), fences_.end(), system,
                             [](std::string_view s, const fence& f) { return s < f.first; });
  if (it == fences_.begin()) return false;
  const auto block = static_cast<std::size_t>(it - fences_.begin() - 1);
  // The last block read, decoded, per thread: the systems of a catalogue file mostly come in
  // id order, so consecutive lookups fall in the same block.
  thread_local struct {
    uint64_t serial = 0;
    std::size_t block = 0;
    std::vector<std::pair<std::string, std::vector<temp_store::ref>>> entries;
  } cache;
  if (cache.serial != serial_ || cache.block != block) {
    cache.serial = 0;  // stays invalid if the read throws
    decode_block(table_.read(fences_[block].block), cache.entries);
    cache.block = block;
    cache.serial = serial_;
  }
  auto e = std::lower_bound(cache.entries.begin(), cache.entries.end(), system,
                            [](const auto& entry, std::string_view s) { return entry.first < s; });
  if (e == cache.entries.end() || e->first != system) return false;
  input_error where;
  for (const temp_store::ref& g : e->second) decode_group(store_.read(g), where, &out);
  return true;
}

evidence_index::unknown_scan::unknown_scan(const evidence_index& ev) : ev_(ev) {
  if (!ev.sealed_) throw std::logic_error("evidence_index: scan before seal");
}

bool evidence_index::unknown_scan::fill() {
  while (at_ == entries_.size()) {
    if (block_ == ev_.fences_.size()) return false;
    at_ = 0;
    decode_block(ev_.table_.read(ev_.fences_[block_++].block), entries_);
  }
  return true;
}

void evidence_index::unknown_scan::report(const entry& e) {
  for (const temp_store::ref& g : e.second) {
    input_error err;
    decode_group(ev_.store_.read(g), err, nullptr);
    err.message = unknown_message(e.first);
    out_.push_back(std::move(err));
  }
}

void evidence_index::unknown_scan::known(std::string_view id) {
  if (id < last_) throw std::logic_error("evidence_index: known ids out of order");
  last_.assign(id);
  while (fill() && entries_[at_].first <= id) {
    if (entries_[at_].first != id) report(entries_[at_]);
    ++at_;
  }
}

std::vector<input_error> evidence_index::unknown_scan::finish() {
  while (fill()) report(entries_[at_++]);
  return std::move(out_);
}

}  // namespace stancheck
