// catalogue.cpp — the work items that turn reports, descriptions and artefacts into system
// bundles, the evidence index and the system registry. Discovery is in discover.cpp.
#include "catalogue.hpp"

#include <fmt/format.h>

#include <algorithm>
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
  if (rec.size() >= (uint64_t{1} << 24))
    throw std::runtime_error("a catalogue entry is longer than 16 MiB");
  temp_store::ref where = store_->write(rec);
  if (where.offset >= (uint64_t{1} << 40))
    throw std::runtime_error("the catalogue list is larger than 1 TiB");
  refs_.push_back(where.offset << 24 | where.length);
}

catalogue_entry entry_list::operator[](std::size_t i) const {
  const uint64_t packed = refs_.at(i);
  record::reader in(store_->read({packed >> 24, static_cast<uint32_t>(packed & 0xFFFFFF)}));
  catalogue_entry e;
  in.str(e.path);
  in.str(e.canonical);
  e.kind = static_cast<doc_kind>(in.u32());
  in.str(e.system);
  if (!in.done()) throw std::runtime_error("the catalogue list is corrupt (record length)");
  return e;
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
    if (groups_.size() >= none) throw std::runtime_error("more than 4 billion report groups");
    const auto index = static_cast<uint32_t>(groups_.size());
    groups_.push_back({where.offset, where.length, none});
    auto [it, fresh] = systems_.try_emplace(g.system, chain{index, index});
    if (!fresh) groups_[std::exchange(it->second.last, index)].next = index;
  }
}

bool evidence_index::find(std::string_view system, std::vector<test_case>& out) const {
  auto it = systems_.find(std::string(system));
  if (it == systems_.end()) return false;
  input_error where;
  for (uint32_t k = it->second.first; k != none; k = groups_[k].next)
    decode_group(store_.read({groups_[k].offset, groups_[k].length}), where, &out);
  return true;
}

std::vector<input_error> evidence_index::unknown_systems(const system_registry& known) const {
  std::vector<std::pair<uint32_t, input_error>> found;  // (group, error): sorted into report order
  for (const auto& [system, c] : systems_) {
    if (known.contains(system)) continue;
    for (uint32_t k = c.first; k != none; k = groups_[k].next) {
      input_error e;
      decode_group(store_.read({groups_[k].offset, groups_[k].length}), e, nullptr);
      e.message = fmt::format(
          "test report names system '{}', which no interface description in this run describes",
          system);
      found.emplace_back(k, std::move(e));
    }
  }
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<input_error> out;
  out.reserve(found.size());
  for (auto& f : found) out.push_back(std::move(f.second));
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

artefact_usage::artefact_usage(const entry_list& artefacts)
    : artefacts_(artefacts), used_(artefacts.size()) {
  index_.reserve(artefacts.size());
  for (std::size_t i = 0; i < artefacts.size(); ++i)
    index_.emplace(std::hash<std::string_view>()(artefacts[i].canonical_path()),
                   static_cast<uint32_t>(i));
}

void artefact_usage::mark(std::string_view canonical) {
  // A hash names candidates; the entry read back decides (equal hashes of different paths are
  // possible, and must not mark the wrong artefact).
  auto [from, to] = index_.equal_range(std::hash<std::string_view>()(canonical));
  for (auto it = from; it != to; ++it)
    if (!used_[it->second] && artefacts_[it->second].canonical_path() == canonical)
      used_[it->second] = true;
}

std::vector<catalogue_entry> unreferenced_artefacts(const catalogue& cat,
                                                    const artefact_usage& usage) {
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
  out.artefacts_used.push_back(entry.canonical_path());
  return out;
}

std::optional<input_error> system_registry::claim(const system_bundle& b) {
  input_error here{b.files.empty() ? std::string() : b.files.front(), 0, 0, {}};
  if (!b.roots.empty() && b.roots.front().doc) {
    here = error_at(*b.roots.front().doc, element_offset(b.roots.front().node), {});
  }
  auto [it, fresh] = first_.try_emplace(b.id);
  if (fresh) {
    it->second = where_.write(fmt::format("{}:{}:{}", here.file, here.line, here.column));
    return std::nullopt;
  }
  here.message = fmt::format("duplicate system id '{}' (already described at {})", b.id,
                             where_.read(it->second));
  return here;
}

}  // namespace stancheck
