// compile.hpp — the rule-pack front end: loads .rules files, parses them and checks them into the
// typed rule IR (src/ir.hpp), reporting every problem as a located diagnostic.
//
// External interface: compile_files() for paths on disk, compile_sources() for texts in memory.
// Neither throws on bad input: syntax errors, unknown names, type and unit errors, unreadable
// files all become diagnostics (errors and warnings), sorted by file and byte offset.
#pragma once

#include <string>
#include <vector>

#include "ir.hpp"
#include "source.hpp"

namespace stancheck {

struct compile_result {
  ir::rule_set rules;
  std::vector<diagnostic> diagnostics;  // errors and warnings, in file order
  /// No errors (warnings allowed).
  bool ok() const { return !has_errors(diagnostics); }
};

/// Loads and checks rule-pack files; a directory is searched recursively for *.rules (sorted, so
/// the result is deterministic). `waiver_files` hold only waivers (same syntax). A file named
/// twice is loaded once. Unreadable files are diagnostics without a source.
compile_result compile_files(const std::vector<std::string>& paths,
                             const std::vector<std::string>& waiver_files = {});

/// Checks rule-pack texts already in memory (`waivers` may hold only waivers).
compile_result compile_sources(const std::vector<source_ptr>& packs,
                               const std::vector<source_ptr>& waivers = {});

/// The *.rules files under `dir` (recursively, symlinked directories not followed), sorted by
/// path; `dir` itself when it is not a directory. An unreadable directory (error) or one without
/// any *.rules file (warning) is reported in `errors`.
std::vector<std::string> find_rule_files(const std::string& dir, std::vector<diagnostic>& errors);

}  // namespace stancheck
