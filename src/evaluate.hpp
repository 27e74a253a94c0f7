// evaluate.hpp — evaluates compiled rules on one element: the context pattern, `let`s, the
// condition and the message/fix templates, with the semantics of docs/language.md.
//
// External interface: `evaluator` (one per worker thread, reused for every bundle). Values live
// in per-check scratch arenas, so checking an element allocates nothing in the common case.
// Problems found while evaluating (a document value with the wrong unit, a value that is not a
// number or date) are recorded on the check and make the requirement fail with an explanation.
//
// Semantics decided here (docs/language.md leaves them open):
// - a node's value is its text (an attribute's value; an element's descendant text);
// - comparing text with a typed value converts the text (quantity, number, date, version,
//   boolean); text that does not convert is a problem, and an empty text is the empty value;
//   two texts compare as text for = and !=, and by magnitude for < <= > >= when both read as
//   quantities of one dimension; `not in` on the empty value is false, like every comparison;
// - passed(ID [, AGE]): a test of the bundle matches when its id (or name) is ID or ends with
//   ".ID" or "/ID"; it counts when its verdict is pass and, with AGE, it is dated no earlier than
//   as-of - AGE (an undated test cannot show that it is recent; without AGE it counts). When no
//   test matches at all the evidence is missing: the rule is evaluated again as if it had
//   passed, and if it then holds the finding is marked missing_evidence (else it is a real
//   failure);
// - a context pattern `a/b//c[p]` matches an element c satisfying p that has an ancestor b
//   whose parent is an a; a relative pattern matches anywhere, `/a/...` only from the root;
//   problems met while matching a context are ignored (the element simply does not match).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bundle.hpp"
#include "dispatch.hpp"
#include "value.hpp"

namespace stancheck::eval {

/// What checking one rule on one element gave.
struct outcome {
  bool finding = false;           // the requirement is violated (or could not be evaluated)
  bool missing_evidence = false;  // it is violated only because a passed() test is never mentioned
  std::vector<std::string>
      problems;  // why document values could not be used, e.g. "value '28 Hz' is not a voltage"
  std::vector<std::string> missing_tests;  // test ids passed() asked for that no report mentions
};

class evaluator {
 public:
  /// Work one check (one rule on one element, or one context match, or one template) may do:
  /// expressions evaluated plus nodes visited. A check that would do more stops and fails with
  /// a problem, so no pack (nested quantifiers or predicates over `//*`) can run for ever.
  static constexpr uint64_t max_steps = 10'000'000;

  evaluator(const plan& p, ns_resolver& r);

  /// Starts a bundle: its test evidence and the as-of date (days since 1970-01-01). Forgets the
  /// memoized context predicates: call it whenever the documents in hand change.
  void begin_bundle(const std::vector<test_case>* tests, int32_t as_of);

  /// Does `e` match every step of the rule's context pattern (ancestors, predicates)? The
  /// dispatch index already matched the last step's name.
  bool matches_context(uint32_t flat_rule, pugi::xml_node e);
  /// Evaluates the rule's lets and condition with `.` = e.
  outcome check(uint32_t flat_rule, pugi::xml_node e);
  /// Fills a template in the state of the last check (its lets stay bound).
  std::string fill(const std::vector<ir::template_part>& parts);

  /// Evaluates one expression of pack `pack` with `.` = `context` in a fresh frame of
  /// `slot_count` slots (for tests and tools).
  value evaluate(uint32_t pack, ir::expr_id e, pugi::xml_node context, uint32_t slot_count = 0);
  /// Readable text of a value returned by the last evaluation (nodes → their text).
  std::string text_of(const value& v);
  /// Truth of a value: booleans as they are, node sets when non-empty, numbers when non-zero,
  /// strings when non-empty, the empty value false.
  static bool truthy(const value& v) {
    switch (v.t) {
      case ir::type::empty:
        return false;
      case ir::type::nodes:
        return v.count > 0;
      case ir::type::string:
      case ir::type::version:
        return !v.str.empty();
      default:
        return v.num != 0;
    }
  }
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  static constexpr std::size_t all = SIZE_MAX;
  /// Evaluates an expression; a path stops after `limit` nodes (1 where only the first node or
  /// existence matters: comparisons, conditions, string functions).
  value eval(ir::expr_id id, std::size_t limit = all);
  value eval_expr(const ir::expr& x, std::size_t limit);
  value eval_path(const cpath& p, std::size_t limit = all);
  value eval_call(const ir::expr& x);
  value eval_predicate_call(const ir::expr& x, std::size_t limit);
  value eval_passed(const ir::expr& x);
  bool compare(ir::op o, value a, value b);
  value arith(ir::op o, value a, value b);
  bool in_table(uint32_t pack, uint32_t table, value x);
  /// For tables keyed by numbers, quantities or dates: the matching key (null inside when none);
  /// null when the table is not such a table.
  const ir::constant* const* numeric_key(uint32_t pack, uint32_t table, value x);
  const ir::table* table_at(uint32_t pack, uint32_t table) const;

  // Paths.
  void apply_step(const cstep& s, node_ref n, std::size_t dedup_from, std::size_t room);
  bool name_test(const cstep& s, pugi::xml_node e);
  bool attr_test(const cstep& s, pugi::xml_node owner, pugi::xml_attribute a);
  void filter(const cstep& s, std::size_t from, std::size_t limit);
  bool match_step(const cpath& p, std::size_t i, pugi::xml_node n);
  bool predicates_hold(const cstep& s, pugi::xml_node n);

  // Values.
  value scalar(const value& v);  // first node's text as a string; others unchanged
  std::string_view node_text(const node_ref& n);
  std::string_view keep(std::string s);
  void problem(std::string text);
  bool convert(value& s, const value& like);  // converts string `s` to like's type
  void reset_scratch();
  void start_frame(uint32_t slot_count);

  const plan* plan_;
  ns_resolver* resolver_;
  const std::vector<test_case>* tests_ = nullptr;
  int32_t as_of_ = 0;

  uint32_t pack_ = 0;  // pack whose exprs are being evaluated
  node_ref current_;   // `.`
  std::vector<value> slots_;
  std::size_t base_ = 0;
  std::vector<node_ref> nodes_;      // node-set arena
  std::deque<std::string> strings_;  // computed strings (stable addresses)
  std::vector<std::string> problems_;
  bool record_problems_ = true;
  bool missing_evidence_ = false;  // a passed() test is mentioned by no report
  std::vector<std::string> missing_tests_;
  bool assume_evidence_ = false;  // re-evaluation: unmentioned tests count as passed
  uint32_t depth_ = 0;
  // Truth of memoizable context predicates on the nodes of the current bundle, so a parent
  // step (`eid:interface[is_4609(.)]`) or a shared guard (`[in_0601(.)]`) is evaluated once per
  // node, not once per rule. Lossy direct-mapped cache; entries of older bundles are stale.
  struct memo_slot {
    const void* node = nullptr;
    uint32_t id = 0;
    uint32_t generation = 0;
    bool truth = false;
  };
  static constexpr std::size_t memo_size = 16384;
  std::vector<memo_slot> memo_;
  uint32_t memo_generation_ = 1;
  memo_slot& memo_at(const void* node, uint32_t id) {
    auto v = reinterpret_cast<std::uintptr_t>(node);
    return memo_[((v >> 4) ^ (v >> 13) ^ (id * 0x9E3779B1u)) & (memo_size - 1)];
  }
  // Results of `matches` by (regular expression, text): attribute values repeat across a
  // catalogue (standards, tags, codecs), and a match costs far more than a lookup. Lossy,
  // direct-mapped; texts longer than cached_text_max (shared with quantity_cache_) are not
  // kept. A match is a pure function of the two, so a hit can never change a result.
  struct regex_slot {
    const void* re = nullptr;
    std::size_t hash = 0;
    std::string text;
    bool result = false;
  };
  static constexpr std::size_t regex_cache_size = 1024;
  static constexpr std::size_t cached_text_max = 96;
  std::vector<regex_slot> regex_cache_;
  bool regex_match(const re2::RE2& re, std::string_view text);
  // Texts read as numbers or quantities (units::parse_quantity), by text: the same attribute
  // is converted by every rule that compares it. Same scheme as regex_cache_.
  struct parsed_quantity {
    ir::type t = ir::type::empty;
    double num = 0;
    ir::dimension dim;
  };
  struct quantity_slot {
    std::size_t hash = 0;
    std::string text;
    bool used = false;
    std::optional<parsed_quantity> q;
  };
  static constexpr std::size_t quantity_cache_size = 1024;
  std::vector<quantity_slot> quantity_cache_;
  std::optional<parsed_quantity> quantity_of(std::string_view text);
  // Sibling groups (cpath::sibling_group): a parent's children that pass the step's name test,
  // by their key values, built on first use in a bundle. `tags` has per key the kinds of value
  // seen (1 text, 2 boolean): a probe of another kind would convert, so it takes the general path.
  struct sibling_index {
    bool usable = true;
    std::vector<uint8_t> tags;
    std::unordered_map<std::string, std::vector<node_ref>> members;
  };
  struct group_key {
    const void* parent = nullptr;
    uint32_t id = 0;
    bool assumed = false;  // built while re-evaluating with assumed evidence (passed() differs)
    bool operator==(const group_key&) const = default;
  };
  struct group_key_hash {
    std::size_t operator()(const group_key& k) const {
      return std::hash<const void*>()(k.parent) ^ (std::size_t{k.id} * 0x9E3779B97F4A7C15ull) ^
             k.assumed;
    }
  };
  std::unordered_map<group_key, sibling_index, group_key_hash> groups_;
  /// The value of a grouped path from `.`, or nullopt when the general path must decide.
  std::optional<value> eval_grouped(const cpath& p, std::size_t limit);
  void build_group(sibling_index& ix, const cpath& p, pugi::xml_node parent);
  /// Appends the scalar of `v` to `key`, tagged by kind; returns the tag (1 text, 2 boolean),
  /// -1 for the empty value (appends nothing), 0 for a kind the index cannot hold.
  int group_part(const value& v, std::string& key);

  // Problems raised and tests found missing, counted even when not recorded or already listed:
  // a call is memoized only when its evaluation raised none (a hit must not hide one).
  uint64_t effects_ = 0;
  uint64_t steps_ = 0;      // work done by the current check, against max_steps
  bool exhausted_ = false;  // the budget is spent: every evaluation returns empty at once
  /// Counts `n` units of work; false once the budget is spent (reported once as a problem).
  bool charge(uint64_t n = 1) {
    steps_ += n;
    return steps_ <= max_steps || over_budget();
  }
  bool over_budget();  // the slow path of charge(): reports the exhausted budget once
};

}  // namespace stancheck::eval
