// cmd_check.cpp — `stancheck check` and `stancheck audit`: one engine run, any mix of reports.
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <thread>

#include "atomic_file.hpp"
#include "baseline.hpp"
#include "common.hpp"
#include "engine.hpp"
#include "report.hpp"

namespace stancheck::cli {
namespace {

struct check_options {
  bool audit = false;
  std::vector<std::string> inputs;
  std::vector<std::string> rules;
  std::string profile;
  std::vector<std::string> waivers;
  std::string fail_on = "error";
  unsigned jobs = 0;
  std::string as_of;
  std::string format = "text";
  std::vector<std::string> outputs;  // FMT=PATH
  std::string baseline;
  std::string color = "auto";
  bool quiet = false;
  uint64_t max_file_size = 256ull << 20;
};

std::optional<severity> parse_threshold(const std::string& s) {
  if (s == "error") return severity::error;
  if (s == "warning") return severity::warning;
  if (s == "info") return severity::info;
  return std::nullopt;  // never
}

/// A one-line progress bar on a terminal: files done/total, rate, ETA.
class progress_bar {
 public:
  explicit progress_bar(bool enabled) : enabled_(enabled), start_(clock::now()) {}
  void update(std::size_t done, std::size_t total) {
    if (!enabled_ || total == 0) return;
    auto now = clock::now();
    if (done < total && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    double secs = std::chrono::duration<double>(now - start_).count();
    double rate = secs > 0 ? done / secs : 0;
    double eta = rate > 0 ? (total - done) / rate : 0;
    int width = 30, fill = static_cast<int>(width * done / total);
    std::fprintf(stderr, "\r[%s%s] %zu/%zu items  %.0f/s  ETA %.0fs ",
                 std::string(fill, '#').c_str(), std::string(width - fill, '.').c_str(), done,
                 total, rate, eta);
    if (done == total) std::fputs("\r\033[K", stderr);
  }

 private:
  using clock = std::chrono::steady_clock;
  bool enabled_;
  clock::time_point start_, last_{};
};

int run_check(const check_options& o) {
  auto threshold_ok = o.fail_on == "never" || parse_threshold(o.fail_on);
  if (!threshold_ok) {
    std::fprintf(stderr, "stancheck: --fail-on must be error, warning, info or never\n");
    return exit_usage;
  }
  std::optional<report_format> stdout_format = parse_format(o.format);
  if (!stdout_format) {
    std::fprintf(stderr, "stancheck: unknown format '%s'\n", o.format.c_str());
    return exit_usage;
  }
  std::vector<std::pair<report_format, std::string>> files;
  for (const auto& spec : o.outputs) {
    auto eq = spec.find('=');
    auto f = eq == std::string::npos ? std::nullopt : parse_format(spec.substr(0, eq));
    if (!f || eq + 1 >= spec.size()) {
      std::fprintf(stderr, "stancheck: --output wants FORMAT=PATH, got '%s'\n", spec.c_str());
      return exit_usage;
    }
    files.emplace_back(*f, spec.substr(eq + 1));
  }
  std::optional<std::string> baseline_text;
  if (!o.baseline.empty()) {
    baseline_text = read_file(o.baseline);
    if (!baseline_text) {
      std::fprintf(stderr, "stancheck: cannot read baseline %s\n", o.baseline.c_str());
      return exit_usage;
    }
  }
  auto loaded = load_rules(o.rules, o.waivers, o.quiet);
  if (!loaded) return exit_usage;
  const ir::rule_set& rules = loaded->rules;
  if (!o.profile.empty() &&
      std::none_of(rules.profiles.begin(), rules.profiles.end(),
                   [&](const ir::profile& p) { return p.name == o.profile; })) {
    std::fprintf(stderr, "stancheck: unknown profile '%s'\n", o.profile.c_str());
    return exit_usage;
  }

  try {
    as_of_days(o.as_of);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "stancheck: --as-of: %s\n", e.what());
    return exit_usage;
  }
  engine_options eo;
  eo.inputs = o.inputs;
  eo.profile = o.profile;
  eo.as_of = o.as_of.empty() ? today_utc() : o.as_of;
  eo.jobs = o.jobs;
  eo.max_file_size = o.max_file_size;
  // Results go to a temporary file and the reports are streamed, so memory does not grow with
  // the catalogue. A baseline rewrites the findings of every system, so it keeps them in memory.
  eo.spool = !baseline_text;
  progress_bar bar(o.audit && !o.quiet && isatty(2));
  eo.progress = [&bar](std::size_t done, std::size_t total) { bar.update(done, total); };
  run_result result = run_engine(rules, eo);

  std::vector<fixed_finding> fixed;
  if (baseline_text) {
    auto applied = apply_baseline(std::move(result), *baseline_text);
    if (!applied) {
      std::fprintf(stderr, "stancheck: %s: %s\n", o.baseline.c_str(), applied.error.c_str());
      return exit_usage;
    }
    result = std::move(applied.result);
    fixed = std::move(applied.fixed);
  }

  report_options ro;
  ro.jobs = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  ro.working_dir = std::filesystem::current_path().string();
  ro.audit = o.audit;
  if (baseline_text) ro.fixed = &fixed;
  int rc = exit_ok;
  for (const auto& [fmt_kind, path] : files) {
    report_options file_ro = ro;
    file_ro.color = false;
    try {
      atomic_writer w(path);
      render_report_to(result, fmt_kind, file_ro, [&w](std::string_view piece) { w.write(piece); });
      w.commit();
    } catch (const write_error& e) {  // "cannot write PATH: reason"; any other failure (the
                                      // result spool unreadable) is the run's, not the file's
      std::fprintf(stderr, "stancheck: %s\n", e.what());
      rc = exit_input;
    }
  }
  ro.color = use_color(o.color, 1);
  render_report_to(result, *stdout_format, ro, [](std::string_view piece) {
    std::fwrite(piece.data(), 1, piece.size(), stdout);
  });
  std::fflush(stdout);
  if (!o.quiet) std::fprintf(stderr, "%s\n", one_line_summary(result).c_str());
  int code = exit_code(result, o.fail_on == "never" ? std::nullopt : parse_threshold(o.fail_on));
  return std::max(code == exit_findings && rc == exit_input ? exit_input : code, rc);
}

std::function<int()> setup(CLI::App& app, bool audit) {
  auto o = std::make_shared<check_options>();
  o->audit = audit;
  app.add_option("paths", o->inputs, "documents, folders or catalogue files")->required();
  app.add_option("--rules", o->rules,
                 "rule pack file or folder (repeatable; default: the shipped packs)")
      ->allow_extra_args(false);
  app.add_option("--profile", o->profile,
                 "profile selecting packs and rules (ci-default, accession, audit-full)");
  app.add_option("--waivers", o->waivers, "file of waivers (repeatable)")->allow_extra_args(false);
  app.add_option("--fail-on", o->fail_on,
                 "lowest severity that fails the run: error|warning|info|never")
      ->capture_default_str();
  app.add_option("-j,--jobs", o->jobs, "worker threads (default: number of cores)");
  app.add_option("--as-of", o->as_of,
                 "reference date YYYY-MM-DD for evidence age and waivers (default: today)");
  app.add_option("-f,--format", o->format,
                 "format on standard output: text|json|sarif|junit|csv|markdown|github|html")
      ->capture_default_str();
  app.add_option("-o,--output", o->outputs,
                 "also write FORMAT=PATH (repeatable), e.g. sarif=out.sarif")
      ->allow_extra_args(false);
  app.add_option("--baseline", o->baseline,
                 "previous JSON report: show only new findings, list fixed ones");
  app.add_option("--color", o->color, "auto|always|never (NO_COLOR is respected)")
      ->capture_default_str();
  app.add_option("--max-file-size", o->max_file_size, "largest input file in bytes")
      ->capture_default_str();
  app.add_flag("-q,--quiet", o->quiet, "no progress bar or summary line on stderr");
  return [o] { return run_check(*o); };
}

}  // namespace

std::function<int()> setup_check(CLI::App& app) { return setup(app, false); }
std::function<int()> setup_audit(CLI::App& app) { return setup(app, true); }

}  // namespace stancheck::cli
