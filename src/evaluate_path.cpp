// evaluate_path.cpp — path evaluation: steps over children, descendants, attributes, self and
// parent, with namespace-aware name tests and predicates; linear in the nodes visited.
#include "evaluate.hpp"

#include <iterator>

namespace stancheck::eval {

bool evaluator::name_test(const cstep& s, pugi::xml_node e) {
  if (e.type() != pugi::node_element) return false;
  if (s.any_name) {
    if (s.any_ns) return true;
    return resolver_->element_ns(e, split_qname(e.name()).prefix) == s.ns;
  }
  std::string_view prefix;
  if (!local_matches(e.name(), s.local, prefix)) return false;
  return resolver_->element_ns(e, prefix) == s.ns;
}

bool evaluator::attr_test(const cstep& s, pugi::xml_node owner, pugi::xml_attribute a) {
  const char* n = a.name();
  if (is_xmlns(n)) return false;
  if (s.any_name) {
    if (s.any_ns) return true;
    return resolver_->attribute_ns(owner, split_qname(n).prefix) == s.ns;
  }
  std::string_view prefix;
  if (!local_matches(n, s.local, prefix)) return false;
  return resolver_->attribute_ns(owner, prefix) == s.ns;
}

namespace {
bool inside(pugi::xml_node n, pugi::xml_node ancestor) {
  for (pugi::xml_node a = n.parent(); a; a = a.parent())
    if (a == ancestor) return true;
  return false;
}
}  // namespace

void evaluator::apply_step(const cstep& s, node_ref n, std::size_t dedup_from, std::size_t room) {
  pugi::xml_node e(n.elem);
  const std::size_t group = nodes_.size();
  auto full = [&] { return nodes_.size() - group >= room; };
  switch (s.ax) {
    case ir::axis::child:
      if (n.attr) return;
      for (pugi::xml_node c = e.first_child(); c && !full() && charge(); c = c.next_sibling())
        if (c.type() == pugi::node_element && name_test(s, c)) nodes_.push_back({c.internal_object(), nullptr});
      return;
    case ir::axis::descendant: {
      if (n.attr) return;
      pugi::xml_node cur = e.first_child();
      while (cur && !full() && charge()) {
        if (cur.type() == pugi::node_element) {
          if (name_test(s, cur)) nodes_.push_back({cur.internal_object(), nullptr});
          if (pugi::xml_node c = cur.first_child()) {
            cur = c;
            continue;
          }
        }
        while (cur && cur != e && !cur.next_sibling()) cur = cur.parent();
        if (!cur || cur == e) break;
        cur = cur.next_sibling();
      }
      return;
    }
    case ir::axis::attribute:
      if (n.attr || e.type() != pugi::node_element) return;
      if (!s.any_name && s.ns == no_namespace) {  // the common `@name`
        if (pugi::xml_attribute a = e.attribute(s.local.data())) nodes_.push_back({n.elem, a.internal_object()});
        return;
      }
      for (pugi::xml_attribute a = e.first_attribute(); a && !full() && charge(); a = a.next_attribute())
        if (attr_test(s, e, a)) nodes_.push_back({n.elem, a.internal_object()});
      return;
    case ir::axis::self:
      if (n.attr) {
        if (s.any_name) nodes_.push_back(n);
      } else if (s.any_name ? e.type() != pugi::node_null : name_test(s, e)) {
        nodes_.push_back(n);
      }
      return;
    case ir::axis::parent: {
      pugi::xml_node p = n.attr ? e : e.parent();
      if (!p) return;
      bool ok = s.any_name ? (p.type() == pugi::node_element || p.type() == pugi::node_document) : name_test(s, p);
      if (!ok) return;
      node_ref r{p.internal_object(), nullptr};
      // Parents of different inputs repeat: keep each once.
      if (!charge(nodes_.size() - dedup_from)) return;
      for (std::size_t i = dedup_from; i < nodes_.size(); ++i)
        if (nodes_[i] == r) return;
      nodes_.push_back(r);
      return;
    }
  }
}

void evaluator::filter(const cstep& s, std::size_t from, std::size_t limit) {
  if (!s.predicates || s.predicates->empty()) {
    if (nodes_.size() - from > limit) nodes_.resize(from + limit);
    return;
  }
  node_ref saved = current_;
  const std::size_t end = nodes_.size();
  if (!s.positional) {
    // Conditions only: a candidate stays when all hold; stop once `limit` stayed.
    std::size_t w = from;
    for (std::size_t r = from; r < end && w - from < limit; ++r) {
      node_ref cand = nodes_[r];
      current_ = cand;
      bool keep = true;
      for (ir::expr_id p : *s.predicates) {
        keep = truthy(eval(p, 1));
        nodes_.resize(end);  // drop the predicate's temporaries
        if (!keep) break;
      }
      if (keep) nodes_[w++] = cand;
    }
    nodes_.resize(w);
    current_ = saved;
    return;
  }
  for (ir::expr_id p : *s.predicates) {
    std::size_t stop = nodes_.size();
    std::size_t w = from;
    uint32_t pos = 0;
    for (std::size_t r = from; r < stop; ++r) {
      node_ref cand = nodes_[r];
      ++pos;
      current_ = cand;
      value v = eval(p, 1);
      nodes_.resize(stop);
      bool keep = v.t == ir::type::number ? v.num == pos : truthy(v);
      if (keep) nodes_[w++] = cand;
    }
    nodes_.resize(w);
    if (w == from) break;
  }
  if (nodes_.size() - from > limit) nodes_.resize(from + limit);
  current_ = saved;
}

int evaluator::group_part(const value& in, std::string& key) {
  value v = scalar(in);
  switch (v.t) {
    case ir::type::empty: return -1;
    case ir::type::string: {
      key += 's';
      auto n = static_cast<uint32_t>(v.str.size());
      key.append(reinterpret_cast<const char*>(&n), sizeof n);
      key += v.str;
      return 1;
    }
    case ir::type::boolean:
      key += v.num != 0 ? "b1" : "b0";
      return 2;
    default: return 0;  // numbers, quantities, dates, versions compare by magnitude: general path
  }
}

void evaluator::build_group(sibling_index& ix, const cpath& p, pugi::xml_node parent) {
  const cpath::sibling_group& g = *p.group;
  const node_ref saved = current_;
  const std::size_t problems = problems_.size(), missing = missing_tests_.size();
  const bool missing_evidence = missing_evidence_;
  const uint64_t effects = effects_;  // counts problems that are deduplicated or not recorded too
  ix.tags.assign(g.keys.size(), 0);
  std::string key;
  for (pugi::xml_node c = parent.first_child(); c && ix.usable; c = c.next_sibling()) {
    if (!charge()) {
      ix.usable = false;
      break;
    }
    if (c.type() != pugi::node_element || !name_test(p.steps[1], c)) continue;
    current_ = {c.internal_object(), nullptr};
    key.clear();
    bool member = true;
    const std::size_t mark = nodes_.size();
    for (std::size_t i = 0; i < g.keys.size() && member; ++i) {
      int tag = group_part(eval(g.keys[i], 1), key);
      if (tag == 0) ix.usable = false;
      if (tag <= 0) member = false;  // an empty key equals nothing
      else ix.tags[i] |= static_cast<uint8_t>(tag);
    }
    nodes_.resize(mark);
    if (member) ix.members[key].push_back(current_);
  }
  current_ = saved;
  // A key that reports a problem or asks for missing evidence: the general path, which
  // evaluates keys candidate by candidate with short-circuits, decides what is reported.
  if (exhausted_) {
    ix.usable = false;  // the check is over; its budget problem stays
  } else if (effects_ != effects) {
    ix.usable = false;
    problems_.resize(problems);
    missing_tests_.resize(missing);
    missing_evidence_ = missing_evidence;
  }
}

std::optional<value> evaluator::eval_grouped(const cpath& p, std::size_t limit) {
  const cpath::sibling_group& g = *p.group;
  pugi::xml_node e(current_.elem);
  pugi::xml_node parent = current_.attr ? e : e.parent();
  if (!parent) return std::nullopt;
  value out;
  out.t = ir::type::nodes;
  out.first = static_cast<uint32_t>(nodes_.size());
  std::string probe;
  uint8_t tags[8] = {};
  if (g.probes.size() > std::size(tags)) return std::nullopt;
  bool empty_probe = false;
  for (std::size_t i = 0; i < g.probes.size() && !empty_probe; ++i) {
    const std::size_t mark = nodes_.size();
    int tag = group_part(eval(g.probes[i], 1), probe);
    nodes_.resize(mark);
    if (tag == 0 || exhausted_) return std::nullopt;
    if (tag < 0) empty_probe = true;
    else tags[i] = static_cast<uint8_t>(tag);
  }
  // The index is built even for an empty probe: the general path evaluates every candidate's
  // keys whatever the probe, so a key that reports a problem must send this case there too.
  auto [it, fresh] = groups_.try_emplace(group_key{parent.internal_object(), g.id, assume_evidence_});
  sibling_index& ix = it->second;
  if (fresh) build_group(ix, p, parent);
  if (!ix.usable) return std::nullopt;
  if (empty_probe) return out;  // nothing equals the empty value
  for (std::size_t i = 0; i < g.probes.size(); ++i)
    if (ix.tags[i] & ~tags[i]) return std::nullopt;  // text against a boolean converts: general path
  auto m = ix.members.find(probe);
  if (m == ix.members.end()) return out;
  for (std::size_t i = 0; i < m->second.size() && i < limit; ++i) nodes_.push_back(m->second[i]);
  out.count = static_cast<uint32_t>(nodes_.size() - out.first);
  return out;
}

value evaluator::eval_path(const cpath& p, std::size_t limit) {
  // (Not while matching contexts, where problems go unrecorded: an index built then could hide
  // a key's problem from a later check.)
  if (p.group && record_problems_ && p.origin == ir::path_origin::context && current_.elem)
    if (std::optional<value> v = eval_grouped(p, limit)) return *v;
  if (p.one_attribute) {
    // Fast path for the most common path, `@name` from `.` or from a variable holding one node:
    // the same result as the general loop below, without its bookkeeping.
    node_ref from;
    bool fast = true;
    if (p.origin == ir::path_origin::context) {
      if (!current_.elem) return {};
      from = current_;
    } else if (p.origin == ir::path_origin::variable) {
      if (base_ + p.slot >= slots_.size()) return {};
      const value& v = slots_[base_ + p.slot];
      if (v.t != ir::type::nodes) return {};
      if (v.count == 1) from = nodes_[v.first];
      else fast = false;
    } else {
      fast = false;
    }
    if (fast) {
      value v;
      v.t = ir::type::nodes;
      v.first = static_cast<uint32_t>(nodes_.size());
      pugi::xml_node e(from.elem);
      if (!from.attr && e.type() == pugi::node_element)
        if (pugi::xml_attribute a = e.attribute(p.steps[0].local.data())) {
          nodes_.push_back({from.elem, a.internal_object()});
          v.count = 1;
        }
      return v;
    }
  }
  std::size_t in_first = nodes_.size();
  std::size_t in_count = 0;
  switch (p.origin) {
    case ir::path_origin::context:
      if (!current_.elem) return {};
      nodes_.push_back(current_);
      in_count = 1;
      break;
    case ir::path_origin::root: {
      if (!current_.elem) return {};
      pugi::xml_node root = pugi::xml_node(current_.elem).root();
      nodes_.push_back({root.internal_object(), nullptr});
      in_count = 1;
      break;
    }
    case ir::path_origin::variable: {
      if (base_ + p.slot >= slots_.size()) return {};
      const value v = slots_[base_ + p.slot];
      if (v.t != ir::type::nodes) return p.steps.empty() ? v : value{};
      in_first = v.first;
      in_count = v.count;
      break;
    }
  }
  for (std::size_t si = 0; si < p.steps.size(); ++si) {
    const cstep& s = p.steps[si];
    if (in_count == 0) break;
    const std::size_t want = si + 1 == p.steps.size() ? limit : all;
    std::size_t out_first = nodes_.size();
    pugi::xml_node last_root;  // descendant steps: skip inputs nested in an earlier input
    for (std::size_t i = 0; i < in_count; ++i) {
      node_ref n = nodes_[in_first + i];
      if (s.ax == ir::axis::descendant && in_count > 1 && !n.attr) {
        pugi::xml_node e(n.elem);
        if (last_root && inside(e, last_root)) continue;
        last_root = e;
      }
      std::size_t group = nodes_.size();
      std::size_t room = want - (group - out_first);
      bool unfiltered = !s.predicates || s.predicates->empty();
      apply_step(s, n, out_first, unfiltered ? room : all);
      filter(s, group, room);
      if (nodes_.size() - out_first >= want) break;
    }
    in_first = out_first;
    in_count = nodes_.size() - out_first;
  }
  value v;
  v.t = ir::type::nodes;
  v.first = static_cast<uint32_t>(in_first);
  v.count = static_cast<uint32_t>(in_count);
  return v;
}

}  // namespace stancheck::eval
