// catalogue.hpp — finds the documents of a catalogue and turns them into system bundles, one
// work item at a time, so an audit holds only the items in flight.
//
// The engine drives it in three phases (it owns the threads; every function here that takes
// a const evidence_index is safe to call from several threads at once):
//   0. discover(paths)                  paths only: descriptions, reports, artefacts, errors
//   1. load_report(entry) per report     (parallel) -> evidence_index::add, in catalogue order;
//      then evidence_index::seal. A report discovery read whole (under 64 KiB) was parsed
//      there; its evidence is read back from catalogue::kept instead.
//   2. load_eid(entry, evidence) per EID (parallel; the bytes discovery kept, when it read the
//      file whole: load_options::kept) -> bundles; the engine evaluates them and,
//      merging results in catalogue order, adds each system to the system_index
//   3. unreferenced_artefacts(...) -> load_artefact(entry) per artefact nobody linked (parallel)
//   finally the system_index is sealed (duplicate ids -> errors) and its ids, in order, go
//   through an evidence_index::unknown_scan: reports naming a system no EID describes.
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
#include "external_sort.hpp"
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
  /// A report small enough to be read whole by discovery's sniff is parsed there and its
  /// evidence kept in the catalogue's `kept` store (evidence_index::pack); length 0:
  /// not kept (an EID, an artefact, a large report, or one with problems): phase 1 loads it.
  temp_store::ref evidence;
  /// An EID read whole by the sniff: its bytes, in the same store (load_options::kept), so
  /// phase 2 parses them instead of reading the file again; length 0: not kept.
  temp_store::ref bytes;

  /// The file's identity: its absolute canonical path.
  const std::string& canonical_path() const { return canonical.empty() ? path : canonical; }
};
/// A list of entries kept in temporary stores (unlinked temporary files; in memory without a
/// usable $TMPDIR): memory holds nothing per entry. A catalogue of 100,000 systems lists about
/// 250,000 files; they are read back one at a time, when each is loaded. Reading is
/// thread-safe; appending is not. Move-only: lists made by discovery share one store of records,
/// each has its own array of where its records are.
class entry_list {
 public:
  /// A list with a store of its own (created at the first push_back).
  entry_list() = default;
  /// A list whose records go to `store`, which several lists may share.
  explicit entry_list(std::shared_ptr<temp_store> store) : store_(std::move(store)) {}
  entry_list(entry_list&&) = default;
  entry_list& operator=(entry_list&&) = default;

  void push_back(const catalogue_entry& e);
  std::size_t size() const { return refs_ ? refs_->size() : 0; }
  bool empty() const { return size() == 0; }
  /// Entry `i`, read back. Throws std::runtime_error when the store cannot be read.
  catalogue_entry operator[](std::size_t i) const;
  /// Forgets every entry (the store's file space is released with the store).
  void clear() { refs_.reset(); }

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
  iterator end() const { return {this, size()}; }

 private:
  std::shared_ptr<temp_store> store_;
  /// Where each record is (a temp_store::ref, 12 bytes): a path, a canonical path, a kind and a
  /// system id.
  std::unique_ptr<fixed_array> refs_;
};

/// The result of discovery: file names and kinds only, never DOMs.
struct catalogue {
  entry_list eids;                  // in discovery order
  entry_list reports;               // native, ATML and JUnit, in discovery order
  entry_list artefacts;             // 4774 labels and 4778 bindings, in discovery order
  std::vector<input_error> errors;  // files that are not documents, loops, dangling links
  /// What discovery read and later phases need: the evidence of the reports it parsed and the
  /// bytes of the descriptions it read whole (catalogue_entry::evidence, ::bytes).
  std::shared_ptr<temp_store> kept;
  uint32_t files = 0;  // every file considered, good or bad
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

/// Test evidence of every report, by system id. Filled in phase 1 (serially), sealed, then
/// read-only (find is thread-safe). The tests live in a temp_store (an unlinked temporary file)
/// and so does the index, sorted by system id (external_sort): memory holds the first id of each
/// 4 KiB block of the index, not an entry per system.
class evidence_index {
 public:
  /// A report's groups as the store keeps them: (system id, encoded group) each.
  using encoded = std::vector<std::pair<std::string, std::string>>;
  /// Encodes groups for add (any thread: the engine encodes on the thread that extracted the
  /// report, so its test cases are freed where they were allocated).
  static encoded encode(const std::vector<report_tests>& groups);
  /// Encoded groups as one record, and back (the catalogue keeps discovery's extractions so).
  static std::string pack(const encoded& groups);
  static encoded unpack(std::string_view record);
  /// Adds a report's groups; call in catalogue order so the tests of a system keep that order.
  void add(const encoded& groups);
  void add(const std::vector<report_tests>& groups) { add(encode(groups)); }
  /// Sorts the index; call once after the last add, before find.
  void seal();
  /// Appends the tests of `system` to `out`, in report order; false when no report names it.
  bool find(std::string_view system, std::vector<test_case>& out) const;
  /// Systems named by some report (after seal).
  std::size_t systems() const { return systems_; }

  /// The reports naming a system no description in the run describes: give it every system id
  /// of the run in ascending order (as the system index yields them), then take one input error
  /// per (report group, system) never given, in system order.
  class unknown_scan {
   public:
    explicit unknown_scan(const evidence_index& ev);
    void known(std::string_view id);
    std::vector<input_error> finish();

   private:
    using entry = std::pair<std::string, std::vector<temp_store::ref>>;
    bool fill();  // false when every block was read
    void report(const entry& e);
    const evidence_index& ev_;
    std::size_t block_ = 0;       // next block to read
    std::vector<entry> entries_;  // the current block's entries
    std::size_t at_ = 0;
    std::string last_;
    std::vector<input_error> out_;
  };

 private:
  void build_table(external_sort::reader sorted);
  struct fence {
    std::string first;  // the first system of the block
    temp_store::ref block;
  };
  temp_store store_{"evidence store"};      // encoded report groups
  std::unique_ptr<external_sort> sorter_ =  // (system, group) until seal
      std::make_unique<external_sort>("evidence index");
  temp_store table_{"evidence table"};  // after seal: (system, its groups), by system
  std::vector<fence> fences_;
  std::size_t systems_ = 0;
  bool sealed_ = false;
  uint64_t serial_ = 0;  // tells this index's blocks apart in a thread's cache (set by seal)
};

/// What one work item (an EID file, or a standalone artefact) yields.
struct work_result {
  std::vector<system_bundle> bundles;  // in document order
  std::vector<input_error> errors;
  /// Canonical paths of the artefacts this item linked (or tried to): not standalone bundles.
  /// Empty for phase 3's items (an artefact checked on its own).
  std::vector<std::string> artefacts_used;
};

/// Phase 2: loads an EID file and builds one bundle per system in it, with the system's
/// artefacts (`artefact/@href`, relative to the EID file; all bundles of the file share one
/// document per artefact) and a copy of its test evidence. Duplicate ids inside the file are
/// input errors here; duplicates across files are caught by system_index.
work_result load_eid(const catalogue_entry& entry, const evidence_index& evidence,
                     const load_options& options = {});
/// The same in two steps: everything but the evidence (needs no phase-1 result, so it can run
/// while phase 1 does), then each bundle's test evidence and the files it came from.
work_result load_eid(const catalogue_entry& entry, const load_options& options);
void attach_evidence(work_result& w, const evidence_index& evidence);
/// The same for one bundle (thread-safe: the engine calls it on the thread checking the system).
void attach_evidence(system_bundle& b, const evidence_index& evidence);

/// Which of the catalogue's artefacts some description linked (phase 2), so that phase 3 checks
/// only the others on their own. Links are collected in an external_sort and joined with the
/// artefacts' paths, sorted too, once phase 2 is over: memory holds a bit per artefact the walk
/// found (a link to a file that is not among them is ignored). `artefacts` must outlive it
/// unchanged. Not thread-safe.
class artefact_usage {
 public:
  explicit artefact_usage(const entry_list& artefacts);
  /// Records a link to the artefact whose canonical path is `canonical` (before resolve).
  void mark(std::string_view canonical);
  /// Marks every path of `used` (a work_result's artefacts_used).
  void mark(const std::vector<std::string>& used) {
    for (const std::string& c : used) mark(c);
  }
  /// Joins the links with the artefacts; call after the last mark (unreferenced_artefacts does).
  void resolve();
  /// Whether artefact `i` was linked (after resolve).
  bool used(std::size_t i) const;

 private:
  const entry_list& artefacts_;
  std::unique_ptr<external_sort> marks_;  // the links' canonical paths, until resolve
  std::vector<bool> used_;
};

/// Phase 3: the artefacts of the catalogue that no EID linked, in catalogue order (resolves
/// `usage`).
std::vector<catalogue_entry> unreferenced_artefacts(const catalogue& cat, artefact_usage& usage);

/// Phase 3: an artefact checked on its own, as a bundle whose id is the file path.
work_result load_artefact(const catalogue_entry& entry, const load_options& options = {});

/// Where a bundle's system element is (file, line, column; message empty): a duplicate id is
/// reported there (system_index).
input_error system_location(const system_bundle& bundle);

}  // namespace stancheck
