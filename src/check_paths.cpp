// check_paths.cpp — paths: steps with namespace prefixes resolved to URIs, step predicates, the
// `for each` context pattern and quantifiers over node sets.
#include <fmt/format.h>

#include "check_detail.hpp"

namespace stancheck::checker_detail {

std::optional<std::string> expr_checker::bare_name(ast::expr_id e) const {
  if (e == ast::no_expr || e >= file_->exprs.size()) return std::nullopt;
  const ast::expr& x = node(e);
  if (x.kind != ast::expr_kind::path || x.oper != ast::op::none || x.children.size() != 1) return std::nullopt;
  const ast::expr& s = node(x.children[0]);
  if (s.kind != ast::expr_kind::step || s.oper != ast::op::child || !s.children.empty()) return std::nullopt;
  if (s.text.empty() || s.text.find_first_of(":@*") != std::string::npos || s.text == "." || s.text == "..")
    return std::nullopt;
  return s.text;
}

std::optional<ir::step> expr_checker::step(const ast::expr& s, bool& attribute_seen, int depth, bool& context) {
  ir::step st;
  std::string_view name = s.text;
  switch (s.oper) {
    case ast::op::descendant: st.ax = ir::axis::descendant; break;
    case ast::op::attribute: st.ax = ir::axis::attribute; break;
    case ast::op::self: st.ax = ir::axis::self; break;
    case ast::op::parent: st.ax = ir::axis::parent; break;
    default: st.ax = ir::axis::child; break;
  }
  if (!name.empty() && name.front() == '@') {
    st.ax = ir::axis::attribute;
    name.remove_prefix(1);
  }
  if (name == ".") st.ax = ir::axis::self;
  if (name == "..") st.ax = ir::axis::parent;
  bool ok = true;
  if (context && st.ax != ir::axis::child && st.ax != ir::axis::descendant) {
    error(s.offset, fmt::format("the context of `for each` must be an element path; '{}' is not an element step",
                                s.text));
    context = false;  // one such error per context
    attribute_seen = false;
    ok = false;
  } else if (attribute_seen) {
    error(s.offset, "nothing can follow an attribute in a path (attributes have no children)");
    ok = false;
  }
  if (st.ax == ir::axis::attribute && ok) attribute_seen = true;
  if (st.ax == ir::axis::self || st.ax == ir::axis::parent || name == "*") {
    st.any_name = true;
  } else {
    std::size_t colon = name.find(':');
    auto& ns = state().namespaces;
    if (colon != std::string_view::npos) {
      std::string prefix(name.substr(0, colon));
      auto it = ns.find(prefix);
      if (it == ns.end()) {
        std::vector<std::string> known;
        for (const auto& [p, info] : ns)
          if (p != "default") known.push_back(p);
        error(s.offset, fmt::format("unknown namespace prefix '{}'{}", prefix, did_you_mean(prefix, known)));
        ok = false;
      } else {
        it->second.used = true;
        st.ns_uri = it->second.uri;
      }
      name.remove_prefix(colon + 1);
      if (name == "*") st.any_name = true;
    } else if (st.ax != ir::axis::attribute) {
      if (auto it = ns.find("default"); it != ns.end()) {
        it->second.used = true;
        st.ns_uri = it->second.uri;
      }
    }
    st.local = std::string(name);
  }
  for (ast::expr_id pe : s.children) {
    checked c = check(pe, depth + 1);
    if (c.error) {
      ok = false;
      continue;
    }
    const ir::expr& p = at(c.id);
    if (p.result == ir::type::nodes) {
      need_nodes(c.id);
    } else if (p.result == ir::type::boolean) {
      if (p.kind == ir::expr_kind::constant && p.value.num == 0) {
        auto it = contradictions.find(c.id);
        dead_predicates.push_back(it != contradictions.end() ? it->second : p.offset);
      }
    } else if (p.result != ir::type::number) {
      error(p.offset, fmt::format("a step predicate must be a condition or a position (a number), got {}",
                                  describe(p)));
      ok = false;
      continue;
    }
    st.predicates.push_back(c.id);
  }
  if (!ok) return std::nullopt;
  return st;
}

std::optional<uint32_t> expr_checker::path(ast::expr_id e, int depth) {
  if (e == ast::no_expr || e >= file_->exprs.size()) return std::nullopt;
  const ast::expr& x = node(e);
  if (depth > max_depth) {
    error(x.offset, "expression nested too deeply");
    return std::nullopt;
  }
  bool context = in_context_;  // only this path's own steps, not those in its predicates
  in_context_ = false;
  ir::path p;
  std::size_t first = 0;
  auto from_variable = [&](const ast::expr& v) -> bool {
    variable* var = find_var(v.text);
    if (!var) {
      check(x.kind == ast::expr_kind::variable ? e : x.children[0], depth);  // reports it
      return false;
    }
    var->used = true;
    if (var->t != ir::type::nodes) {
      error(v.offset, fmt::format("${} is {}, not a node set: it has no steps to follow", v.text,
                                  describe(var->t, var->dim, var->any_dim)));
      return false;
    }
    if (var->param >= 0 && defining_predicate >= 0) {
      auto& needs = state().preds[static_cast<std::size_t>(defining_predicate)].needs_nodes;
      if (static_cast<std::size_t>(var->param) < needs.size()) needs[static_cast<std::size_t>(var->param)] = true;
    }
    p.origin = ir::path_origin::variable;
    p.slot = var->slot;
    return true;
  };
  if (x.kind == ast::expr_kind::variable) {
    if (!from_variable(x)) return std::nullopt;
  } else if (x.kind != ast::expr_kind::path) {
    checked c = check(e, depth);
    if (!c.error)
      error(x.offset, fmt::format("expected a path (a node set), got {}", describe(at(c.id))));
    return std::nullopt;
  } else {
    if (!x.children.empty() && node(x.children[0]).kind == ast::expr_kind::variable) {
      if (!from_variable(node(x.children[0]))) return std::nullopt;
      first = 1;
    } else if (x.oper == ast::op::root) {
      p.origin = ir::path_origin::root;
    }
    bool ok = true, attribute_seen = false;
    for (std::size_t i = first; i < x.children.size(); ++i) {
      const ast::expr& s = node(x.children[i]);
      if (s.kind != ast::expr_kind::step) {
        error(s.offset, "expected a path step");
        ok = false;
        continue;
      }
      auto st = step(s, attribute_seen, depth + 1, context);
      if (!st) {
        ok = false;
        continue;
      }
      p.steps.push_back(std::move(*st));
    }
    if (!ok) return std::nullopt;
  }
  ir().paths.push_back(std::move(p));
  return static_cast<uint32_t>(ir().paths.size() - 1);
}

checked expr_checker::path_expr(ast::expr_id e, int depth) {
  auto index = path(e, depth);
  if (!index) return {ir::no_expr, true};
  ir::expr x;
  x.kind = ir::expr_kind::path;
  x.path_index = *index;
  x.result = ir::type::nodes;
  x.offset = node(e).offset;
  return {add(std::move(x)), false};
}

std::optional<uint32_t> expr_checker::context(ast::expr_id e) {
  if (e == ast::no_expr || e >= file_->exprs.size()) return std::nullopt;
  const ast::expr& x = node(e);
  bool element_path = x.kind == ast::expr_kind::path && !x.children.empty() &&
                      node(x.children[0]).kind == ast::expr_kind::step;
  if (!element_path) {
    error(x.offset, "the context of `for each` must be an element path such as eid:interface");
    return std::nullopt;
  }
  in_context_ = true;
  return path(e, 1);
}

checked expr_checker::quantifier(const ast::expr& x, int depth) {
  if (x.children.size() != 2) return {ir::no_expr, true};
  auto range = path(x.children[0], depth + 1);
  std::size_t mark = vars.size();
  variable v;
  v.name = x.text;
  v.t = ir::type::nodes;
  v.offset = x.offset;
  // The AST keeps no offset for the variable: find `$name` after the keyword.
  const std::string& text = state().source->text();
  if (std::size_t at = text.find("$" + x.text, x.offset); at != std::string::npos && at < std::size_t(x.offset) + 64)
    v.offset = static_cast<uint32_t>(at);
  uint32_t slot = declare(std::move(v));
  const char* what = x.oper == ast::op::all ? "`all`" : "`any`";
  checked body = condition(x.children[1], what, depth + 1);
  if (body.error && vars.size() > mark) vars[mark].used = true;  // no "unused" on top of an error
  pop_to(mark);
  if (!range || body.error) return {ir::no_expr, true};
  ir::expr q;
  q.kind = ir::expr_kind::quantifier;
  q.oper = x.oper == ast::op::all ? ir::op::all : ir::op::any;
  q.slot = slot;
  q.path_index = *range;
  q.result = ir::type::boolean;
  q.offset = x.offset;
  q.children = {body.id};
  return {add(std::move(q)), false};
}

}  // namespace stancheck::checker_detail
