// cmd_rules.cpp — `stancheck rules lint|list|show|test|doc`: working with rule packs.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

#include "atomic_file.hpp"
#include "common.hpp"
#include "pack_docs.hpp"
#include "vectors.hpp"

namespace fs = std::filesystem;

namespace stancheck::cli {
namespace {

struct rules_options {
  std::vector<std::string> paths;      // lint: packs to check
  std::vector<std::string> rules;      // --rules for list/show/test/doc
  std::string rule_id;                 // show
  std::string out_dir = "docs/packs";  // doc
  std::vector<std::string> vectors;    // test
  bool quiet = false;
};

int run_lint(const rules_options& o) {
  auto paths = o.paths.empty() ? std::vector<std::string>{default_rules_dir()} : o.paths;
  compile_result r = compile_files(paths, {});
  std::fputs(render_diagnostics(r.diagnostics).c_str(), stderr);
  std::size_t errors = 0, warnings = 0, rules = 0;
  for (const auto& d : r.diagnostics) (d.level == severity::error ? errors : warnings)++;
  for (const auto& p : r.rules.packs) rules += p.rules.size();
  if (!o.quiet)
    std::fprintf(
        stderr,
        "stancheck: %zu pack(s), %zu rule(s), %zu profile(s): %zu error(s), %zu warning(s)\n",
        r.rules.packs.size(), rules, r.rules.profiles.size(), errors, warnings);
  return r.ok() ? exit_ok : exit_usage;
}

int run_list(const rules_options& o) {
  auto loaded = load_rules(o.rules, {}, true);
  if (!loaded) return exit_usage;
  std::size_t w_id = 2, w_sev = 8, w_std = 8;
  for (const auto& p : loaded->rules.packs)
    for (const auto& r : p.rules) {
      w_id = std::max(w_id, r.id.size());
      w_std = std::max(w_std, p.standard.size());
    }
  std::string out = fmt::format("{:<{}}  {:<{}}  {:<{}}  {}\n", "ID", w_id, "SEVERITY", w_sev,
                                "STANDARD", w_std, "TITLE");
  for (const auto& p : loaded->rules.packs)
    for (const auto& r : p.rules)
      out += fmt::format("{:<{}}  {:<{}}  {:<{}}  {}\n", r.id, w_id, to_string(r.level), w_sev,
                         p.standard, w_std, r.title);
  std::fputs(out.c_str(), stdout);
  return exit_ok;
}

int run_show(const rules_options& o) {
  auto loaded = load_rules(o.rules, {}, true);
  if (!loaded) return exit_usage;
  for (const auto& p : loaded->rules.packs)
    for (const auto& r : p.rules)
      if (r.id == o.rule_id) {
        std::fputs(describe_rule(p, r).c_str(), stdout);
        return exit_ok;
      }
  std::fprintf(stderr, "stancheck: no rule '%s' in the loaded packs\n", o.rule_id.c_str());
  return exit_usage;
}

int run_doc(const rules_options& o) {
  auto loaded = load_rules(o.rules, {}, true);
  if (!loaded) return exit_usage;
  std::error_code ec;
  fs::create_directories(o.out_dir, ec);
  for (auto& [name, text] : pack_pages(loaded->rules)) {
    std::string path = (fs::path(o.out_dir) / name).string();
    if (name == "README.md") {
      std::ifstream in(path, std::ios::binary);
      std::string existing((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      text = merge_index(existing, text);
    }
    std::string error;  // "cannot write PATH: reason"
    if (!write_file_atomic(path, text, &error)) {
      std::fprintf(stderr, "stancheck: %s\n", error.c_str());
      return exit_input;
    }
    if (!o.quiet) std::fprintf(stderr, "wrote %s\n", path.c_str());
  }
  return exit_ok;
}

int run_test(const rules_options& o) {
  auto loaded = load_rules(o.rules, {}, true);
  if (!loaded) return exit_usage;
  std::vector<std::string> roots = o.vectors;
  if (roots.empty())
    roots.push_back((fs::path(default_rules_dir()).parent_path() / "test-vectors").string());
  vector_report rep = run_vectors(loaded->rules, roots);
  std::fputs(rep.text.c_str(), stdout);
  return rep.ok() ? exit_ok : exit_findings;
}

}  // namespace

std::function<int()> setup_rules(CLI::App& app) {
  auto o = std::make_shared<rules_options>();
  app.require_subcommand(1);
  auto* lint =
      app.add_subcommand("lint", "check rule packs (files or folders); exit 2 on any error");
  lint->add_option("paths", o->paths, "pack files or folders (default: the shipped packs)");
  lint->add_flag("-q,--quiet", o->quiet, "no summary line");
  auto* list = app.add_subcommand("list", "list every rule: id, severity, standard, title");
  auto* show = app.add_subcommand("show", "show a rule's full metadata and source");
  show->add_option("id", o->rule_id, "rule id")->required();
  auto* test =
      app.add_subcommand("test", "run the packs' test vectors and compare expected findings");
  test->add_option("vectors", o->vectors,
                   "test-vector folders (default: the shipped test-vectors)");
  auto* doc = app.add_subcommand("doc", "write one Markdown page per pack (docs/packs)");
  doc->add_option("-o,--out", o->out_dir, "output folder");
  doc->add_flag("-q,--quiet", o->quiet, "do not list the files written");
  for (auto* s : {list, show, test, doc})
    s->add_option("--rules", o->rules,
                  "rule pack file or folder (repeatable; default: shipped packs)")
        ->allow_extra_args(false);
  return [o, lint, list, show, test, doc]() -> int {
    if (lint->parsed()) return run_lint(*o);
    if (list->parsed()) return run_list(*o);
    if (show->parsed()) return run_show(*o);
    if (test->parsed()) return run_test(*o);
    if (doc->parsed()) return run_doc(*o);
    return exit_usage;
  };
}

}  // namespace stancheck::cli
