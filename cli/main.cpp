// main.cpp — wires the stancheck subcommands from one table into CLI11 and maps errors to exit
// codes.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "atomic_file.hpp"
#include "common.hpp"
#include "temp_store.hpp"

namespace stancheck::cli {

const std::vector<command>& commands() {
  static const std::vector<command> table = {
      {"check", "check a system's documents against the rule packs (CI gate, self-check)",
       setup_check},
      {"audit", "audit a catalogue: the same checks plus the catalogue summary", setup_audit},
      {"rules", "lint, list, show, test and document rule packs", setup_rules},
      {"diff", "compare two JSON audits: new, fixed and changed verdicts", setup_diff},
  };
  return table;
}

}  // namespace stancheck::cli

int main(int argc, char** argv) {
  using namespace stancheck::cli;
  // SIGINT/SIGTERM/SIGHUP at any point: remove the temporary file of a report being written and
  // exit 128 + signal, so an interrupted run never leaves a partial report and never exits 0.
  stancheck::install_interrupt_cleanup();
  CLI::App app{"stancheck — STANAG conformance and interoperability checks"};
  app.set_version_flag("--version", fmt::format("stancheck {}", STANCHECK_VERSION));
  app.require_subcommand(1);
  std::vector<std::pair<CLI::App*, std::function<int()>>> runs;
  for (const auto& c : commands()) {
    CLI::App* sub = app.add_subcommand(c.name, c.description);
    runs.emplace_back(sub, c.setup(*sub));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? exit_ok : exit_usage;
  }
  try {
    for (auto& [sub, run] : runs)
      if (sub->parsed()) return run();
  } catch (const stancheck::store_error& e) {  // disk full or I/O error in $TMPDIR
    std::fprintf(stderr,
                 "stancheck: error: %s (stancheck keeps its working data there; set TMPDIR to a "
                 "directory with room)\n",
                 e.what());
    return exit_usage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stancheck: internal error: %s\n", e.what());
    return exit_usage;
  }
  return exit_usage;
}
