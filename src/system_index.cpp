// system_index.cpp — the sort, the duplicate check, and the order of kept systems on disk.
#include "system_index.hpp"

#include <fmt/format.h>

#include <stdexcept>
#include <string>

namespace stancheck {

using namespace record;

system_index::system_index(std::size_t run_bytes)
    : sorter_(std::make_unique<external_sort>("system index", run_bytes)) {}

void system_index::add(std::string_view id, const input_error& where, payload result,
                       const run_summary& counts) {
  if (sealed_) throw std::logic_error("system_index: add after seal");
  std::string& value = value_;
  value.clear();
  put_ref(value, result);
  put_u32(value, counts.errors);
  put_u32(value, counts.warnings);
  put_u32(value, counts.infos);
  put_u32(value, counts.waived);
  put_u32(value, where.line);
  put_u32(value, where.column);
  put_str(value, where.file);
  sorter_->add(id, value);
}

std::vector<input_error> system_index::seal(run_summary& sum,
                                            const std::function<void(std::string_view)>& known) {
  if (sealed_) throw std::logic_error("system_index: sealed twice");
  sealed_ = true;
  std::vector<input_error> duplicates = merge(sum, known, sorter_->read());
  sorter_.reset();  // its buffer and its runs' file
  return duplicates;
}

std::vector<input_error> system_index::merge(run_summary& sum,
                                             const std::function<void(std::string_view)>& known,
                                             external_sort::reader sorted) {
  std::vector<input_error> duplicates;
  std::string first_id;  // the kept system of the current id
  input_error first;     // where it is (formatted only when a duplicate follows)
  std::string entry;
  bool any = false;
  while (sorted.next()) {
    reader in(sorted.value());
    const payload p = in.ref();
    run_summary counts;
    counts.errors = in.u32();
    counts.warnings = in.u32();
    counts.infos = in.u32();
    counts.waived = in.u32();
    input_error here;
    here.line = in.u32();
    here.column = in.u32();
    in.str(here.file);
    if (!in.done()) throw std::runtime_error("the system index is corrupt (record length)");
    if (any && sorted.key() == first_id) {
      here.message = fmt::format("duplicate system id '{}' (already described at {}:{}:{})",
                                 first_id, first.file, first.line, first.column);
      duplicates.push_back(std::move(here));
      continue;
    }
    any = true;
    first_id.assign(sorted.key());
    first.file.swap(here.file);
    first.line = here.line;
    first.column = here.column;
    sum.errors += counts.errors;
    sum.warnings += counts.warnings;
    sum.infos += counts.infos;
    sum.waived += counts.waived;
    if (known) known(first_id);
    entry.clear();
    put_ref(entry, p);
    order_.push_back(entry);
  }
  return duplicates;
}

system_index::payload system_index::at(std::size_t i) const {
  if (!sealed_) throw std::logic_error("system_index: read before seal");
  if (i >= order_.size()) throw std::out_of_range("system_index: no such system");
  reader in(order_.get(i));
  return in.ref();
}

}  // namespace stancheck
