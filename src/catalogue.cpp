// catalogue.cpp — discovery (deterministic directory walk, symlink loops, dangling links) and
// the work items that turn reports, descriptions and artefacts into system bundles.
#include "catalogue.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <thread>

namespace stancheck {

namespace fs = std::filesystem;

namespace {

bool is_artefact(doc_kind k) { return k == doc_kind::label_4774 || k == doc_kind::binding_4778; }
bool is_report(doc_kind k) {
  return k == doc_kind::report_native || k == doc_kind::report_atml || k == doc_kind::report_junit;
}

bool has_xml_extension(std::string_view name) {
  if (name.size() < 4) return false;
  auto ext = name.substr(name.size() - 4);
  return ext[0] == '.' && (ext[1] | 0x20) == 'x' && (ext[2] | 0x20) == 'm' &&
         (ext[3] | 0x20) == 'l';
}

std::string canonical_of(const fs::path& p) {
  std::error_code ec;
  auto c = fs::weakly_canonical(fs::absolute(p, ec), ec);
  return ec ? fs::absolute(p).lexically_normal().string() : c.string();
}

/// Is canonical path `p` one of `roots` or inside one? Walks up p's ancestors: O(depth).
bool inside_any(std::string_view p, const std::unordered_set<std::string>& roots) {
  if (roots.empty()) return false;
  std::string probe;
  for (;;) {
    probe.assign(p);
    if (roots.count(probe)) return true;
    std::size_t slash = p.rfind('/');
    if (slash == std::string_view::npos) return false;
    if (slash == 0) return roots.count("/") != 0;
    p = p.substr(0, slash);
  }
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
    const std::string prefix = dir.empty() || dir.back() == '/' ? dir : dir + '/';
    for (const child& c : children) {
      if (c.name.empty() || c.name[0] == '.') continue;
      std::string path = prefix + c.name;
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
        return link ? canonical_of(path) : canon + (canon == "/" ? "" : "/") + c.name;
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
    if (canon == p) canon.clear();  // an absolute input: one string serves as both
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

void append_unique(std::vector<std::string>& v, const std::string& s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
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

report_extraction load_report(const catalogue_entry& entry, const load_options& options) {
  auto r = load_document(entry.path, options);
  if (!r) return {{}, {std::move(r.error)}};
  return extract_tests(*r.doc);
}

namespace {

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

}  // namespace

void evidence_index::add(std::vector<report_tests> groups) {
  for (const auto& g : groups) {
    temp_store::ref where = store_.write(encode_group(g));
    auto it = groups_.try_emplace(g.system).first;
    it->second.push_back(where);
    order_.emplace_back(&it->first, where);
  }
}

bool evidence_index::find(std::string_view system, std::vector<test_case>& out) const {
  auto it = groups_.find(std::string(system));
  if (it == groups_.end()) return false;
  input_error where;
  for (const temp_store::ref& r : it->second) decode_group(store_.read(r), where, &out);
  return true;
}

std::vector<input_error> evidence_index::unknown_systems(const system_registry& known) const {
  std::vector<input_error> out;
  for (const auto& [system, ref] : order_) {
    if (known.contains(*system)) continue;
    input_error e;
    decode_group(store_.read(ref), e, nullptr);
    e.message = fmt::format(
        "test report names system '{}', which no interface description in this run describes",
        *system);
    out.push_back(std::move(e));
  }
  return out;
}

namespace {

/// Loads the artefacts of one EID file, once each, for all its systems.
class artefact_loader {
 public:
  artefact_loader(const document& eid, const load_options& o, work_result& out)
      : eid_(eid), options_(o), out_(out) {}

  void link(pugi::xml_node ref, system_bundle& b) {
    std::string href = ref.attribute("href").value();
    if (href.empty()) return fail(ref, "artefact has no href");
    if (href.find("://") != std::string::npos)
      return fail(
          ref, fmt::format("artefact href '{}' is a URL; stancheck reads only local files", href));
    fs::path h(href);
    fs::path full = h.is_absolute() ? h : fs::path(eid_.path).parent_path() / h;
    std::string shown = full.lexically_normal().string();
    std::string canon = canonical_of(full);
    if (!inside_roots(canon))
      return fail(
          ref,
          fmt::format(
              "artefact '{}' resolves to '{}', outside the inputs of this run; stancheck reads "
              "artefacts only inside the files and directories it is given (name the "
              "directory holding the artefact as an input too)",
              href, canon));
    auto [it, fresh] = cache_.try_emplace(canon);
    if (fresh) {
      out_.artefacts_used.push_back(canon);  // once each: the cache already tells (no linear scan)
      std::error_code ec;
      if (!fs::exists(full, ec)) {
        it->second.error = fmt::format("artefact '{}' not found (looked for '{}')", href, shown);
      } else if (auto r = load_document(shown, options_); !r) {
        it->second.error = fmt::format("artefact '{}' cannot be used: {}:{}:{}: {}", href,
                                       r.error.file, r.error.line, r.error.column, r.error.message);
      } else if (!is_artefact(r.doc->kind)) {
        it->second.error =
            fmt::format("artefact '{}' is a {}, not a STANAG 4774 label or 4778 binding", href,
                        to_string(r.doc->kind));
      } else {
        it->second.doc = std::move(r.doc);
      }
    }
    if (!it->second.doc) return fail(ref, it->second.error);
    const document* d = it->second.doc.get();
    if (std::none_of(b.documents.begin(), b.documents.end(),
                     [&](const auto& p) { return p.get() == d; })) {
      b.documents.push_back(it->second.doc);
      b.roots.push_back({d->dom.document_element(), d});
    }
    append_unique(b.files, d->path);
  }

 private:
  bool inside_roots(const std::string& canon) const {
    if (!options_.artefact_roots) return true;
    return inside_any(canon, *options_.artefact_roots);
  }

  void fail(pugi::xml_node at, std::string message) {
    out_.errors.push_back(error_at(eid_, element_offset(at), std::move(message)));
  }

  struct cached {
    std::shared_ptr<const document> doc;
    std::string error;
  };
  const document& eid_;
  const load_options& options_;
  work_result& out_;
  std::unordered_map<std::string, cached> cache_;
};

bool is_eid(pugi::xml_node n, std::string_view local) {
  return n.type() == pugi::node_element && local_name(n.name()) == local &&
         namespace_uri(n) == ns::eid;
}

/// Every `artefact` element under `system`, in document order (iterative walk).
std::vector<pugi::xml_node> artefact_refs(pugi::xml_node system) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node n = system.first_child(); n;) {
    if (n.type() == pugi::node_element && local_name(n.name()) == "artefact" &&
        namespace_uri(n) == ns::eid)
      out.push_back(n);
    if (n.first_child()) {
      n = n.first_child();
      continue;
    }
    while (n && n != system && !n.next_sibling()) n = n.parent();
    if (!n || n == system) break;
    n = n.next_sibling();
  }
  return out;
}

}  // namespace

work_result load_eid(const catalogue_entry& entry, const evidence_index& evidence,
                     const load_options& options) {
  work_result out = load_eid(entry, options);
  attach_evidence(out, evidence);
  return out;
}

void attach_evidence(work_result& w, const evidence_index& evidence) {
  for (system_bundle& b : w.bundles)
    if (evidence.find(b.id, b.tests))
      for (const auto& t : b.tests) append_unique(b.files, t.file);
}

work_result load_eid(const catalogue_entry& entry, const load_options& options) {
  work_result out;
  auto r = load_document(entry.path, options);
  if (!r) return out.errors.push_back(std::move(r.error)), out;
  std::shared_ptr<const document> doc = std::move(r.doc);
  auto root = doc->dom.document_element();
  if (doc->kind != doc_kind::eid) {
    out.errors.push_back(error_at(
        *doc, element_offset(root),
        fmt::format("expected an interface description, found a {}", to_string(doc->kind))));
    return out;
  }
  std::vector<pugi::xml_node> systems;
  if (local_name(root.name()) == "system")
    systems.push_back(root);
  else
    for (auto n : root.children())
      if (is_eid(n, "system")) systems.push_back(n);

  artefact_loader artefacts(*doc, options, out);
  std::unordered_map<std::string, uint32_t> seen;  // id -> offset of its first system element
  for (auto s : systems) {
    std::string id = s.attribute("id").value();
    if (id.empty()) {
      out.errors.push_back(error_at(*doc, element_offset(s), "system has no id attribute"));
      continue;
    }
    if (auto [it, fresh] = seen.try_emplace(id, element_offset(s)); !fresh) {
      auto first = doc->lines.locate(it->second);
      out.errors.push_back(
          error_at(*doc, element_offset(s),
                   fmt::format("duplicate system id '{}' (first at line {}, column {})", id,
                               first.line, first.column)));
      continue;
    }
    system_bundle b;
    b.id = std::move(id);
    b.name = s.attribute("name").value();
    b.nation = s.attribute("nation").value();
    b.supplier = s.attribute("supplier").value();
    b.version = s.attribute("version").value();
    b.documents.push_back(doc);
    b.roots.push_back({s, doc.get()});
    b.files.push_back(doc->path);
    for (auto ref : artefact_refs(s)) artefacts.link(ref, b);
    out.bundles.push_back(std::move(b));
  }
  return out;
}

std::vector<catalogue_entry> unreferenced_artefacts(const catalogue& cat,
                                                    const std::unordered_set<std::string>& used) {
  std::vector<catalogue_entry> out;
  for (const auto& a : cat.artefacts)
    if (!used.count(a.canonical_path())) out.push_back(a);
  return out;
}

work_result load_artefact(const catalogue_entry& entry, const load_options& options) {
  work_result out;
  auto r = load_document(entry.path, options);
  if (!r) return out.errors.push_back(std::move(r.error)), out;
  std::shared_ptr<const document> doc = std::move(r.doc);
  auto root = doc->dom.document_element();
  if (!is_artefact(doc->kind)) {
    out.errors.push_back(
        error_at(*doc, element_offset(root),
                 fmt::format("expected a STANAG 4774 label or 4778 binding, found a {}",
                             to_string(doc->kind))));
    return out;
  }
  system_bundle b;
  b.id = entry.path;
  b.documents.push_back(doc);
  b.roots.push_back({root, doc.get()});
  b.files.push_back(entry.path);
  out.bundles.push_back(std::move(b));
  out.artefacts_used.push_back(entry.canonical_path());
  return out;
}

std::optional<input_error> system_registry::claim(const system_bundle& b) {
  input_error here{b.files.empty() ? std::string() : b.files.front(), 0, 0, {}};
  if (!b.roots.empty() && b.roots.front().doc) {
    here = error_at(*b.roots.front().doc, element_offset(b.roots.front().node), {});
  }
  auto [it, fresh] =
      first_.try_emplace(b.id, fmt::format("{}:{}:{}", here.file, here.line, here.column));
  if (fresh) return std::nullopt;
  here.message =
      fmt::format("duplicate system id '{}' (already described at {})", b.id, it->second);
  return here;
}

}  // namespace stancheck
