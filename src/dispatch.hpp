// dispatch.hpp — the per-run dispatch index and the one walk over each document.
//
// External interface: `plan` (built once per run from the IR: every path compiled with interned
// namespace ids, and every selected rule indexed by the local name and namespace of its context's
// last step), `ns_resolver` (namespace URIs of pugixml elements, cached per bundle), and `walker`
// (an iterative pre-order walk of a bundle root that hands each element only the rules indexed
// under its name, and can name the current element's path when a finding needs it).
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <pugixml.hpp>

#include "ir.hpp"

namespace stancheck::eval {

using ns_id = uint16_t;
inline constexpr ns_id no_namespace = 0;          // "" : the element or attribute has no namespace
inline constexpr ns_id foreign_namespace = 0xFFFF;  // a URI no rule mentions (or an undeclared prefix)

/// Namespace URIs mentioned by the rules, interned to small ids (0 = no namespace).
class ns_table {
public:
  ns_table();
  ns_id intern(std::string_view uri);       // build time; `uri` must outlive the table
  ns_id find(std::string_view uri) const;   // foreign_namespace when no rule mentions it
  std::string_view uri(ns_id id) const;
  ns_id xml_namespace() const { return xml_; }

private:
  std::vector<std::string_view> uris_;
  std::unordered_map<std::string_view, ns_id> ids_;
  ns_id xml_ = foreign_namespace;
};

/// A path step with its name resolved for fast matching against pugixml names.
struct cstep {
  ir::axis ax = ir::axis::child;
  bool any_name = false;
  bool any_ns = false;  // `*` / `@*` without a prefix
  ns_id ns = no_namespace;
  std::string_view local;   // NUL-terminated (views an ir::step string)
  const std::vector<ir::expr_id>* predicates = nullptr;
  bool positional = false;  // a predicate selects by position (`[1]`): predicates filter in turn
  /// Without positional predicates: the conjuncts of every predicate (`[a and b][c]` → a, b, c),
  /// each with its memo id (structurally equal conjuncts of any rule share one), or no_memo when
  /// its value depends on more than the node (variables, quantifiers). The step's predicates
  /// hold when every conjunct is true.
  struct term {
    ir::expr_id expr = 0;
    uint32_t memo = 0;
  };
  std::vector<term> terms;
};

inline constexpr uint32_t no_memo = UINT32_MAX;

struct cpath {
  ir::path_origin origin = ir::path_origin::context;
  uint32_t slot = 0;
  std::vector<cstep> steps;
  /// The path is one `@name` step (no namespace, no predicates): `@id`, `$i/@standard`.
  bool one_attribute = false;
  /// The path is `../NAME[K1 = V1 and K2 = V2 ...]` — siblings of `.` with the same keys (the
  /// "declared once per parent" rules: `count(../eid:klv[@tag = $tag]) = 1`). Each Ki depends
  /// only on the candidate node; each Vi is a variable or a constant. The evaluator indexes a
  /// parent's children by their keys once, so n siblings cost n key evaluations, not n².
  struct sibling_group {
    uint32_t id = 0;                  // dense over the run's grouped paths (the evaluator's cache key)
    std::vector<ir::expr_id> keys;    // evaluated with `.` = each candidate child
    std::vector<ir::expr_id> probes;  // evaluated in the caller's frame
  };
  std::optional<sibling_group> group;
};

/// A pack's paths compiled, and the flat number of its first rule.
struct cpack {
  const ir::pack* ir = nullptr;
  std::vector<cpath> paths;
  uint32_t first_rule = 0;
  /// Per table: string keys → entry, for O(1) membership and lookup of string keys.
  std::vector<std::unordered_map<std::string_view, const ir::constant*>> string_tables;
  /// Per table with number, quantity or date keys: SI magnitude (days) → (key, value or null).
  std::vector<std::unordered_map<double, std::pair<const ir::constant*, const ir::constant*>>> numeric_tables;
  /// Per expression: a memo id for boolean predicate calls whose arguments depend only on `.`
  /// (`is_4609(.)`, `declares_0601(., 48)`): their truth is the same for every rule evaluated on
  /// one element, so the evaluator computes it once per element (ids at or above call_memo_base);
  /// no_memo for every other expression.
  std::vector<uint32_t> call_memo;
};
inline constexpr uint32_t call_memo_base = 0x40000000;

/// Everything resolved once per run: compiled paths and the dispatch index.
class plan {
public:
  /// `selected` holds one flag per rule in flat order (pack by pack); empty selects every rule.
  plan(const ir::rule_set& rules, const std::vector<bool>& selected);

  const ir::rule_set& rules() const { return *rules_; }
  const ns_table& names() const { return names_; }
  const cpack& pack(uint32_t i) const { return packs_[i]; }
  std::size_t pack_count() const { return packs_.size(); }

  struct rule_ref {
    uint32_t pack = 0, rule = 0;
    bool selected = false;
  };
  std::size_t rule_count() const { return rules_flat_.size(); }
  const rule_ref& rule(uint32_t flat) const { return rules_flat_[flat]; }
  const ir::rule& ir_rule(uint32_t flat) const {
    return rules_->packs[rules_flat_[flat].pack].rules[rules_flat_[flat].rule];
  }
  uint32_t flat_index(uint32_t pack, uint32_t rule) const { return packs_[pack].first_rule + rule; }

  /// A rule whose context's last step may match an element of namespace `ns`.
  struct candidate {
    ns_id ns = no_namespace;
    bool any_ns = false;
    uint32_t rule = 0;  // flat index
  };
  /// The rules of one element name. A rule whose context's last step requires an attribute to
  /// hold one of a few strings (`[@kind = "power"]`, `[is_link16(.)]` with
  /// `is_link16($i) = $i/@standard = "STANAG 5516"`, `[@standard in TABLE]`) is filed under
  /// that attribute and those values, so an element meets only the rules its attributes allow.
  struct entry {
    std::vector<candidate> always;
    struct group {
      std::string_view attr;  // NUL-terminated; an attribute without namespace
      std::unordered_map<std::string_view, std::vector<candidate>> by_value;
    };
    std::vector<group> groups;
    bool empty() const { return always.empty() && groups.empty(); }
  };
  /// Rules indexed under an element's local name (null when none).
  const entry* by_name(std::string_view local) const {
    auto it = by_name_.find(local);
    return it == by_name_.end() ? nullptr : &it->second;
  }
  /// Rules whose context ends in `*`.
  const entry& wildcard() const { return wildcard_; }
  /// Number of distinct memoizable context predicates (ids are below it).
  uint32_t memo_count() const { return memo_count_; }
  /// Number of paths with a sibling_group (their ids are below it).
  uint32_t group_count() const { return group_count_; }

private:
  void index(entry& e, const candidate& c, const cpack& cp, const cstep& last);

  const ir::rule_set* rules_;
  ns_table names_;
  std::vector<cpack> packs_;
  std::vector<rule_ref> rules_flat_;
  std::unordered_map<std::string_view, entry> by_name_;
  entry wildcard_;
  uint32_t memo_count_ = 0;
  uint32_t group_count_ = 0;
};

/// Splits "prefix:local" (prefix empty when there is none).
struct qname {
  std::string_view prefix, local;
};
inline qname split_qname(const char* name) {
  std::string_view n(name);
  std::size_t c = n.find(':');
  if (c == std::string_view::npos) return {{}, n};
  return {n.substr(0, c), n.substr(c + 1)};
}

/// Does pugixml name `name` have local part `local`? Sets `prefix` when it does.
inline bool local_matches(const char* name, std::string_view local, std::string_view& prefix) {
  std::size_t n = std::strlen(name);
  if (n < local.size() || std::memcmp(name + n - local.size(), local.data(), local.size()) != 0) return false;
  if (n == local.size()) {
    prefix = {};
    return true;
  }
  if (n == local.size() + 1 || name[n - local.size() - 1] != ':') return false;
  prefix = std::string_view(name, n - local.size() - 1);
  return prefix.find(':') == std::string_view::npos;
}

/// One in-scope namespace declaration; scopes are immutable linked lists shared by descendants.
struct ns_binding {
  std::string_view prefix;  // "" for the default namespace
  ns_id ns = no_namespace;
  const ns_binding* next = nullptr;
};

/// Resolves namespace prefixes of pugixml nodes; caches the scope of recently seen elements.
class ns_resolver {
public:
  explicit ns_resolver(const ns_table& names) : names_(&names) {}
  /// Forgets every cached scope (call when the documents in hand change).
  void reset();
  /// The scope inside element `e` whose parent's scope is `parent`: adds e's xmlns declarations.
  const ns_binding* enter(pugi::xml_node e, const ns_binding* parent);
  /// The scope inside element `e` (null for the document node or no declarations).
  const ns_binding* scope_of(pugi::xml_node e);
  void remember(pugi::xml_node e, const ns_binding* scope);
  /// Namespace of `prefix` in `scope` ("" = the default namespace).
  ns_id lookup(const ns_binding* scope, std::string_view prefix) const;
  ns_id element_ns(pugi::xml_node e, std::string_view prefix) { return lookup(scope_of(e), prefix); }
  ns_id attribute_ns(pugi::xml_node owner, std::string_view prefix) {
    return prefix.empty() ? no_namespace : lookup(scope_of(owner), prefix);
  }

private:
  struct slot {
    const void* key = nullptr;
    const ns_binding* scope = nullptr;
    uint32_t generation = 0;
  };
  static std::size_t hash(const void* p) {
    auto v = reinterpret_cast<std::uintptr_t>(p);
    return (v >> 5 ^ v >> 14) & (cache_size - 1);
  }
  static constexpr std::size_t cache_size = 512;
  const ns_table* names_;
  std::deque<ns_binding> bindings_;
  std::array<slot, cache_size> cache_{};
  uint32_t generation_ = 1;
  std::vector<pugi::xml_node> chain_;
};

/// True for attributes that declare namespaces (not attributes in the data model).
inline bool is_xmlns(const char* name) {
  return name[0] == 'x' && std::strncmp(name, "xmlns", 5) == 0 && (name[5] == 0 || name[5] == ':');
}

/// 1-based index of element `e` among its parent's element children of the same name.
uint32_t sibling_index(pugi::xml_node e);

/// The element path of `e` from its document root, e.g. "/catalogue/system[3]" (slow: scans
/// siblings; used only for bundle roots whose path the loader did not record).
std::string element_path(pugi::xml_node e);

/// Walks one bundle root's subtree once, iteratively, dispatching each element to its rules.
class walker {
public:
  walker(const plan& p, ns_resolver& r) : plan_(&p), resolver_(&r) {}

  /// Calls `visit(element, flat_rule)` for every element of the subtree at `root` (root
  /// included) and every selected rule indexed under the element's name and namespace.
  template <class Visit>
  void walk(pugi::xml_node root, Visit&& visit);

  /// While visiting: the path of the current element; `root_path` is the root's own path.
  std::string current_path(std::string_view root_path) const;

private:
  struct frame {
    pugi::xml_node node;
    const ns_binding* scope = nullptr;
    pugi::xml_node memo;      // last element at this depth whose sibling index was computed
    uint32_t memo_index = 0;  // ... and that index (1-based among same-name siblings)
  };
  template <class Visit>
  void dispatch(const frame& f, Visit& visit);
  static pugi::xml_node first_element(pugi::xml_node n) {
    pugi::xml_node c = n.first_child();
    while (c && c.type() != pugi::node_element) c = c.next_sibling();
    return c;
  }
  static pugi::xml_node next_element(pugi::xml_node n) {
    pugi::xml_node c = n.next_sibling();
    while (c && c.type() != pugi::node_element) c = c.next_sibling();
    return c;
  }

  const plan* plan_;
  ns_resolver* resolver_;
  mutable std::vector<frame> frames_;
};

template <class Visit>
void walker::dispatch(const frame& f, Visit& visit) {
  qname q = split_qname(f.node.name());
  const plan::entry* named = plan_->by_name(q.local);
  const plan::entry& wild = plan_->wildcard();
  if (!named && wild.empty()) return;
  resolver_->remember(f.node, f.scope);
  ns_id ns = resolver_->lookup(f.scope, q.prefix);
  auto run = [&](const std::vector<plan::candidate>& cs) {
    for (const plan::candidate& c : cs)
      if (c.any_ns || c.ns == ns) visit(f.node, c.rule);
  };
  auto run_entry = [&](const plan::entry& e) {
    run(e.always);
    for (const plan::entry::group& g : e.groups) {
      pugi::xml_attribute a = f.node.attribute(g.attr.data());
      if (!a) continue;
      auto it = g.by_value.find(std::string_view(a.value()));
      if (it != g.by_value.end()) run(it->second);
    }
  };
  if (named) run_entry(*named);
  run_entry(wild);
}

template <class Visit>
void walker::walk(pugi::xml_node root, Visit&& visit) {
  if (!root || root.type() != pugi::node_element) return;
  frames_.clear();
  const ns_binding* outer = resolver_->scope_of(root.parent());
  frames_.push_back({root, resolver_->enter(root, outer), {}, 0});
  for (;;) {
    dispatch(frames_.back(), visit);
    if (pugi::xml_node child = first_element(frames_.back().node)) {
      const ns_binding* s = resolver_->enter(child, frames_.back().scope);
      frames_.push_back({child, s, {}, 0});
      continue;
    }
    for (;;) {
      if (frames_.size() == 1) return;
      if (pugi::xml_node sib = next_element(frames_.back().node)) {
        frames_.back().node = sib;
        frames_.back().scope = resolver_->enter(sib, frames_[frames_.size() - 2].scope);
        break;
      }
      frames_.pop_back();
    }
  }
}

}  // namespace stancheck::eval
