// dispatch.cpp — builds the dispatch index from the IR, resolves namespaces, names element paths.
#include "dispatch.hpp"

#include <fmt/format.h>

namespace stancheck::eval {

namespace {
constexpr std::string_view xml_uri = "http://www.w3.org/XML/1998/namespace";
}

ns_table::ns_table() { intern(""); }

ns_id ns_table::intern(std::string_view uri) {
  auto it = ids_.find(uri);
  if (it != ids_.end()) return it->second;
  auto id = static_cast<ns_id>(uris_.size());
  uris_.push_back(uri);
  ids_.emplace(uri, id);
  if (uri == xml_uri) xml_ = id;
  return id;
}

ns_id ns_table::find(std::string_view uri) const {
  auto it = ids_.find(uri);
  return it == ids_.end() ? foreign_namespace : it->second;
}

std::string_view ns_table::uri(ns_id id) const { return id < uris_.size() ? uris_[id] : std::string_view(); }

plan::plan(const ir::rule_set& rules, const std::vector<bool>& selected) : rules_(&rules) {
  packs_.reserve(rules.packs.size());
  uint32_t flat = 0;
  for (uint32_t pi = 0; pi < rules.packs.size(); ++pi) {
    const ir::pack& p = rules.packs[pi];
    cpack cp;
    cp.ir = &p;
    cp.first_rule = flat;
    cp.paths.reserve(p.paths.size());
    for (const ir::path& path : p.paths) {
      cpath c;
      c.origin = path.origin;
      c.slot = path.slot;
      c.steps.reserve(path.steps.size());
      for (const ir::step& s : path.steps) {
        cstep cs;
        cs.ax = s.ax;
        cs.any_name = s.any_name;
        cs.any_ns = s.any_name && s.ns_uri.empty();
        cs.ns = s.ns_uri.empty() ? no_namespace : names_.intern(s.ns_uri);
        cs.local = s.local;
        cs.predicates = &s.predicates;
        c.steps.push_back(cs);
      }
      cp.paths.push_back(std::move(c));
    }
    cp.string_tables.resize(p.tables.size());
    for (std::size_t t = 0; t < p.tables.size(); ++t) {
      if (p.tables[t].key_type != ir::type::string) continue;
      for (const auto& [key, val] : p.tables[t].entries) cp.string_tables[t].emplace(key, &val);
    }
    for (uint32_t ri = 0; ri < p.rules.size(); ++ri, ++flat) {
      bool on = selected.empty() || (flat < selected.size() && selected[flat]);
      rules_flat_.push_back({pi, ri, on});
    }
    packs_.push_back(std::move(cp));
  }
  // Index every selected rule by the last step of its context.
  for (uint32_t f = 0; f < rules_flat_.size(); ++f) {
    if (!rules_flat_[f].selected) continue;
    const cpack& cp = packs_[rules_flat_[f].pack];
    const ir::rule& r = cp.ir->rules[rules_flat_[f].rule];
    if (r.path_index >= cp.paths.size()) continue;
    const cpath& ctx = cp.paths[r.path_index];
    if (ctx.steps.empty() || ctx.origin == ir::path_origin::variable) continue;
    const cstep& last = ctx.steps.back();
    if (last.ax == ir::axis::attribute || last.ax == ir::axis::parent || last.ax == ir::axis::self)
      continue;  // contexts are elements named by their last step
    candidate c{last.ns, last.any_ns, f};
    if (last.any_name)
      wildcard_.push_back(c);
    else
      by_name_[last.local].push_back(c);
  }
}

void ns_resolver::reset() {
  bindings_.clear();
  if (++generation_ == 0) {  // wrapped: really clear
    cache_.fill(slot{});
    generation_ = 1;
  }
}

const ns_binding* ns_resolver::enter(pugi::xml_node e, const ns_binding* parent) {
  const ns_binding* head = parent;
  for (pugi::xml_attribute a = e.first_attribute(); a; a = a.next_attribute()) {
    const char* n = a.name();
    if (!is_xmlns(n)) continue;
    std::string_view prefix = n[5] == 0 ? std::string_view() : std::string_view(n + 6);
    bindings_.push_back({prefix, names_->find(a.value()), head});
    head = &bindings_.back();
  }
  return head;
}

void ns_resolver::remember(pugi::xml_node e, const ns_binding* scope) {
  slot& s = cache_[hash(e.internal_object())];
  s.key = e.internal_object();
  s.scope = scope;
  s.generation = generation_;
}

const ns_binding* ns_resolver::scope_of(pugi::xml_node e) {
  chain_.clear();
  const ns_binding* scope = nullptr;
  for (pugi::xml_node n = e; n && n.type() == pugi::node_element; n = n.parent()) {
    const slot& s = cache_[hash(n.internal_object())];
    if (s.key == n.internal_object() && s.generation == generation_) {
      scope = s.scope;
      break;
    }
    chain_.push_back(n);
  }
  for (auto it = chain_.rbegin(); it != chain_.rend(); ++it) {
    scope = enter(*it, scope);
    remember(*it, scope);
  }
  return scope;
}

ns_id ns_resolver::lookup(const ns_binding* scope, std::string_view prefix) const {
  for (const ns_binding* b = scope; b; b = b->next)
    if (b->prefix == prefix) return b->ns;
  if (prefix.empty()) return no_namespace;
  if (prefix == "xml") return names_->xml_namespace();
  return foreign_namespace;
}

uint32_t sibling_index(pugi::xml_node n) {
  uint32_t idx = 0;
  for (pugi::xml_node s = n.parent().first_child(); s; s = s.next_sibling()) {
    if (s.type() == pugi::node_element && std::strcmp(s.name(), n.name()) == 0) ++idx;
    if (s == n) break;
  }
  return idx;
}

std::string element_path(pugi::xml_node e) {
  std::vector<pugi::xml_node> chain;
  for (pugi::xml_node n = e; n && n.type() == pugi::node_element; n = n.parent()) chain.push_back(n);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    out += '/';
    out += it->name();
    if (it->parent().type() == pugi::node_element) out += fmt::format("[{}]", sibling_index(*it));
  }
  return out;
}

std::string walker::current_path(std::string_view root_path) const {
  if (frames_.empty()) return std::string(root_path);
  std::string out = root_path.empty() ? element_path(frames_[0].node) : std::string(root_path);
  for (std::size_t i = 1; i < frames_.size(); ++i) {
    frame& f = frames_[i];
    pugi::xml_node n = f.node;
    uint32_t idx = 0;
    if (f.memo && std::strcmp(f.memo.name(), n.name()) == 0) {
      idx = f.memo_index;
      for (pugi::xml_node s = f.memo; s != n;) {
        s = s.next_sibling();
        if (s.type() == pugi::node_element && std::strcmp(s.name(), n.name()) == 0) ++idx;
      }
    } else {
      idx = sibling_index(n);
    }
    f.memo = n;
    f.memo_index = idx;
    out += '/';
    out += n.name();
    out += fmt::format("[{}]", idx);
  }
  return out;
}

}  // namespace stancheck::eval
