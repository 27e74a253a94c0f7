// evaluate.cpp — rule checks: context patterns, lets, conditions and templates (expressions in
// evaluate_expr.cpp, paths in evaluate_path.cpp).
#include "evaluate.hpp"

#include <fmt/format.h>

namespace stancheck::eval {

evaluator::evaluator(const plan& p, ns_resolver& r) : plan_(&p), resolver_(&r), memo_(memo_size) {}

void evaluator::begin_bundle(const std::vector<test_case>* tests, int32_t as_of) {
  tests_ = tests;
  as_of_ = as_of;
  groups_.clear();
  if (++memo_generation_ == 0) {  // wrapped: really clear
    memo_.assign(memo_size, memo_slot{});
    memo_generation_ = 1;
  }
}

void evaluator::reset_scratch() {
  nodes_.clear();
  if (!strings_.empty()) strings_.clear();
  problems_.clear();
  missing_evidence_ = false;
  if (!missing_tests_.empty()) missing_tests_.clear();
  depth_ = 0;
  steps_ = 0;
  exhausted_ = false;
}

bool evaluator::over_budget() {
  if (!exhausted_) {
    exhausted_ = true;
    problem(fmt::format("evaluation stopped after {} steps: the rule is too costly for this document", max_steps));
  }
  return false;
}

void evaluator::start_frame(uint32_t slot_count) {
  slots_.assign(slot_count, value{});
  base_ = 0;
}

std::string_view evaluator::keep(std::string s) {
  strings_.push_back(std::move(s));
  return strings_.back();
}

void evaluator::problem(std::string text) {
  ++effects_;
  if (!record_problems_) return;
  for (const std::string& p : problems_)
    if (p == text) return;
  if (problems_.size() < 4) problems_.push_back(std::move(text));
}

bool evaluator::predicates_hold(const cstep& s, pugi::xml_node n) {
  if (!s.predicates || s.predicates->empty()) return true;
  node_ref saved = current_;
  std::size_t mark = nodes_.size();
  bool ok = true;
  if (!s.positional) {
    // Conditions only: every conjunct must hold (`a and b` is true exactly when both are).
    for (const cstep::term& t : s.terms) {
      memo_slot* slot = nullptr;
      if (t.memo != no_memo && !exhausted_) {
        slot = &memo_at(n.internal_object(), t.memo);
        if (slot->node == n.internal_object() && slot->id == t.memo && slot->generation == memo_generation_) {
          ok = slot->truth;
          if (!ok) break;
          continue;
        }
      }
      current_ = {n.internal_object(), nullptr};
      ok = truthy(eval(t.expr, 1));
      nodes_.resize(mark);
      if (slot && !exhausted_) *slot = {n.internal_object(), t.memo, memo_generation_, ok};
      if (!ok) break;
    }
    current_ = saved;
    return ok;
  }
  for (ir::expr_id p : *s.predicates) {
    current_ = {n.internal_object(), nullptr};
    value v = eval(p, 1);
    nodes_.resize(mark);
    if (v.t == ir::type::number) {
      uint32_t pos = 1;  // position among preceding siblings passing the name test
      for (pugi::xml_node k = n.previous_sibling(); k && charge(); k = k.previous_sibling())
        if (k.type() == pugi::node_element && name_test(s, k)) ++pos;
      ok = v.num == pos;
    } else {
      ok = truthy(v);
    }
    if (!ok) break;
  }
  current_ = saved;
  return ok;
}

bool evaluator::match_step(const cpath& p, std::size_t i, pugi::xml_node n) {
  const cstep& s = p.steps[i];
  if (i + 1 < p.steps.size() && !name_test(s, n)) return false;  // the last step was dispatched
  if (!predicates_hold(s, n)) return false;
  if (i == 0) {
    if (p.origin == ir::path_origin::root && s.ax == ir::axis::child)
      return n.parent().type() == pugi::node_document;
    return true;  // a relative context matches anywhere in a document
  }
  switch (s.ax) {
    case ir::axis::child: {
      pugi::xml_node parent = n.parent();
      return parent.type() == pugi::node_element && match_step(p, i - 1, parent);
    }
    case ir::axis::descendant:
      for (pugi::xml_node a = n.parent(); a && a.type() == pugi::node_element; a = a.parent())
        if (match_step(p, i - 1, a)) return true;
      return false;
    case ir::axis::self: return match_step(p, i - 1, n);
    default: return false;
  }
}

bool evaluator::matches_context(uint32_t flat_rule, pugi::xml_node e) {
  const plan::rule_ref& ref = plan_->rule(flat_rule);
  const ir::rule& r = plan_->ir_rule(flat_rule);
  const cpack& cp = plan_->pack(ref.pack);
  if (r.path_index >= cp.paths.size()) return false;
  const cpath& p = cp.paths[r.path_index];
  if (p.steps.empty()) return false;
  // Fast path: a single step without predicates matched by dispatch alone.
  if (p.steps.size() == 1 && (!p.steps[0].predicates || p.steps[0].predicates->empty()) &&
      p.origin == ir::path_origin::context)
    return true;
  reset_scratch();
  start_frame(r.slot_count);
  pack_ = ref.pack;
  record_problems_ = false;
  bool ok = match_step(p, p.steps.size() - 1, e);
  record_problems_ = true;
  return ok;
}

outcome evaluator::check(uint32_t flat_rule, pugi::xml_node e) {
  const plan::rule_ref& ref = plan_->rule(flat_rule);
  const ir::rule& r = plan_->ir_rule(flat_rule);
  auto run = [&] {
    reset_scratch();
    start_frame(r.slot_count);
    pack_ = ref.pack;
    current_ = {e.internal_object(), nullptr};
    for (const ir::let_binding& l : r.lets) {
      value v = eval(l.value);
      if (base_ + l.slot < slots_.size()) slots_[base_ + l.slot] = v;
    }
    bool t = r.condition == ir::no_expr || truthy(eval(r.condition, 1));
    return r.kind == ir::requirement::require ? !t : t;
  };
  outcome o;
  o.finding = run();
  if (!problems_.empty()) {
    o.finding = true;
  } else if (o.finding && missing_evidence_) {
    // Would the requirement hold if the unmentioned tests had passed? Then only evidence is missing.
    assume_evidence_ = true;
    bool still = run();
    assume_evidence_ = false;
    o.missing_evidence = !still && problems_.empty();
    o.missing_tests = missing_tests_;
  }
  if (!problems_.empty()) o.problems = problems_;
  return o;
}

std::string evaluator::fill(const std::vector<ir::template_part>& parts) {
  std::string out;
  bool saved = record_problems_;
  record_problems_ = false;
  for (const ir::template_part& p : parts) {
    if (p.expr == ir::no_expr) {
      out += p.text;
      continue;
    }
    std::size_t mark = nodes_.size();
    out += text_of(eval(p.expr));
    nodes_.resize(mark);
  }
  record_problems_ = saved;
  return out;
}

value evaluator::evaluate(uint32_t pack, ir::expr_id e, pugi::xml_node context, uint32_t slot_count) {
  reset_scratch();
  start_frame(slot_count);
  pack_ = pack;
  current_ = {context.internal_object(), nullptr};
  return eval(e);
}

std::string evaluator::text_of(const value& v) {
  if (v.t == ir::type::nodes) {
    if (v.count == 0) return "(missing)";
    std::string out;
    constexpr uint32_t shown = 5;
    for (uint32_t i = 0; i < v.count && i < shown; ++i) {
      if (i) out += ", ";
      out += node_text(nodes_[v.first + i]);
    }
    if (v.count > shown) out += fmt::format(", … ({} in all)", v.count);
    return out;
  }
  if (v.t == ir::type::string) return std::string(v.str);
  return format_scalar(v);
}

std::string_view evaluator::node_text(const node_ref& n) {
  if (auto t = simple_text(n)) return *t;
  std::string s;
  append_text(n, s);
  return keep(std::move(s));
}

value evaluator::scalar(const value& v) {
  if (v.t != ir::type::nodes) return v;
  if (v.count == 0) return {};
  return value::string(node_text(nodes_[v.first]));
}

}  // namespace stancheck::eval
