// catalogue.hpp — finds the documents of a catalogue and turns them into system bundles, one
// work item at a time, so an audit holds only the items in flight.
//
// The engine drives it in three phases (it owns the threads; every function here that takes
// a const evidence_index is safe to call from several threads at once):
//   0. discover(paths)                  paths only: descriptions, reports, artefacts, errors
//   1. load_report(entry) per report     (parallel) -> evidence_index::add, in catalogue order
//   2. load_eid(entry, evidence) per EID (parallel) -> bundles; the engine evaluates them and,
//      merging results in catalogue order, calls system_registry::claim (duplicates -> error)
//   3. unreferenced_artefacts(...) -> load_artefact(entry) per artefact nobody linked (parallel)
//   finally evidence.unknown_systems(registry): reports naming a system no EID describes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "bundle.hpp"
#include "document.hpp"
#include "reports.hpp"
#include "result.hpp"
#include "temp_store.hpp"

namespace stancheck {

/// One file of the catalogue.
struct catalogue_entry {
  std::string path;       // as given, or joined from the directory walk ("cat/sub/a.xml")
  std::string canonical;  // absolute canonical path, or empty when it is `path` itself
  doc_kind kind = doc_kind::unknown;
  std::string system;  // system id from the root start tag, when it is there (may be empty)

  /// The file's identity: its absolute canonical path.
  const std::string& canonical_path() const { return canonical.empty() ? path : canonical; }
};
/// A list of entries kept in a temp_store (an unlinked temporary file; in memory without a usable
/// $TMPDIR): memory holds 8 bytes per entry (where its record is). A catalogue of 100,000 systems
/// lists about 250,000 files; they are read back one at a time, when each is loaded. Reading is
/// thread-safe; appending is not. Copies share the store.
class entry_list {
 public:
  /// A list with a store of its own (created at the first push_back).
  entry_list() = default;
  /// A list whose records go to `store`, which several lists may share.
  explicit entry_list(std::shared_ptr<temp_store> store) : store_(std::move(store)) {}

  void push_back(const catalogue_entry& e);
  std::size_t size() const { return refs_.size(); }
  bool empty() const { return refs_.empty(); }
  /// Entry `i`, read back. Throws std::runtime_error when the store cannot be read.
  catalogue_entry operator[](std::size_t i) const;
  /// Forgets every entry (the store's file space is released with the store).
  void clear() { refs_ = {}; }

  class iterator {
   public:
    using value_type = catalogue_entry;
    using difference_type = std::ptrdiff_t;
    iterator(const entry_list* l, std::size_t i) : l_(l), i_(i) {}
    catalogue_entry operator*() const { return (*l_)[i_]; }
    iterator& operator++() { return ++i_, *this; }
    bool operator==(const iterator& o) const { return i_ == o.i_; }

   private:
    const entry_list* l_;
    std::size_t i_;
  };
  iterator begin() const { return {this, 0}; }
  iterator end() const { return {this, refs_.size()}; }

 private:
  std::shared_ptr<temp_store> store_;
  /// Each record's offset (high 40 bits) and length (low 24 bits): a record is a path (at most
  /// PATH_MAX), a canonical path and a system id from the first 64 KiB of a file.
  std::vector<uint64_t> refs_;
};

/// The result of discovery: file names and kinds only, never DOMs.
struct catalogue {
  entry_list eids;                  // in discovery order
  entry_list reports;               // native, ATML and JUnit, in discovery order
  entry_list artefacts;             // 4774 labels and 4778 bindings, in discovery order
  std::vector<input_error> errors;  // files that are not documents, loops, dangling links
  uint32_t files = 0;               // every file considered, good or bad
  /// Canonical input roots: each directory given, and the directory of each file given. Artefact
  /// links must stay inside one of them (load_options::artefact_roots).
  std::unordered_set<std::string> roots;
};

/// Walks `paths` (files and directories) in a deterministic order and classifies each file by
/// its root element. In a directory walk only `*.xml` files (any case) are considered and names
/// starting with '.' are skipped; a file named explicitly is always considered. Directory
/// symlinks are followed; a loop and a dangling link are input errors. A file reached twice
/// (same canonical path) is considered once.
/// Files are classified on `jobs` threads; the result does not depend on it.
catalogue discover(const std::vector<std::string>& paths, const load_options& options = {},
                   unsigned jobs = 1);

/// Phase 1: loads a report, extracts its test cases and drops the DOM.
report_extraction load_report(const catalogue_entry& entry, const load_options& options = {});

class system_registry;

/// Test evidence of every report, by system id. Filled in phase 1 (serially), then read-only
/// (find is thread-safe). The tests themselves live in a temp_store (an unlinked temporary
/// file): memory keeps about 100 bytes per system, whatever the number of tests.
class evidence_index {
 public:
  /// Adds a report's groups; call in catalogue order so the tests of a system keep that order.
  void add(std::vector<report_tests> groups);
  /// Appends the tests of `system` to `out`, in report order; false when no report names it.
  bool find(std::string_view system, std::vector<test_case>& out) const;
  /// One input error per (report, system) whose system was never claimed in `known`.
  std::vector<input_error> unknown_systems(const system_registry& known) const;
  std::size_t systems() const { return systems_.size(); }

 private:
  static constexpr uint32_t none = 0xFFFFFFFF;
  /// One group (an encoded report_tests) in the store, and the next group of the same system.
  struct group {
    uint64_t offset;
    uint32_t length;
    uint32_t next;
  };
  struct chain {
    uint32_t first, last;
  };
  temp_store store_{"evidence store"};
  std::vector<group> groups_;                       // in catalogue order
  std::unordered_map<std::string, chain> systems_;  // system -> its groups, in catalogue order
};

/// What one work item (an EID file, or a standalone artefact) yields.
struct work_result {
  std::vector<system_bundle> bundles;  // in document order
  std::vector<input_error> errors;
  /// Canonical paths of the artefacts this item linked (or tried to): not standalone bundles.
  std::vector<std::string> artefacts_used;
};

/// Phase 2: loads an EID file and builds one bundle per system in it, with the system's
/// artefacts (`artefact/@href`, relative to the EID file; all bundles of the file share one
/// document per artefact) and a copy of its test evidence. Duplicate ids inside the file are
/// input errors here; duplicates across files are caught by system_registry.
work_result load_eid(const catalogue_entry& entry, const evidence_index& evidence,
                     const load_options& options = {});
/// The same in two steps: everything but the evidence (needs no phase-1 result, so it can run
/// while phase 1 does), then each bundle's test evidence and the files it came from.
work_result load_eid(const catalogue_entry& entry, const load_options& options);
void attach_evidence(work_result& w, const evidence_index& evidence);

/// Which of the catalogue's artefacts some description linked (phase 2), so that phase 3 checks
/// only the others on their own. Holds a hash, an index and a bit per artefact the walk found,
/// nothing per link (a link to a file that is not among them is ignored); a hash match is
/// confirmed against the entry. `artefacts` must outlive it unchanged. Not thread-safe.
class artefact_usage {
 public:
  explicit artefact_usage(const entry_list& artefacts);
  void mark(std::string_view canonical);
  /// Marks every path of `used` (a work_result's artefacts_used).
  void mark(const std::vector<std::string>& used) {
    for (const std::string& c : used) mark(c);
  }
  bool used(std::size_t i) const { return used_[i]; }

 private:
  const entry_list& artefacts_;
  std::unordered_multimap<std::size_t, uint32_t> index_;  // hash of the canonical path -> index
  std::vector<bool> used_;
};

/// Phase 3: the artefacts of the catalogue that no EID linked, in catalogue order.
std::vector<catalogue_entry> unreferenced_artefacts(const catalogue& cat,
                                                    const artefact_usage& usage);

/// Phase 3: an artefact checked on its own, as a bundle whose id is the file path.
work_result load_artefact(const catalogue_entry& entry, const load_options& options = {});

/// System ids already accepted in this run. Not thread-safe: call from the merging thread in
/// catalogue order, so "the second one" is the same whatever the number of threads.
class system_registry {
 public:
  /// Records the bundle's id, or returns the input error for a duplicate (located at the
  /// second system element) — the engine then drops that bundle's results.
  std::optional<input_error> claim(const system_bundle& bundle);
  bool contains(std::string_view id) const { return first_.count(std::string(id)) != 0; }

 private:
  /// id -> where the first one is ("file:line:col"), kept on disk: it is read only to report a
  /// duplicate, and a formatted location per system was most of the registry's memory.
  std::unordered_map<std::string, temp_store::ref> first_;
  temp_store where_{"system registry"};
};

}  // namespace stancheck
