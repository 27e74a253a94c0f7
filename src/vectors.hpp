// vectors.hpp — the test-vector runner behind `stancheck rules test`: expectations written next to
// their cause (`<!-- expect: RULE-ID -->` before the offending element) compared with real findings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ir.hpp"

namespace stancheck {

/// An expectation: a finding of `rule` on the element that starts on `line` of `file`.
struct expectation {
  std::string file;
  uint32_t line = 0;
  std::string rule;
  uint32_t comment_line = 0;  // where the expect comment is, for messages
};

/// Reads every `<!-- expect: A, B -->` comment in an XML text; each refers to the next element
/// start tag after the comment. `<!-- as-of: YYYY-MM-DD -->` sets `as_of` when present.
std::vector<expectation> read_expectations(std::string_view xml, const std::string& file,
                                           std::string* as_of = nullptr);

struct vector_report {
  std::string text;       // the human report, one line per vector plus problems
  uint32_t vectors = 0;
  uint32_t failures = 0;  // vectors with a mismatch, plus coverage problems
  bool ok() const { return failures == 0 && vectors > 0; }
};

/// Runs every vector under each root (`<root>/<pack-id>/<vector>` where a vector is an XML
/// file or a folder) and checks that every rule of every tested pack has at least one failing
/// and one passing vector.
vector_report run_vectors(const ir::rule_set& rules, const std::vector<std::string>& roots);

}  // namespace stancheck
