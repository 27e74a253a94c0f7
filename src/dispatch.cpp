// dispatch.cpp — builds the dispatch index from the IR, resolves namespaces, names element paths.
#include "dispatch.hpp"

#include <optional>

#include <fmt/format.h>
#include <re2/re2.h>

namespace stancheck::eval {

namespace {
constexpr std::string_view xml_uri = "http://www.w3.org/XML/1998/namespace";

/// Structural keys of context predicates: two predicates with one key give the same truth on
/// any node of one bundle, whichever rule they belong to. Expressions that read a variable of
/// the rule's frame or bind one (quantifiers) have no key: their value depends on the frame.
class memo_keys {
public:
  explicit memo_keys(const ir::rule_set& rules) : rules_(rules) {}
  const ir::rule_set& rules() const { return rules_; }
  /// Key of expression `e` of pack `pack`, or nullopt.
  std::optional<std::string> key(uint32_t pack, ir::expr_id e) const {
    std::string out;
    if (!append(pack, e, out, 0)) return std::nullopt;
    return out;
  }

private:
  static void num(std::string& out, const void* p, std::size_t n) { out.append(static_cast<const char*>(p), n); }
  static void text(std::string& out, std::string_view s) {
    uint32_t n = static_cast<uint32_t>(s.size());
    num(out, &n, sizeof n);
    out += s;
  }
  bool path(uint32_t pack, uint32_t index, std::string& out, int depth) const {
    const ir::pack& p = rules_.packs[pack];
    if (index >= p.paths.size() || p.paths[index].origin == ir::path_origin::variable) return false;
    const ir::path& path = p.paths[index];
    out += static_cast<char>(path.origin);
    uint32_t n = static_cast<uint32_t>(path.steps.size());
    num(out, &n, sizeof n);
    for (const ir::step& s : path.steps) {
      out += static_cast<char>(s.ax);
      out += s.any_name ? '*' : 'n';
      text(out, s.ns_uri);
      text(out, s.local);
      n = static_cast<uint32_t>(s.predicates.size());
      num(out, &n, sizeof n);
      for (ir::expr_id q : s.predicates)
        if (!append(pack, q, out, depth + 1)) return false;
    }
    return true;
  }
  bool append(uint32_t pack, ir::expr_id e, std::string& out, int depth) const {
    const ir::pack& p = rules_.packs[pack];
    if (depth > 64 || e >= p.exprs.size()) return false;
    const ir::expr& x = p.exprs[e];
    out += '(';
    out += static_cast<char>(x.kind);
    out += static_cast<char>(x.oper);
    out += static_cast<char>(x.fn);
    out += x.negate ? '!' : '.';
    switch (x.kind) {
      case ir::expr_kind::variable:
      case ir::expr_kind::quantifier: return false;
      case ir::expr_kind::constant:
        out += static_cast<char>(x.value.t);
        num(out, &x.value.num, sizeof x.value.num);
        num(out, x.value.dim.exp.data(), x.value.dim.exp.size());
        text(out, x.value.str);
        break;
      case ir::expr_kind::path:
        if (!path(pack, x.path_index, out, depth)) return false;
        break;
      case ir::expr_kind::matches:
        if (!x.regex) return false;
        text(out, x.regex->pattern());  // every pattern is compiled with the same options
        break;
      default: break;
    }
    if (x.kind == ir::expr_kind::predicate || x.kind == ir::expr_kind::in_table ||
        (x.kind == ir::expr_kind::call && x.fn == ir::builtin::lookup)) {
      num(out, &x.pack_index, sizeof x.pack_index);
      num(out, &x.index, sizeof x.index);
    }
    for (ir::expr_id c : x.children)
      if (!append(pack, c, out, depth + 1)) return false;
    out += ')';
    return true;
  }

  const ir::rule_set& rules_;
};

/// `../NAME[K1 = V1 and ...]` with node-only keys and variable or constant probes (see
/// cpath::sibling_group), or nullopt.
std::optional<cpath::sibling_group> sibling_group_of(const memo_keys& keys, uint32_t pack, const cpath& c) {
  if (c.origin != ir::path_origin::context || c.steps.size() != 2) return std::nullopt;
  const cstep& up = c.steps[0];
  const cstep& down = c.steps[1];
  if (up.ax != ir::axis::parent || !up.any_name || (up.predicates && !up.predicates->empty())) return std::nullopt;
  if (down.ax != ir::axis::child || down.positional || down.terms.empty()) return std::nullopt;
  const ir::pack& p = keys.rules().packs[pack];
  auto outer = [&](ir::expr_id e) {
    return e < p.exprs.size() &&
           (p.exprs[e].kind == ir::expr_kind::variable || p.exprs[e].kind == ir::expr_kind::constant);
  };
  cpath::sibling_group g;
  for (const cstep::term& t : down.terms) {
    if (t.expr >= p.exprs.size()) return std::nullopt;
    const ir::expr& x = p.exprs[t.expr];
    if (x.kind != ir::expr_kind::binary || x.oper != ir::op::eq || x.children.size() != 2) return std::nullopt;
    ir::expr_id l = x.children[0], r = x.children[1];
    if (outer(l) && !outer(r)) std::swap(l, r);  // `$v = K` as well as `K = $v`
    if (!outer(r) || outer(l) || !keys.key(pack, l)) return std::nullopt;
    g.keys.push_back(l);
    g.probes.push_back(r);
  }
  return g;
}
}  // namespace

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
  memo_keys keys(rules);
  std::unordered_map<std::string, uint32_t> memo_ids, call_ids;
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
        for (ir::expr_id e : s.predicates)
          if (e < p.exprs.size() && p.exprs[e].result != ir::type::boolean && p.exprs[e].result != ir::type::nodes)
            cs.positional = true;
        if (!cs.positional) {
          // Split each predicate into its `and` conjuncts (explicit stack: no recursion).
          std::vector<ir::expr_id> conjuncts(s.predicates.rbegin(), s.predicates.rend());
          while (!conjuncts.empty()) {
            ir::expr_id e = conjuncts.back();
            conjuncts.pop_back();
            if (e < p.exprs.size() && p.exprs[e].kind == ir::expr_kind::binary && p.exprs[e].oper == ir::op::and_ &&
                p.exprs[e].children.size() == 2) {
              conjuncts.push_back(p.exprs[e].children[1]);
              conjuncts.push_back(p.exprs[e].children[0]);
              continue;
            }
            std::optional<std::string> k = keys.key(pi, e);
            uint32_t id = k ? memo_ids.try_emplace(std::move(*k), static_cast<uint32_t>(memo_ids.size())).first->second
                            : no_memo;
            cs.terms.push_back({e, id});
          }
        }
        c.steps.push_back(cs);
      }
      c.one_attribute = c.steps.size() == 1 && c.steps[0].ax == ir::axis::attribute && !c.steps[0].any_name &&
                        c.steps[0].ns == no_namespace && (!c.steps[0].predicates || c.steps[0].predicates->empty());
      c.group = sibling_group_of(keys, pi, c);
      if (c.group) c.group->id = group_count_++;
      cp.paths.push_back(std::move(c));
    }
    cp.call_memo.assign(p.exprs.size(), no_memo);
    for (ir::expr_id e = 0; e < p.exprs.size(); ++e) {
      if (p.exprs[e].kind != ir::expr_kind::predicate || p.exprs[e].result != ir::type::boolean) continue;
      if (std::optional<std::string> k = keys.key(pi, e))
        cp.call_memo[e] =
            call_memo_base + call_ids.try_emplace(std::move(*k), static_cast<uint32_t>(call_ids.size())).first->second;
    }
    cp.string_tables.resize(p.tables.size());
    cp.numeric_tables.resize(p.tables.size());
    for (std::size_t t = 0; t < p.tables.size(); ++t) {
      const ir::table& tb = p.tables[t];
      if (tb.key_type == ir::type::string) {
        for (const auto& [key, val] : tb.entries) cp.string_tables[t].emplace(key, &val);
      } else if (tb.key_type == ir::type::number || tb.key_type == ir::type::quantity ||
                 tb.key_type == ir::type::date) {
        for (const ir::constant& k : tb.keys) {
          auto it = tb.entries.find(ir::canonical_key(k));
          const ir::constant* v = it == tb.entries.end() || tb.value_type == ir::type::empty ? nullptr : &it->second;
          cp.numeric_tables[t].emplace(k.num, std::make_pair(&k, v));
        }
      }
    }
    for (uint32_t ri = 0; ri < p.rules.size(); ++ri, ++flat) {
      bool on = selected.empty() || (flat < selected.size() && selected[flat]);
      rules_flat_.push_back({pi, ri, on});
    }
    packs_.push_back(std::move(cp));
  }
  memo_count_ = static_cast<uint32_t>(memo_ids.size());
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
    index(last.any_name ? wildcard_ : by_name_[last.local], c, cp, last);
  }
}

namespace {

/// A necessary condition of a context predicate: attribute `attr` (no namespace) holds one of
/// `values` exactly. Found through `and`, `=` / `in {...}` / `in TABLE` against string constants,
/// and predicate calls whose arguments are `.` or string constants (inlined, depth-limited).
struct guard {
  std::string_view attr;
  std::vector<std::string_view> values;
};

/// What a predicate parameter is bound to while a predicate body is searched for a guard.
struct binding {
  enum kind_t : uint8_t { unknown, self, text } kind = unknown;
  std::string_view str;
};

class guard_finder {
public:
  explicit guard_finder(const ir::rule_set& rules) : rules_(rules) {}

  std::optional<guard> find(uint32_t pack, ir::expr_id e, const std::vector<binding>& env, int depth) const {
    const ir::pack& p = rules_.packs[pack];
    if (depth > 8 || e >= p.exprs.size()) return std::nullopt;
    const ir::expr& x = p.exprs[e];
    switch (x.kind) {
      case ir::expr_kind::binary:
        if (x.oper == ir::op::and_) {
          for (ir::expr_id c : x.children)
            if (auto g = find(pack, c, env, depth + 1)) return g;
          return std::nullopt;
        }
        if (x.oper == ir::op::eq && x.children.size() == 2) {
          for (int side = 0; side < 2; ++side) {
            auto attr = context_attribute(pack, x.children[side], env);
            auto text = string_constant(pack, x.children[1 - side], env);
            if (attr && text) return guard{*attr, {*text}};
          }
        }
        return std::nullopt;
      case ir::expr_kind::in_set: {
        if (x.negate || x.children.size() < 2) return std::nullopt;
        auto attr = context_attribute(pack, x.children[0], env);
        if (!attr) return std::nullopt;
        guard g{*attr, {}};
        for (std::size_t i = 1; i < x.children.size(); ++i) {
          auto text = string_constant(pack, x.children[i], env);
          if (!text) return std::nullopt;
          g.values.push_back(*text);
        }
        return g;
      }
      case ir::expr_kind::in_table: {
        if (x.negate || x.children.empty() || x.pack_index >= rules_.packs.size()) return std::nullopt;
        const auto& tables = rules_.packs[x.pack_index].tables;
        if (x.index >= tables.size() || tables[x.index].key_type != ir::type::string) return std::nullopt;
        auto attr = context_attribute(pack, x.children[0], env);
        if (!attr) return std::nullopt;
        guard g{*attr, {}};
        for (const auto& kv : tables[x.index].entries) g.values.push_back(kv.first);
        return g;
      }
      case ir::expr_kind::predicate: {
        if (x.pack_index >= rules_.packs.size()) return std::nullopt;
        const ir::pack& owner = rules_.packs[x.pack_index];
        if (x.index >= owner.predicates.size()) return std::nullopt;
        const ir::predicate& pred = owner.predicates[x.index];
        std::vector<binding> inner(pred.slot_count);
        for (std::size_t i = 0; i < x.children.size() && i < pred.param_slots.size(); ++i) {
          if (pred.param_slots[i] >= inner.size()) continue;
          binding& b = inner[pred.param_slots[i]];
          if (is_self(pack, x.children[i], env)) b.kind = binding::self;
          else if (auto t = string_constant(pack, x.children[i], env)) b = {binding::text, *t};
        }
        return find(x.pack_index, pred.body, inner, depth + 1);
      }
      default: return std::nullopt;
    }
  }

private:
  /// Leading steps that stay on the context node (`.`).
  static std::size_t self_steps(const ir::path& path) {
    std::size_t i = 0;
    while (i < path.steps.size() && path.steps[i].ax == ir::axis::self && path.steps[i].predicates.empty()) ++i;
    return i;
  }
  bool path_from_self(const ir::path& path, const std::vector<binding>& env) const {
    if (path.origin == ir::path_origin::context) return true;
    return path.origin == ir::path_origin::variable && path.slot < env.size() && env[path.slot].kind == binding::self;
  }
  bool is_self(uint32_t pack, ir::expr_id e, const std::vector<binding>& env) const {
    const ir::pack& p = rules_.packs[pack];
    if (e >= p.exprs.size()) return false;
    const ir::expr& x = p.exprs[e];
    if (x.kind == ir::expr_kind::variable) return x.slot < env.size() && env[x.slot].kind == binding::self;
    if (x.kind != ir::expr_kind::path || x.path_index >= p.paths.size()) return false;
    const ir::path& path = p.paths[x.path_index];
    return path_from_self(path, env) && self_steps(path) == path.steps.size();
  }
  std::optional<std::string_view> context_attribute(uint32_t pack, ir::expr_id e, const std::vector<binding>& env) const {
    const ir::pack& p = rules_.packs[pack];
    if (e >= p.exprs.size()) return std::nullopt;
    const ir::expr& x = p.exprs[e];
    if (x.kind != ir::expr_kind::path || x.path_index >= p.paths.size()) return std::nullopt;
    const ir::path& path = p.paths[x.path_index];
    std::size_t i = self_steps(path);
    if (!path_from_self(path, env) || i + 1 != path.steps.size()) return std::nullopt;
    const ir::step& s = path.steps[i];
    if (s.ax != ir::axis::attribute || s.any_name || !s.ns_uri.empty() || !s.predicates.empty()) return std::nullopt;
    return std::string_view(s.local);
  }
  std::optional<std::string_view> string_constant(uint32_t pack, ir::expr_id e, const std::vector<binding>& env) const {
    const ir::pack& p = rules_.packs[pack];
    if (e >= p.exprs.size()) return std::nullopt;
    const ir::expr& x = p.exprs[e];
    if (x.kind == ir::expr_kind::constant && x.value.t == ir::type::string) return std::string_view(x.value.str);
    if (x.kind == ir::expr_kind::variable && x.slot < env.size() && env[x.slot].kind == binding::text)
      return env[x.slot].str;
    return std::nullopt;
  }

  const ir::rule_set& rules_;
};

}  // namespace

void plan::index(entry& e, const candidate& c, const cpack& cp, const cstep& last) {
  std::optional<guard> g;
  if (last.predicates) {
    guard_finder finder(*rules_);
    uint32_t pack = rules_flat_[c.rule].pack;
    const ir::rule& r = cp.ir->rules[rules_flat_[c.rule].rule];
    std::vector<binding> env(r.slot_count);
    for (ir::expr_id p : *last.predicates)
      if ((g = finder.find(pack, p, env, 0))) break;
  }
  if (!g || g->values.empty()) {
    e.always.push_back(c);
    return;
  }
  entry::group* grp = nullptr;
  for (entry::group& x : e.groups)
    if (x.attr == g->attr) grp = &x;
  if (!grp) {
    e.groups.push_back({g->attr, {}});
    grp = &e.groups.back();
  }
  for (std::string_view v : g->values) {
    std::vector<candidate>& list = grp->by_value[v];
    if (list.empty() || list.back().rule != c.rule) list.push_back(c);
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
