// cmd_diff.cpp — `stancheck diff OLD.json NEW.json`: what changed between two audits.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "baseline.hpp"
#include "common.hpp"

namespace stancheck::cli {
namespace {

struct diff_options {
  std::string old_path, new_path;
};

int run_diff(const diff_options& o) {
  auto a = read_file(o.old_path), b = read_file(o.new_path);
  if (!a || !b) {
    std::fprintf(stderr, "stancheck: cannot read %s\n", (!a ? o.old_path : o.new_path).c_str());
    return exit_input;
  }
  auto d = diff_audits(*a, *b);
  if (!d) {
    // The message names the side ("old audit" / "new audit"); say which file that was.
    std::fprintf(stderr, "stancheck: diff %s %s: %s\n", o.old_path.c_str(), o.new_path.c_str(),
                 d.error().c_str());
    return exit_input;
  }
  std::fputs(d->text.c_str(), stdout);
  return d->changed() ? exit_findings : exit_ok;
}

}  // namespace

std::function<int()> setup_diff(CLI::App& app) {
  auto o = std::make_shared<diff_options>();
  app.add_option("old", o->old_path, "the earlier JSON audit")->required();
  app.add_option("new", o->new_path, "the later JSON audit")->required();
  return [o] { return run_diff(*o); };
}

}  // namespace stancheck::cli
