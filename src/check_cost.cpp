// check_cost.cpp — static bounds on evaluation cost: the size and depth of a rule's or a
// predicate's expressions with every predicate call expanded, so no pack can make the evaluator
// run for ever (exponential predicate chains) or recurse past its stack (long call chains).
#include <fmt/format.h>

#include <algorithm>

#include "check_detail.hpp"

namespace stancheck::checker_detail {

namespace {

uint64_t add_saturating(uint64_t a, uint64_t b) { return std::min(a + b, max_expanded_size + 1); }

class cost_walker {
 public:
  cost_walker(const compiler& c, uint32_t pack) : c_(c), pack_(c.out.rules.packs[pack]) {}

  /// Recursion is bounded: the parser limits a tree to 1000 levels and paths to 200 nestings.
  expr_cost of(ir::expr_id id) {
    if (id == ir::no_expr || id >= pack_.exprs.size()) return {1, 1};
    const ir::expr& e = pack_.exprs[id];
    expr_cost total{1, 1};
    auto add = [&](expr_cost part) {
      total.size = add_saturating(total.size, part.size);
      total.depth = std::max(total.depth, std::min(part.depth, max_expanded_depth) + 1);
      total.tainted |= part.tainted;
    };
    for (ir::expr_id child : e.children) add(of(child));
    if (e.kind == ir::expr_kind::path || e.kind == ir::expr_kind::quantifier)
      add(path(e.path_index));
    if (e.kind == ir::expr_kind::predicate && e.pack_index < c_.packs.size() &&
        e.index < c_.packs[e.pack_index].preds.size()) {
      const predicate_sig& sig = c_.packs[e.pack_index].preds[e.index];
      add({sig.cost_size, sig.cost_depth, sig.too_costly});
    }
    return total;
  }

  expr_cost path(uint32_t index) {
    expr_cost total{0, 0};
    if (index >= pack_.paths.size()) return total;
    for (const ir::step& s : pack_.paths[index].steps)
      for (ir::expr_id p : s.predicates) {
        expr_cost c = of(p);
        total.size = add_saturating(total.size, c.size);
        total.depth = std::max(total.depth, c.depth);
        total.tainted |= c.tainted;
      }
    return total;
  }

 private:
  const compiler& c_;
  const ir::pack& pack_;
};

}  // namespace

expr_cost expanded_cost(const compiler& c, uint32_t pack_index, ir::expr_id e) {
  return cost_walker(c, pack_index).of(e);
}

expr_cost expanded_path_cost(const compiler& c, uint32_t pack_index, uint32_t path_index) {
  return cost_walker(c, pack_index).path(path_index);
}

bool check_cost(compiler& c, uint32_t pack_index, uint32_t offset, const std::string& what,
                expr_cost cost) {
  if (cost.tainted) return false;
  const source_ptr& src = c.packs[pack_index].source;
  if (cost.size > max_expanded_size) {
    c.error(
        src, offset,
        fmt::format(
            "{} is too costly to evaluate: with every predicate call expanded it has more than {} "
            "operations (predicates that call others several times multiply their cost)",
            what, max_expanded_size));
    return false;
  }
  if (cost.depth > max_expanded_depth) {
    c.error(src, offset,
            fmt::format("{} nests too deeply: with every predicate call expanded it is {} levels "
                        "deep (at most {})",
                        what, cost.depth, max_expanded_depth));
    return false;
  }
  return true;
}

}  // namespace stancheck::checker_detail
