// catalogue.cpp — the work items that turn reports, descriptions and artefacts into system
// bundles. Discovery is in discover.cpp, the evidence index in evidence.cpp.
#include "catalogue.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "catalogue_detail.hpp"

namespace stancheck {

namespace fs = std::filesystem;
using namespace catalogue_detail;

namespace {

void append_unique(std::vector<std::string>& v, const std::string& s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

}  // namespace

void entry_list::push_back(const catalogue_entry& e) {
  using namespace record;
  if (!store_) store_ = std::make_shared<temp_store>("catalogue list");
  thread_local std::string rec;
  rec.clear();
  put_str(rec, e.path);
  put_str(rec, e.canonical);
  put_u32(rec, static_cast<uint32_t>(e.kind));
  put_str(rec, e.system);
  put_ref(rec, e.evidence);
  put_ref(rec, e.bytes);
  thread_local std::string ref;
  ref.clear();
  put_ref(ref, store_->write(rec));
  if (!refs_) refs_ = std::make_unique<fixed_array>("catalogue list", ref.size());
  refs_->push_back(ref);
}

catalogue_entry entry_list::operator[](std::size_t i) const {
  if (i >= size()) throw std::out_of_range("entry_list: no such entry");
  record::reader where(refs_->get(i));
  record::reader in(store_->read(where.ref()));
  catalogue_entry e;
  in.str(e.path);
  in.str(e.canonical);
  e.kind = static_cast<doc_kind>(in.u32());
  in.str(e.system);
  e.evidence = in.ref();
  e.bytes = in.ref();
  if (!in.done()) throw std::runtime_error("the catalogue list is corrupt (record length)");
  return e;
}

report_extraction load_report(const catalogue_entry& entry, const load_options& options) {
  auto r = load_document(entry.path, options);
  if (!r) return {{}, {std::move(r.error)}};
  return extract_tests(*r.doc);
}

namespace {

/// Loads the artefacts of one EID file, once each, for all its systems.
class artefact_loader {
 public:
  /// `eid_canonical`: the description's canonical path (from discovery).
  artefact_loader(const document& eid, const load_options& o, work_result& out,
                  std::string_view eid_canonical)
      : eid_(eid), options_(o), out_(out), eid_canonical_(eid_canonical) {}

  void link(pugi::xml_node ref, system_bundle& b) {
    std::string href = ref.attribute("href").value();
    if (href.empty()) return fail(ref, "artefact has no href");
    if (href.find("://") != std::string::npos)
      return fail(
          ref, fmt::format("artefact href '{}' is a URL; stancheck reads only local files", href));
    fs::path h(href);
    fs::path full = h.is_absolute() ? h : fs::path(eid_.path).parent_path() / h;
    std::string shown = full.lexically_normal().string();
    std::string canon = h.is_absolute() ? std::string() : canonical_below(href);
    const bool found = !canon.empty();  // the fast way found a file there
    if (!found) canon = canonical_of(full);
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
      if (!found && !fs::exists(full, ec)) {
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
  /// The canonical path of relative `href` the fast way: the description's canonical directory
  /// joined with the href's names, when each of them exists and none is a symbolic link (one
  /// lstat each; `canonical_of` costs a readlink and a stat per component of the whole path,
  /// a tenth of a directory audit without rules). Empty when it cannot tell: no directory
  /// known, an empty, "." or ".." name, a link, a name that does not exist.
  std::string canonical_below(std::string_view href) {
    std::string_view dir = eid_dir();
    if (dir.empty()) return {};
    std::string canon(dir);
    if (canon == "/") canon.clear();
    for (std::size_t at = 0; at <= href.size();) {
      std::size_t slash = href.find('/', at);
      if (slash == std::string_view::npos) slash = href.size();
      std::string_view name = href.substr(at, slash - at);
      if (name.empty() || name == "." || name == "..") return {};
      canon.append("/").append(name);
      struct stat st {};
      if (::lstat(canon.c_str(), &st) != 0 || S_ISLNK(st.st_mode)) return {};
      at = slash + 1;
    }
    return canon;
  }

  /// The canonical directory of the description, found at the first link: hrefs are relative
  /// to its path as named, so when the file itself is a symbolic link (its canonical path is
  /// the target's) there is none. Empty when unknown.
  std::string_view eid_dir() {
    if (!eid_dir_) {
      eid_dir_.emplace();
      std::size_t slash = eid_canonical_.rfind('/');
      struct stat st {};
      if (slash != std::string_view::npos && eid_canonical_.front() == '/' &&
          ::lstat(eid_.path.c_str(), &st) == 0 && !S_ISLNK(st.st_mode))
        *eid_dir_ = eid_canonical_.substr(0, slash == 0 ? 1 : slash);
    }
    return *eid_dir_;
  }

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
  std::string_view eid_canonical_;
  std::optional<std::string_view> eid_dir_;  // eid_dir(), once known
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

void attach_evidence(system_bundle& b, const evidence_index& evidence) {
  if (evidence.find(b.id, b.tests))
    for (const auto& t : b.tests) append_unique(b.files, t.file);
}

void attach_evidence(work_result& w, const evidence_index& evidence) {
  for (system_bundle& b : w.bundles) attach_evidence(b, evidence);
}

work_result load_eid(const catalogue_entry& entry, const load_options& options) {
  work_result out;
  auto r = entry.bytes.length > 0 && options.kept
               ? parse_document(entry.path, options.kept->read(entry.bytes), options)
               : load_document(entry.path, options);
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

  artefact_loader artefacts(*doc, options, out, entry.canonical_path());
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

artefact_usage::artefact_usage(const entry_list& artefacts)
    : artefacts_(artefacts), marks_(std::make_unique<external_sort>("artefact links")) {}

void artefact_usage::mark(std::string_view canonical) {
  if (!marks_) throw std::logic_error("artefact_usage: mark after resolve");
  marks_->add(canonical, {});
}

void artefact_usage::resolve() {
  if (!marks_) return;
  // Both sides sorted by canonical path, then one merge: an artefact is used when some link
  // names its path. Nothing is held per artefact or link but the bit.
  used_.assign(artefacts_.size(), false);
  {
    auto m = marks_->read();  // first: the links' buffer is freed if they went to disk
    external_sort paths("artefact paths");
    for (std::size_t i = 0; i < artefacts_.size(); ++i) {
      const auto index = static_cast<uint32_t>(i);
      paths.add(artefacts_[i].canonical_path(), {reinterpret_cast<const char*>(&index), 4});
    }
    auto a = paths.read();
    bool more = m.next();
    while (a.next()) {
      while (more && m.key() < a.key()) more = m.next();
      if (more && m.key() == a.key()) {
        uint32_t index;
        std::memcpy(&index, a.value().data(), 4);
        used_[index] = true;
      }
    }
  }
  marks_.reset();
}

bool artefact_usage::used(std::size_t i) const {
  if (marks_) throw std::logic_error("artefact_usage: used before resolve");
  return used_.at(i);
}

std::vector<catalogue_entry> unreferenced_artefacts(const catalogue& cat, artefact_usage& usage) {
  usage.resolve();
  std::vector<catalogue_entry> out;
  for (std::size_t i = 0; i < cat.artefacts.size(); ++i)
    if (!usage.used(i)) out.push_back(cat.artefacts[i]);
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
  return out;  // no artefacts_used: phase 3 comes after the links were resolved
}

input_error system_location(const system_bundle& b) {
  if (!b.roots.empty() && b.roots.front().doc)
    return error_at(*b.roots.front().doc, element_offset(b.roots.front().node), {});
  return {b.files.empty() ? std::string() : b.files.front(), 0, 0, {}};
}

}  // namespace stancheck
