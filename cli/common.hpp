// common.hpp — what the subcommands share: the subcommand table, rule loading, terminal colour.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compile.hpp"

namespace CLI { class App; }

namespace stancheck::cli {

/// Exit codes, as documented in the README.
enum exit_status : int { exit_ok = 0, exit_findings = 1, exit_usage = 2, exit_input = 3 };

/// One subcommand: `setup` registers its options on `app` and returns the function that runs it.
struct command {
  const char* name;
  const char* description;
  std::function<int()> (*setup)(CLI::App& app);
};

/// The table read by both dispatch and `--help`.
const std::vector<command>& commands();

std::function<int()> setup_rules(CLI::App& app);
std::function<int()> setup_check(CLI::App& app);
std::function<int()> setup_audit(CLI::App& app);
std::function<int()> setup_diff(CLI::App& app);

/// The shipped packs: next to an installed binary (../share/stancheck/rules), else the source tree.
std::string default_rules_dir();

/// Compiles packs (default: the shipped ones) and waivers; prints diagnostics to stderr.
/// Returns nothing when any pack has an error (the caller exits with 2).
std::optional<compile_result> load_rules(std::vector<std::string> paths,
                                         const std::vector<std::string>& waivers, bool quiet);

/// Whether to colour output for `mode` (auto|always|never) on the given stream (1 = stdout, 2 = stderr).
bool use_color(const std::string& mode, int fd);

/// The whole content of a file, or nothing when it cannot be read.
std::optional<std::string> read_file(const std::string& path);

/// Today's date in UTC as YYYY-MM-DD.
std::string today_utc();

}  // namespace stancheck::cli
