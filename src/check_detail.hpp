// check_detail.hpp — internals shared by the checker's files (not a public header): the state of
// one compilation, the per-pack symbol tables and the expression checker.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ast.hpp"
#include "compile.hpp"
#include "ir.hpp"

namespace stancheck::checker_detail {

/// Deepest expression tree the checker walks (a safety net: the parser already limits syntactic
/// nesting to 200 levels and the tree, with left-deep operator chains, to 1000).
inline constexpr int max_depth = 1100;

/// What the checker knows about a predicate before and after its body is checked.
struct predicate_sig {
  std::vector<bool> needs_nodes;  // per parameter: used as a node set (path base, count(), ...)
  bool uses_evidence = false;     // the body calls passed(), directly or through a predicate
  bool used = false;
  bool checked = false;
  uint64_t cost_size = 1;   // the body's size with every predicate call expanded (check_cost.cpp)
  uint32_t cost_depth = 1;  // and its depth
  bool too_costly = false;  // over a cost limit (reported once, at the predicate)
};

struct namespace_info {
  std::string uri;
  uint32_t offset = 0;
  bool used = false;
};

/// A table or predicate visible in a pack: which pack owns it and its index there.
struct visible_name {
  uint32_t pack = 0;
  uint32_t index = 0;
};

/// One pack being compiled; parallel to rule_set::packs.
struct pack_state {
  const ast::file* file = nullptr;
  const ast::pack* ast = nullptr;
  source_ptr source;
  std::map<std::string, namespace_info> namespaces;  // prefix → URI; "default" = unprefixed names
  std::unordered_map<std::string, visible_name> tables;      // visible (local and imported)
  std::unordered_map<std::string, visible_name> predicates;  // visible (local and imported)
  std::vector<predicate_sig> preds;   // local predicates
  std::vector<bool> table_used;       // local tables
  std::vector<uint32_t> import_offsets;  // parallel to ir::pack::imports
};

/// The state of one compilation.
struct compiler {
  compile_result& out;
  std::vector<pack_state> packs;  // parallel to out.rules.packs
  std::unordered_map<std::string, uint32_t> pack_ids;
  struct rule_site {
    uint32_t pack = 0, rule = 0;
  };
  std::unordered_map<std::string, rule_site> rule_ids;

  void error(const source_ptr& src, uint32_t offset, std::string message);
  void warning(const source_ptr& src, uint32_t offset, std::string message);
  /// "a.rules:3:7" for "first defined at ..." messages.
  static std::string where(const source_ptr& src, uint32_t offset);
};

/// The closest candidate to `name` (small edit distance), or "".
std::string closest(std::string_view name, const std::vector<std::string>& candidates);
/// " (did you mean 'x'?)" or "".
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);
/// "a voltage (V)", "a string", "a node set" — for type messages.
std::string describe(ir::type t, const ir::dimension& dim, bool any_dim = false);
std::string describe(const ir::expr& e);
/// Validates a clause reference against the documented formats.
bool valid_clause(std::string_view ref);
/// Days since 1970-01-01 of a "YYYY-MM-DD" literal (no time part), or nullopt.
std::optional<int32_t> parse_date_literal(std::string_view text);
/// Is `text` a severity name; sets `out`.
bool parse_severity(std::string_view text, severity& out);

// ---- constant folding (check_fold.cpp) ----

/// Three-way comparison of two constants of comparable types (<0, 0, >0).
int compare_constants(const ir::constant& a, const ir::constant& b);
/// Folds a comparison, arithmetic or boolean operator over constants; nullopt when it cannot.
std::optional<ir::constant> fold_binary(ir::op o, const ir::constant& a, const ir::constant& b);
std::optional<ir::constant> fold_unary(ir::op o, const ir::constant& a);
/// A key equal for structurally identical expressions (same path, same variable, ...).
std::string structural_key(const ir::pack& p, ir::expr_id e);
/// Given the conjuncts of an `and` chain, the index of the first one that contradicts the ones
/// before it (same subject compared with constants that cannot all hold), or nullopt.
std::optional<std::size_t> find_contradiction(const ir::pack& p, const std::vector<ir::expr_id>& conjuncts);

ir::constant make_bool(bool b);
ir::constant make_number(double v);
ir::constant make_string(std::string s);

/// A variable in scope while checking an expression.
struct variable {
  std::string name;
  uint32_t slot = 0;
  ir::type t = ir::type::nodes;
  ir::dimension dim;
  bool any_dim = false;
  int param = -1;       // parameter index inside a predicate body, else -1
  bool used = false;
  bool is_let = false;
  uint32_t offset = 0;
};

/// The result of checking one AST expression: its IR node, or an error already reported.
struct checked {
  ir::expr_id id = ir::no_expr;
  bool error = false;
};

/// Checks expressions of one pack into its IR arena; one instance per rule or predicate body.
class expr_checker {
public:
  expr_checker(compiler& c, uint32_t pack_index);

  /// Checks any expression.
  checked check(ast::expr_id e, int depth = 1);
  /// Checks an expression used as a condition (`require`, `and`, a predicate body...):
  /// booleans and node sets (true when not empty) are accepted.
  checked condition(ast::expr_id e, const char* what, int depth = 1);
  /// Checks a path expression (or a bare node-set variable) into a pack path; nullopt on error.
  std::optional<uint32_t> path(ast::expr_id e, int depth);
  /// Checks the `for each` context: an element path without variables.
  std::optional<uint32_t> context(ast::expr_id e);

  /// Declares a variable in the current scope; returns its slot (reports redefinitions).
  uint32_t declare(variable v);
  /// Leaves scopes back to `n` variables, warning about unused quantifier variables.
  void pop_to(std::size_t n);

  std::vector<variable> vars;
  uint32_t next_slot = 0;
  uint32_t slot_count = 0;
  int defining_predicate = -1;  // local index of the predicate whose body is checked
  bool uses_evidence = false;
  /// Offsets of conditions found contradictory, keyed by the folded IR node.
  std::unordered_map<ir::expr_id, uint32_t> contradictions;
  /// Step predicates that can never be true (offset), in paths checked so far.
  std::vector<uint32_t> dead_predicates;

  compiler& comp;
  uint32_t pack_index;

  pack_state& state() { return comp.packs[pack_index]; }
  ir::pack& ir() { return comp.out.rules.packs[pack_index]; }
  const ast::expr& node(ast::expr_id e) const { return file_->exprs[e]; }
  void error(uint32_t offset, std::string message);
  void warning(uint32_t offset, std::string message);
  ir::expr_id add(ir::expr x);
  const ir::expr& at(ir::expr_id id) { return ir().exprs[id]; }
  bool is_constant(ir::expr_id id) { return at(id).kind == ir::expr_kind::constant; }
  checked constant(ir::constant c, uint32_t offset);

private:
  checked literal(const ast::expr& x, ast::expr_id e);
  checked variable_ref(const ast::expr& x);
  checked call(const ast::expr& x, int depth);
  checked builtin_call(const ast::expr& x, ir::builtin fn, int depth);
  checked predicate_call(const ast::expr& x, visible_name callee, int depth);
  checked lookup_call(const ast::expr& x, int depth);
  checked unary(const ast::expr& x, int depth);
  checked binary(const ast::expr& x, int depth);
  checked logical(const ast::expr& x, int depth);
  checked comparison(const ast::expr& x, int depth);
  checked arithmetic(const ast::expr& x, int depth);
  checked in_set(const ast::expr& x, int depth);
  checked in_range(const ast::expr& x, int depth);
  checked in_table(const ast::expr& x, int depth);
  checked matches(const ast::expr& x, int depth);
  checked quantifier(const ast::expr& x, int depth);
  checked path_expr(ast::expr_id e, int depth);

  /// Can a value of expression `a` be compared with `b`? Reports at `offset` when not.
  bool comparable(const ir::expr& a, const ir::expr& b, uint32_t offset, bool ordering);
  /// Marks a parameter used as a node set.
  void need_nodes(ir::expr_id id);
  std::optional<ir::step> step(const ast::expr& s, bool& attribute_seen, int depth, bool& context);
  std::optional<std::string> bare_name(ast::expr_id e) const;
  variable* find_var(std::string_view name);
  std::vector<std::string> var_names() const;
  /// The name of a table visible in this pack, resolved; marks it used.
  std::optional<visible_name> find_table(std::string_view name, uint32_t offset);
  const ir::table& table_at(visible_name v);

  const ast::file* file_;
  bool in_context_ = false;
  const ast::expr* chain_member_ = nullptr;  // an `and` operand that is itself an `and`
};

/// Evaluation cost bounds (check_cost.cpp): a predicate call costs its whole body, so chains of
/// predicates that call the previous one twice would grow exponentially, and chains of single
/// calls would nest the evaluator as deep as the chain is long.
struct expr_cost {
  uint64_t size = 0;   // operations with every predicate call expanded (saturates at the limit)
  uint32_t depth = 0;  // nesting with every predicate call expanded
  bool tainted = false;  // calls a predicate already reported as too costly
};
inline constexpr uint64_t max_expanded_size = 100000;
inline constexpr uint32_t max_expanded_depth = 1000;
/// The expanded cost of `e` in pack `pack_index`; called predicates must already have their cost.
expr_cost expanded_cost(const compiler& c, uint32_t pack_index, ir::expr_id e);
/// The expanded cost of the step predicates of path `path_index` of pack `pack_index`.
expr_cost expanded_path_cost(const compiler& c, uint32_t pack_index, uint32_t path_index);
/// Reports at `offset` when `cost` exceeds a limit ("what" names the rule or predicate); true if ok.
/// A tainted cost is not ok but reports nothing more: its cause is already reported.
bool check_cost(compiler& c, uint32_t pack_index, uint32_t offset, const std::string& what, expr_cost cost);

/// Pack-level checks (check_pack.cpp).
void declare_pack_names(compiler& c, uint32_t pack_index);
void resolve_imports(compiler& c, uint32_t pack_index);
void check_pack(compiler& c, uint32_t pack_index);
void warn_unused(compiler& c, uint32_t pack_index);
/// Profiles and waivers (check_profile.cpp), after every pack is checked.
void check_profiles(compiler& c, const std::vector<std::pair<const ast::file*, source_ptr>>& files);
void check_waivers(compiler& c, const std::vector<std::pair<const ast::file*, source_ptr>>& files);

}  // namespace stancheck::checker_detail
