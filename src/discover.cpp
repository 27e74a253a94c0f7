// discover.cpp — discovery: the deterministic directory walk (symlink loops, dangling links,
// files reached twice), classification of each file by its root element on `--jobs` threads
// while the walk goes on, and assembly in walk order.
#include <fmt/format.h>

#include <algorithm>
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
/// Kept small: a directory catalogue of 100,000 systems has about 250,000 of them, all alive
/// until discovery ends (the error, rare, is held apart).
struct walk_event {
  catalogue_entry entry;               // path; canonical for files; kind and system once classified
  std::unique_ptr<input_error> error;  // set by the walk, or by classification
};

/// The walk's events in walk order. With `shared`, the walk appends while classifiers take
/// events: appends and takes hold the mutex (a deque's element addresses survive appends, but
/// its index does not), and a taken event is classified outside it.
class event_list {
 public:
  explicit event_list(bool shared) : shared_(shared) {}

  void push(walk_event ev) {
    if (!shared_) return events_.push_back(std::move(ev));
    {
      std::lock_guard<std::mutex> lock(m_);
      events_.push_back(std::move(ev));
    }
    cv_.notify_one();
  }
  /// The walker's own view of its last event (only the walker appends).
  walk_event& back() { return events_.back(); }
  /// No more events will come.
  void close() {
    {
      std::lock_guard<std::mutex> lock(m_);
      closed_ = true;
    }
    cv_.notify_all();
  }
  /// Up to `max` events not yet taken, waiting for the walk while it is open; empty at the end.
  void take(std::vector<walk_event*>& out, std::size_t max) {
    out.clear();
    std::unique_lock<std::mutex> lock(m_);
    cv_.wait(lock, [&] { return next_ < events_.size() || closed_; });
    while (next_ < events_.size() && out.size() < max) out.push_back(&events_[next_++]);
  }
  /// After the walk and every classifier have finished.
  std::deque<walk_event>& events() { return events_; }

 private:
  bool shared_;
  std::deque<walk_event> events_;
  std::mutex m_;
  std::condition_variable cv_;
  std::size_t next_ = 0;
  bool closed_ = false;
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
      return directory(p, std::move(canon));
    }
    if (st.type() == fs::file_type::regular) {
      std::string canon = canonical_of(p);
      add_root(fs::path(canon).parent_path().string());
      return file(p, std::move(canon));
    }
    ++out_.files;
    error(p, "not a regular file or directory");
  }

  /// Events never move while the walk appends (a deque), so `files_` can view their canonical
  /// paths, and no reallocation holds two copies of the list.
  event_list& events;

 private:
  void error(const std::string& p, std::string message) {
    events.push({{p, {}, doc_kind::unknown, {}},
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

  /// `canon` is the directory's canonical path (computed by the caller).
  void directory(const std::string& dir, std::string canon) {
    if (std::find(ancestors_.begin(), ancestors_.end(), canon) != ancestors_.end())
      return error(
          dir,
          fmt::format("symbolic link loop: leads back to '{}', already being searched", canon));
    if (!dirs_.insert(canon).second) return;  // reached through another link: already searched
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
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      std::error_code tec;  // on an error the type is found by status() below
      fs::file_type t = it->is_symlink(tec)        ? fs::file_type::symlink
                        : it->is_directory(tec)    ? fs::file_type::directory
                        : it->is_regular_file(tec) ? fs::file_type::regular
                                                   : fs::file_type::unknown;
      children.push_back({it->path().filename().string(), tec ? fs::file_type::unknown : t});
    }
    if (ec) return error(dir, fmt::format("cannot read directory: {}", ec.message()));
    std::sort(children.begin(), children.end(), [](const child& a, const child& b) {
      return a.name < b.name;
    });  // byte order: the same everywhere
    ancestors_.push_back(canon);
    const std::string_view sep = dir.empty() || dir.back() == '/' ? "" : "/";
    for (const child& c : children) {
      if (c.name.empty() || c.name[0] == '.') continue;
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
        directory(path, canonical());
      } else if (has_xml_extension(c.name)) {
        if (type == fs::file_type::regular) {
          file(path, canonical());
        } else {
          ++out_.files;
          error(path, "not a regular file");
        }
      }
    }
    ancestors_.pop_back();
  }

  void file(const std::string& p, std::string canon) {
    if (files_.count(canon)) return;
    ++out_.files;
    // An absolute input: one string serves as both. Released by a swap (clearing, or assigning
    // an empty string, keeps the capacity, and moving it would carry that into the entry).
    if (canon == p) std::string().swap(canon);
    events.push({{p, std::move(canon), doc_kind::unknown, {}}, nullptr});
    files_.insert(events.back().entry.canonical_path());  // views the event's string: it stays put
  }

  catalogue& out_;
  std::vector<std::string> ancestors_;
  std::unordered_set<std::string> dirs_;
  std::unordered_set<std::string_view> files_;  // canonical paths of `events`
};

/// Classifies one file by its root element (size limit, sniff, or a full load when the sniff
/// cannot tell). Thread-safe.
void classify(walk_event& ev, const load_options& options) {
  const std::string& p = ev.entry.path;
  auto fail = [&](std::string message) {
    ev.error = std::make_unique<input_error>(input_error{p, 0, 0, std::move(message)});
  };
  root_info info;
  try {
    info = sniff_root(p);
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
}

}  // namespace

catalogue discover(const std::vector<std::string>& paths, const load_options& options,
                   unsigned jobs) {
  catalogue out;
  // Files are classified (each read up to 64 KiB) on `jobs` threads while this one walks; then
  // this thread helps. With one job, the walk comes first. Assembled in walk order either way.
  const unsigned workers = std::max(1u, jobs);
  event_list list_of_events(workers > 1);
  auto work = [&] {
    std::vector<walk_event*> taken;
    for (;;) {
      list_of_events.take(taken, 16);
      if (taken.empty()) return;
      for (walk_event* ev : taken)
        if (!ev->error) classify(*ev, options);
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
  } catch (...) {
    failure = std::current_exception();
  }
  list_of_events.close();  // whatever happened, the classifiers must end
  work();
  for (std::thread& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
  std::deque<walk_event>& events = list_of_events.events();
  auto list = [](doc_kind k) { return k == doc_kind::eid ? 0 : is_report(k) ? 1 : 2; };
  entry_list* lists[3] = {&out.eids, &out.reports, &out.artefacts};
  while (!events.empty()) {  // popped as moved, so the list is not held twice
    walk_event& ev = events.front();
    if (ev.error)
      out.errors.push_back(std::move(*ev.error));
    else
      lists[list(ev.entry.kind)]->push_back(std::move(ev.entry));
    events.pop_front();
  }
  return out;
}

}  // namespace stancheck
