// discover.cpp — discovery: the deterministic directory walk (symlink loops, dangling links,
// files reached twice), classification of each file by its root element on `--jobs` threads
// while the walk goes on, and assembly in walk order.
#include <dirent.h>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <thread>

#include "catalogue.hpp"
#include "catalogue_detail.hpp"

namespace stancheck {

namespace fs = std::filesystem;
using namespace catalogue_detail;

namespace {

bool has_xml_extension(std::string_view name) {
  if (name.size() < 4) return false;
  auto ext = name.substr(name.size() - 4);
  return ext[0] == '.' && (ext[1] | 0x20) == 'x' && (ext[2] | 0x20) == 'm' &&
         (ext[3] | 0x20) == 'l';
}

/// a + b + c at its exact size: appending to a copy of `a` would double the capacity, and a
/// catalogue keeps hundreds of thousands of these paths until its files are loaded.
std::string concat(std::string_view a, std::string_view b, std::string_view c = {}) {
  std::string out;
  out.reserve(a.size() + b.size() + c.size());
  out.append(a).append(b).append(c);
  return out;
}

/// One thing the walk met, in walk order: an input error, or a file to classify.
struct walk_event {
  catalogue_entry entry;               // path; canonical for files; kind and system once classified
  std::unique_ptr<input_error> error;  // set by the walk, or by classification
  bool classified = false;
};

/// Classifies one file by its root element (size limit, sniff, or a full load when the sniff
/// cannot tell). A report the sniff read whole is parsed at once and, when it has no problem,
/// its evidence kept in `kept` (phase 1 then reads that instead of the file: one open
/// and one read fewer per report, and the parse runs while the walk goes on). Thread-safe.
void classify(walk_event& ev, const load_options& options, temp_store* kept) {
  const std::string& p = ev.entry.path;
  auto fail = [&](std::string message) {
    ev.error = std::make_unique<input_error>(input_error{p, 0, 0, std::move(message)});
  };
  root_info info;
  thread_local std::string whole;  // keeps its capacity from file to file
  try {
    info = sniff_root(p, kept ? &whole : nullptr);
  } catch (const std::system_error& e) {
    return fail(fmt::format("cannot read file: {}", e.code().message()));
  }
  const uint64_t limit = std::min<uint64_t>(options.max_file_size, 0xFFFFFFFFull);
  if (info.size > limit)
    return fail(
        fmt::format("file is {} bytes, larger than --max-file-size ({} bytes)", info.size, limit));
  doc_kind kind = info.complete ? info.kind : doc_kind::unknown;
  if (kind == doc_kind::unknown) {
    // The sniff could not tell: a full load gives the exact reason (or, rarely, the kind).
    auto r = load_document(p, options);
    if (!r) {
      ev.error = std::make_unique<input_error>(std::move(r.error));
      return;
    }
    kind = r.doc->kind;
  }
  ev.entry.kind = kind;
  ev.entry.system = std::move(info.system);
  if (kept && kind == doc_kind::eid && !whole.empty() && kept->on_disk()) {
    // Kept on disk only: without a temporary directory they would all sit in memory.
    ev.entry.bytes = kept->write(whole);
  } else if (kept && is_report(kind) && !whole.empty()) {
    auto r = parse_document(p, whole, options);
    if (!r) return;  // phase 1 loads it again and reports the problem where it always did
    report_extraction x = extract_tests(*r.doc);
    if (!x.errors.empty()) return;  // the same
    ev.entry.evidence = kept->write(evidence_index::pack(evidence_index::encode(x.groups)));
  }
}

/// The walk's events, from the walk to the catalogue's lists. The walker appends; with `shared`,
/// classifiers take runs of events (under the mutex) and classify them outside it, and as soon
/// as the oldest events are classified they leave for the lists, in walk order. So memory holds
/// only the events in between — at most `cap`: the walker waits for room — never the catalogue
/// (about 250,000 files for 100,000 systems). Without `shared`, the walker classifies each
/// event itself as it appends it. The walker hands its events over in runs of `batch`: handed
/// over one at a time, each woke a classifier for one file, and discovery on two threads
/// took a third more processor time than on one (mutex and wake-up traffic).
class event_list {
 public:
  event_list(catalogue& out, const load_options& options, bool shared)
      : out_(out), options_(options), shared_(shared) {}

  void push(walk_event ev) {
    if (!shared_) {
      if (!ev.error) classify(ev, options_, out_.kept.get());
      return assemble(ev);
    }
    pending_.push_back(std::move(ev));
    if (pending_.size() >= batch) flush();
  }
  /// Hands the walker's pending events to the classifiers (waiting for room). The walker calls
  /// it once more after its last event.
  void flush() {
    if (pending_.empty()) return;
    {
      std::unique_lock<std::mutex> lock(m_);
      for (walk_event& ev : pending_) {
        if (events_.size() >= cap && !failure_) {
          ready_.notify_all();  // the events already there, before waiting for room
          room_.wait(lock, [&] { return events_.size() < cap || failure_; });
        }
        if (failure_) std::rethrow_exception(failure_);  // the walk stops too
        events_.push_back(std::move(ev));
      }
      pending_.clear();
    }
    ready_.notify_all();
  }
  /// A classifier failed (the lists' store could not be written: disk full): everything stops,
  /// and discover rethrows the first failure.
  void fail(std::exception_ptr e) {
    {
      std::lock_guard<std::mutex> lock(m_);
      if (!failure_) failure_ = std::move(e);
    }
    ready_.notify_all();
    room_.notify_all();
  }
  std::exception_ptr failure() const { return failure_; }
  /// No more events will come.
  void close() {
    {
      std::lock_guard<std::mutex> lock(m_);
      closed_ = true;
    }
    ready_.notify_all();
  }
  /// Up to `max` events not yet taken, waiting for the walk while it is open; empty at the end.
  void take(std::vector<walk_event*>& out, std::size_t max) {
    out.clear();
    std::unique_lock<std::mutex> lock(m_);
    ready_.wait(lock, [&] { return next_ < events_.size() || closed_ || failure_; });
    while (!failure_ && next_ < events_.size() && out.size() < max)
      out.push_back(&events_[next_++]);
  }
  /// The events of `taken` are classified: those at the front leave for the lists.
  void done(const std::vector<walk_event*>& taken) {
    {
      std::lock_guard<std::mutex> lock(m_);
      for (walk_event* ev : taken) ev->classified = true;
      while (!events_.empty() && events_.front().classified) {
        assemble(events_.front());
        events_.pop_front();  // the other events' addresses survive (a deque)
        --next_;
      }
    }
    room_.notify_one();
  }
  /// After the walk and every classifier have finished: every event has left.
  bool drained() const { return events_.empty() && pending_.empty(); }

 private:
  static constexpr std::size_t cap = 4096;
  static constexpr std::size_t batch = 32;  // events the walker hands over at once

  void assemble(walk_event& ev) {
    if (ev.error) return out_.errors.push_back(std::move(*ev.error));
    entry_list& list = ev.entry.kind == doc_kind::eid ? out_.eids
                       : is_report(ev.entry.kind)     ? out_.reports
                                                      : out_.artefacts;
    list.push_back(ev.entry);
  }

  catalogue& out_;
  const load_options& options_;
  bool shared_;
  std::deque<walk_event> events_;    // taken or not; the front one is not yet classified
  std::vector<walk_event> pending_;  // the walker's, not yet handed over
  std::mutex m_;
  std::condition_variable ready_, room_;
  std::size_t next_ = 0;  // the first event not taken
  bool closed_ = false;
  std::exception_ptr failure_;
};

/// The directory walk: directory reads, no file contents. Files are classified (`classify`) on
/// other threads while the walk goes on, and assembled in walk order.
class walker {
 public:
  walker(catalogue& out, event_list& events) : events(events), out_(out) {}

  void path(const std::string& p) {
    std::error_code ec;
    auto link = fs::symlink_status(p, ec);
    if (ec || link.type() == fs::file_type::not_found) return error(p, "no such file or directory");
    auto st = fs::status(p, ec);
    if (link.type() == fs::file_type::symlink && (ec || st.type() == fs::file_type::not_found))
      return dangling(p);
    if (st.type() == fs::file_type::directory) {
      std::string canon = canonical_of(p);
      add_root(canon);
      return directory(p, std::move(canon), false);
    }
    if (st.type() == fs::file_type::regular) {
      std::string canon = canonical_of(p);
      add_root(fs::path(canon).parent_path().string());
      return file(p, std::move(canon), false);
    }
    ++out_.files;
    error(p, "not a regular file or directory");
  }

  event_list& events;

 private:
  void error(const std::string& p, std::string message) {
    events.push({{p, {}, doc_kind::unknown, {}, {}, {}},
                 std::make_unique<input_error>(input_error{p, 0, 0, std::move(message)})});
  }

  bool inside_root(const std::string& canon) const { return inside_any(canon, out_.roots); }
  void add_root(std::string root) { out_.roots.insert(std::move(root)); }

  void dangling(const std::string& p) {
    std::error_code ec;
    auto target = fs::read_symlink(p, ec);
    (void)fs::status(p, ec);
    if (ec == std::errc::too_many_symbolic_link_levels)  // a link to itself, or a cycle of links
      return error(
          p, fmt::format("symbolic link loop (its target '{}' leads back to a link on the way)",
                         target.string()));
    error(p,
          fmt::format("dangling symbolic link (its target '{}' does not exist)", target.string()));
  }

  struct frame {
    std::string canon;    // a directory being walked
    std::string_view at;  // the name of its entry being walked now (empty before the first)
  };

  // Identity. A file or directory is considered once, however many ways lead to it. The plain
  // walk (the entries of a directory being walked that are not links) reaches each canonical
  // path at most once, since each directory is walked at most once; so only the other ways in
  // — paths named as inputs, and symbolic links — are recorded (`linked_dirs_`,
  // `linked_files_`: empty in a catalogue without links), and whether the plain walk has reached
  // a path already is worked out from where the walk stands (`walked`, `passed`). Nothing is
  // kept per file or per directory of the catalogue.

  /// The directory part and the name of a canonical path ("/" for "/a").
  static std::pair<std::string_view, std::string_view> split(std::string_view canon) {
    std::size_t slash = canon.rfind('/');
    if (slash == std::string_view::npos) return {{}, canon};
    return {slash == 0 ? std::string_view("/") : canon.substr(0, slash), canon.substr(slash + 1)};
  }
  /// The frame of directory `canon` while it is being walked, else null.
  const frame* walking(std::string_view canon) const {
    for (const frame& f : ancestors_)
      if (f.canon == canon) return &f;
    return nullptr;
  }
  /// Has the walk entered directory `canon` (finished, or being walked)?
  bool walked(std::string_view canon) const {
    if (linked_dirs_.count(std::string(canon)) || walking(canon)) return true;
    auto [parent, name] = split(canon);
    if (name.empty() || name[0] == '.' || parent.empty()) return false;  // never walked into
    return passed(parent, name, true);
  }
  /// Has the walk of directory `dir` come to entry `name` (`at_too`: or is it there now)?
  bool passed(std::string_view dir, std::string_view name, bool at_too) const {
    if (const frame* f = walking(dir)) return name < f->at || (at_too && name == f->at);
    return walked(dir) && !unread_.count(std::string(dir));  // walked and finished
  }

  /// `canon` is the directory's canonical path (computed by the caller); `plain`: reached as a
  /// non-link entry of a directory being walked.
  void directory(const std::string& dir, std::string canon, bool plain) {
    if (walking(canon))
      return error(
          dir,
          fmt::format("symbolic link loop: leads back to '{}', already being searched", canon));
    // Reached through another link, or by the walk: already searched.
    if (plain ? linked_dirs_.count(canon) != 0 : walked(canon)) return;
    if (!plain) linked_dirs_.insert(canon);
    // A directory reached through a symbolic link is an input as well: its artefacts may be linked.
    if (!inside_root(canon)) add_root(canon);
    std::error_code ec;
    // The entry types come from the directory read itself (d_type): no stat for plain files
    // and directories, one for a symbolic link (to follow it).
    struct child {
      std::string name;
      fs::file_type type;  // of the entry itself (symlink for links)
    };
    std::vector<child> children;
    // opendir/readdir, not fs::directory_iterator: libstdc++ opens with openat + fdopendir,
    // which costs an fstat and two fcntl per directory — 30,000 system calls in 10,000 systems.
    if (DIR* d = ::opendir(dir.c_str())) {
      for (;;) {
        errno = 0;
        const dirent* e = ::readdir(d);
        if (!e) {
          if (errno != 0) ec.assign(errno, std::generic_category());
          break;
        }
        std::string_view name = e->d_name;
        if (name == "." || name == "..") continue;
        fs::file_type t = e->d_type == DT_LNK   ? fs::file_type::symlink
                          : e->d_type == DT_DIR ? fs::file_type::directory
                          : e->d_type == DT_REG ? fs::file_type::regular
                                                : fs::file_type::unknown;
        if (e->d_type == DT_UNKNOWN) {  // a file system without entry types: ask for it
          std::error_code tec;          // on an error the type is found by status() below
          t = fs::symlink_status(concat(dir, "/", name), tec).type();
          if (tec || t == fs::file_type::none || t == fs::file_type::not_found)
            t = fs::file_type::unknown;
        }
        children.push_back({std::string(name), t});
      }
      ::closedir(d);
    } else {
      ec.assign(errno, std::generic_category());
    }
    if (ec) {
      unread_.insert(canon);  // searched (not again), but none of its files was reached
      return error(dir, fmt::format("cannot read directory: {}", ec.message()));
    }
    std::sort(children.begin(), children.end(), [](const child& a, const child& b) {
      return a.name < b.name;
    });  // byte order: the same everywhere
    ancestors_.push_back({canon, {}});
    const std::string_view sep = dir.empty() || dir.back() == '/' ? "" : "/";
    for (const child& c : children) {
      if (c.name.empty() || c.name[0] == '.') continue;
      ancestors_.back().at = c.name;
      std::string path = concat(dir, sep, c.name);
      fs::file_type type = c.type;
      const bool link = type == fs::file_type::symlink || type == fs::file_type::unknown;
      if (link) {
        auto st = fs::status(path, ec);
        if (type == fs::file_type::symlink && (ec || st.type() == fs::file_type::not_found)) {
          dangling(path);
          continue;
        }
        type = st.type();
      }
      // Not a link: the canonical path is the directory's plus the name (no resolution needed).
      auto canonical = [&] {
        return link ? canonical_of(path) : concat(canon, canon == "/" ? "" : "/", c.name);
      };
      if (type == fs::file_type::directory) {
        directory(path, canonical(), !link);
      } else if (has_xml_extension(c.name)) {
        if (type == fs::file_type::regular) {
          file(path, canonical(), !link);
        } else {
          ++out_.files;
          error(path, "not a regular file");
        }
      }
    }
    ancestors_.pop_back();
  }

  /// Has the plain walk reached file `canon` already?
  bool walked_to(std::string_view canon) const {
    auto [dir, name] = split(canon);
    return !name.empty() && name[0] != '.' && has_xml_extension(name) && !dir.empty() &&
           passed(dir, name, false);
  }

  /// `canon`: the file's canonical path; `plain` as for directory.
  void file(const std::string& p, std::string canon, bool plain) {
    if (plain ? linked_files_.count(canon) != 0 : linked_files_.count(canon) || walked_to(canon))
      return;
    if (!plain) linked_files_.insert(canon);
    ++out_.files;
    // An absolute input: one string serves as both. Released by a swap (clearing, or assigning
    // an empty string, keeps the capacity, and moving it would carry that into the entry).
    if (canon == p) std::string().swap(canon);
    events.push({{p, std::move(canon), doc_kind::unknown, {}, {}, {}}, nullptr});
  }

  catalogue& out_;
  std::vector<frame> ancestors_;
  std::unordered_set<std::string> linked_dirs_;   // walked, reached as an input or by a link
  std::unordered_set<std::string> linked_files_;  // reached as an input or by a link
  std::unordered_set<std::string> unread_;        // directories whose listing failed
};

}  // namespace

catalogue discover(const std::vector<std::string>& paths, const load_options& options,
                   unsigned jobs) {
  catalogue out;
  auto store = std::make_shared<temp_store>("catalogue list");  // one file for the three lists
  out.eids = entry_list(store);
  out.reports = entry_list(store);
  out.artefacts = entry_list(store);
  out.kept = std::make_shared<temp_store>("kept by discovery");
  // Files are classified (each read up to 64 KiB) on `jobs` threads while this one walks; then
  // this thread helps. With one job, the walker classifies each file as it meets it. The lists
  // are filled in walk order either way.
  const unsigned workers = std::max(1u, jobs);
  event_list list_of_events(out, options, workers > 1);
  auto work = [&] {
    std::vector<walk_event*> taken;
    try {
      for (;;) {
        list_of_events.take(taken, 16);
        if (taken.empty()) return;
        for (walk_event* ev : taken)
          if (!ev->error) classify(*ev, options, out.kept.get());
        list_of_events.done(taken);
      }
    } catch (...) {  // never out of a thread: that would end the process
      list_of_events.fail(std::current_exception());
    }
  };
  std::vector<std::thread> threads;
  if (workers > 1) {
    threads.reserve(workers);
    for (unsigned t = 0; t < workers; ++t) threads.emplace_back(work);
  }
  std::exception_ptr failure;
  try {
    walker w(out, list_of_events);
    for (const auto& p : paths) w.path(p);
    list_of_events.flush();
  } catch (...) {
    failure = std::current_exception();
  }
  list_of_events.close();  // whatever happened, the classifiers must end
  work();
  for (std::thread& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
  if (auto f = list_of_events.failure()) std::rethrow_exception(f);
  if (!list_of_events.drained()) throw std::logic_error("discovery: an event was never classified");
  return out;
}

}  // namespace stancheck
