// engine.cpp — the batch: discovery, a pool of workers over work items, the ordered merge and
// the summary. Results are merged in catalogue order, then sorted, so any --jobs gives the
// same bytes.
#include "engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <unordered_set>

#include "catalogue.hpp"
#include "in_order.hpp"
#include "system_spool.hpp"
#include "value.hpp"

namespace stancheck {

int32_t as_of_days(const std::string& as_of) {
  if (as_of.empty()) {
    auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    return static_cast<int32_t>(now.time_since_epoch().count());
  }
  std::optional<int32_t> d = as_of.size() == 10 ? eval::parse_date(as_of) : std::nullopt;
  if (!d)
    throw std::invalid_argument(
        fmt::format("invalid as-of date '{}' (expected YYYY-MM-DD)", as_of));
  return *d;
}

int exit_code(const run_result& result, std::optional<severity> fail_on) {
  if (!result.input_errors.empty() || result.summary.input_errors) return 3;
  if (!fail_on) return 0;
  const run_summary& s = result.summary;
  uint32_t at_or_above = s.errors;
  if (*fail_on != severity::error) at_or_above += s.warnings;
  if (*fail_on == severity::info) at_or_above += s.infos;
  return at_or_above ? 1 : 0;
}

namespace {

unsigned job_count(unsigned jobs) {
  if (jobs == 0) jobs = std::thread::hardware_concurrency();
  return std::max(1u, jobs);
}

/// Runs `worker` on `jobs` threads (inline when 1) and rethrows the first exception.
void run_pool(unsigned jobs, const std::function<void()>& worker) {
  if (jobs <= 1) {
    worker();
    return;
  }
  std::exception_ptr failure;
  std::mutex m;
  std::vector<std::thread> threads;
  threads.reserve(jobs);
  for (unsigned i = 0; i < jobs; ++i)
    threads.emplace_back([&] {
      try {
        worker();
      } catch (...) {
        std::lock_guard<std::mutex> lock(m);
        if (!failure) failure = std::current_exception();
      }
    });
  for (std::thread& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
}

/// Progress over the files of the run, reported one call at a time.
class progress_meter {
 public:
  progress_meter(const engine_options& o, std::size_t total) : fn_(o.progress), total_(total) {}
  void advance(std::size_t n = 1) {
    if (!fn_ || n == 0) return;
    std::lock_guard<std::mutex> lock(m_);
    done_ += n;
    fn_(done_, total_);
  }

 private:
  const std::function<void(std::size_t, std::size_t)>& fn_;
  std::mutex m_;
  std::size_t done_ = 0, total_;
};

/// Adds the findings of `s` to the summary's counts (waived ones are counted apart).
void count_findings(const system_result& s, run_summary& sum) {
  for (const finding& f : s.findings) {
    if (!f.waived_by.empty())
      ++sum.waived;
    else if (f.level == severity::error)
      ++sum.errors;
    else if (f.level == severity::warning)
      ++sum.warnings;
    else
      ++sum.infos;
  }
}

/// Loads work items on the pool, checks their bundles, and merges them strictly in item order.
/// A worker never runs more than `window` items ahead of the merge point, which bounds memory.
class ordered_batch {
 public:
  ordered_batch(const eval::run_context& ctx, unsigned jobs, run_result& out, system_index& index,
                artefact_usage& used, progress_meter& progress, system_spool* spool)
      : ctx_(ctx),
        jobs_(jobs),
        out_(out),
        index_(index),
        used_(used),
        progress_(progress),
        spool_(spool) {}

  /// Loads items 0..count-1 with `load` and checks their systems, each with its test evidence
  /// from `evidence` when given: looked up on the thread that checks the system, so the systems
  /// of one large catalogue file do not wait for the lookups of all the others.
  template <class Load>
  void run(std::size_t count, Load load, const evidence_index* evidence = nullptr) {
    // A ring of 2 * jobs + 2 items in flight (one slot per item would cost ~150 bytes per
    // description file of the catalogue).
    in_order<slot> items(count, 2 * static_cast<std::size_t>(jobs_) + 2);
    run_pool(jobs_, [&] {
      eval::bundle_checker checker(ctx_);
      items.work(
          [&](std::size_t k) {
            slot s;
            s.work = load(k);
            const std::size_t n = s.work.bundles.size();
            if (jobs_ > 1 && count < jobs_ && n > 1) {
              // Fewer items than workers (a single catalogue file): the idle workers' share is
              // this item's systems. Every system is checked on its own, so the results are the
              // same whichever thread checks it.
              s.size(n, spool_);
              std::atomic<std::size_t> next{0};
              run_pool(jobs_, [&] {
                eval::bundle_checker part(ctx_);
                part.begin_item();
                for (std::size_t i; (i = next++) < n;)
                  s.keep(i, part.check(with_evidence(s.work.bundles[i], evidence)), spool_);
              });
            } else {
              checker.begin_item();
              s.size(n, spool_);
              for (std::size_t i = 0; i < n; ++i)
                s.keep(i, checker.check(with_evidence(s.work.bundles[i], evidence)), spool_);
            }
            s.release();
            progress_.advance();
            return s;
          },
          [&](std::size_t, slot&& s) { merge(std::move(s)); });
    });
    if (!items.complete()) throw std::logic_error("a work item was not merged");
  }

 private:
  static const system_bundle& with_evidence(system_bundle& b, const evidence_index* evidence) {
    if (evidence) attach_evidence(b, *evidence);
    return b;
  }

  struct slot {
    work_result work;
    std::vector<system_result> results;          // in memory
    std::vector<system_spool::record_ref> refs;  // spooled: where each result was written
    std::vector<run_summary> counts;             // the findings counts of each result
    /// Each system's id and where its element is: all the merge needs of the bundles.
    std::vector<std::pair<std::string, input_error>> systems;

    /// Drops the item's documents on the thread that loaded them, keeping what the merge
    /// needs. The merge may run on another worker: freeing a document there (thousands of
    /// blocks from the loading thread's malloc arena) cost `--jobs 2` processor time.
    void release() {
      systems.reserve(work.bundles.size());
      for (system_bundle& b : work.bundles)
        systems.emplace_back(std::move(b.id), system_location(b));
      std::vector<system_bundle>().swap(work.bundles);
    }

    void size(std::size_t n, system_spool* spool) {
      counts.resize(n);
      if (spool)
        refs.resize(n);
      else
        results.resize(n);
    }
    /// Keeps result `i` (any thread, distinct i). Spooled, it is encoded and written at once,
    /// so an item of 20,000 systems never holds 20,000 results.
    void keep(std::size_t i, system_result r, system_spool* spool) {
      count_findings(r, counts[i]);
      if (spool)
        refs[i] = spool->write(spool->encode(r));
      else
        results[i] = std::move(r);
    }
  };

  /// Adds the item's systems to the index in catalogue order (duplicate ids are found when it is
  /// sealed; a result in memory is moved to out_.systems, its position kept as its payload).
  /// One merge at a time (in_order's consumer), outside the lock.
  void merge(slot&& item) {
    slot s = std::move(item);
    for (std::size_t i = 0; i < s.systems.size(); ++i) {
      const auto& [id, where] = s.systems[i];
      if (spool_) {
        index_.add(id, where, s.refs[i], s.counts[i]);
      } else {
        index_.add(id, where, {out_.systems.size(), 0}, s.counts[i]);
        out_.systems.push_back(std::move(s.results[i]));
      }
    }
    for (input_error& e : s.work.errors) out_.input_errors.push_back(std::move(e));
    used_.mark(s.work.artefacts_used);
  }

  const eval::run_context& ctx_;
  unsigned jobs_;
  run_result& out_;
  system_index& index_;  // the spool's, or one for results in memory
  artefact_usage& used_;
  progress_meter& progress_;
  system_spool* spool_;
};

/// Sorts everything into its fixed order and fills the summary. A run of a catalogue added its
/// systems to `index` (the spool's, when out.spool is set) with their findings counts; sealing
/// it finds the duplicate ids and gives the system ids in order to the scan for reports naming
/// unknown systems. Without an index (check_bundles) the systems are sorted in memory.
void finish(run_result& out, system_index* index = nullptr,
            const evidence_index* evidence = nullptr) {
  run_summary& s = out.summary;
  s.errors = s.warnings = s.infos = s.waived = 0;
  if (index) {
    std::optional<evidence_index::unknown_scan> unknown;
    if (evidence) unknown.emplace(*evidence);
    std::vector<input_error> errors = index->seal(s, [&](std::string_view id) {
      if (unknown) unknown->known(id);
    });
    if (unknown)
      for (input_error& e : unknown->finish()) errors.push_back(std::move(e));
    for (input_error& e : errors) out.input_errors.push_back(std::move(e));
    if (!out.spool) {
      std::vector<system_result> sorted;
      sorted.reserve(index->size());
      for (std::size_t i = 0; i < index->size(); ++i)
        sorted.push_back(std::move(out.systems[index->at(i).offset]));
      out.systems = std::move(sorted);
    }
    s.systems = static_cast<uint32_t>(index->size());
  } else {
    std::stable_sort(out.systems.begin(), out.systems.end(),
                     [](const system_result& a, const system_result& b) { return a.id < b.id; });
    s.systems = static_cast<uint32_t>(out.systems.size());
    for (const system_result& sys : out.systems) count_findings(sys, s);
  }
  std::stable_sort(out.input_errors.begin(), out.input_errors.end(),
                   [](const input_error& a, const input_error& b) {
                     return std::tie(a.file, a.line, a.column, a.message) <
                            std::tie(b.file, b.line, b.column, b.message);
                   });
  s.input_errors = static_cast<uint32_t>(out.input_errors.size());
}

}  // namespace

run_result run_engine(const ir::rule_set& rules, const engine_options& options) {
  int32_t as_of = as_of_days(options.as_of);
  eval::run_context ctx(rules, options.profile, as_of);
  run_result out;
  ctx.describe(out);
  out.as_of = eval::civil_from_days(as_of);
  const unsigned jobs = job_count(options.jobs);
  load_options lo;
  lo.max_file_size = options.max_file_size;

  catalogue cat = discover(options.inputs, lo, jobs);
  lo.artefact_roots = &cat.roots;  // artefact links stay inside the inputs (docs/security.md)
  lo.kept = cat.kept.get();        // descriptions discovery read whole
  out.input_errors = std::move(cat.errors);
  out.summary.files = cat.files;
  progress_meter progress(options, cat.reports.size() + cat.eids.size() + cat.artefacts.size());

  // Phase 1: test evidence from every report, added in catalogue order. Reports are extracted
  // on the pool and added by whichever worker completes the oldest ones (one at a time, outside
  // the lock), so at most `window` extractions wait in memory and no worker waits for the adds
  // (the index keeps the tests in its temporary store). Workers left without a report load the
  // first descriptions meanwhile, all but their evidence (a large JUnit file and a large
  // catalogue file are not loaded one after the other).
  evidence_index evidence;
  const std::size_t ahead = jobs > 1 ? std::min<std::size_t>(jobs, cat.eids.size()) : 0;
  std::vector<std::optional<work_result>> preloaded(ahead);
  std::atomic<std::size_t> next_ahead{0};
  {
    // Encoded where extracted: the tests are freed on the thread that allocated them (freeing
    // them on another worker cost --jobs 2 processor time; the same holds for phase 2's items).
    struct extracted {
      evidence_index::encoded groups;
      std::vector<input_error> errors;
    };
    in_order<extracted> reports(cat.reports.size(), 64 * static_cast<std::size_t>(jobs));
    run_pool(jobs, [&] {
      reports.work(
          [&](std::size_t k) {
            const catalogue_entry entry = cat.reports[k];
            extracted e;
            if (entry.evidence.length > 0) {  // parsed by discovery already
              e.groups = evidence_index::unpack(cat.kept->read(entry.evidence));
            } else {
              report_extraction x = load_report(entry, lo);
              e = {evidence_index::encode(x.groups), std::move(x.errors)};
            }
            progress.advance();
            return e;
          },
          [&](std::size_t, extracted&& x) {
            evidence.add(x.groups);
            for (input_error& e : x.errors) out.input_errors.push_back(std::move(e));
          });
      for (std::size_t k; (k = next_ahead++) < ahead;) preloaded[k] = load_eid(cat.eids[k], lo);
    });
    if (!reports.complete()) throw std::logic_error("phase 1: a report's evidence was not added");
  }
  cat.reports.clear();  // not needed any more
  evidence.seal();

  // Phase 2: every description; phase 3: the artefacts no description linked.
  artefact_usage used(cat.artefacts);
  std::shared_ptr<system_spool> spool;
  if (options.spool) out.spool = spool = std::make_shared<system_spool>(out.rules);
  std::optional<system_index> in_memory;  // results kept in memory (no spool)
  system_index& index = spool ? spool->index() : in_memory.emplace();
  ordered_batch batch(ctx, jobs, out, index, used, progress, spool.get());
  batch.run(
      cat.eids.size(),
      [&](std::size_t k) {
        work_result w =
            k < ahead && preloaded[k] ? std::move(*preloaded[k]) : load_eid(cat.eids[k], lo);
        if (k < ahead) preloaded[k].reset();
        return w;
      },
      &evidence);
  std::vector<catalogue_entry> loose = unreferenced_artefacts(cat, used);
  progress.advance(cat.artefacts.size() - loose.size());
  batch.run(loose.size(), [&](std::size_t k) { return load_artefact(loose[k], lo); });

  finish(out, &index, &evidence);
  return out;
}

run_result check_bundles(const ir::rule_set& rules, const std::vector<system_bundle>& bundles,
                         const engine_options& options) {
  int32_t as_of = as_of_days(options.as_of);
  eval::run_context ctx(rules, options.profile, as_of);
  run_result out;
  ctx.describe(out);
  out.as_of = eval::civil_from_days(as_of);
  eval::bundle_checker checker(ctx);
  checker.begin_item();
  std::unordered_set<std::string> files;
  for (const system_bundle& b : bundles) {
    out.systems.push_back(checker.check(b));
    files.insert(b.files.begin(), b.files.end());
  }
  out.summary.files = static_cast<uint32_t>(files.size());
  finish(out);
  return out;
}

}  // namespace stancheck
