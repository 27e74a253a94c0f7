// common.cpp — rule loading, default pack discovery and colour decisions shared by subcommands.
#include "common.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>

namespace fs = std::filesystem;

namespace stancheck::cli {

namespace {

/// `dir` relative to the working directory when it lies inside it (so reports name
/// `rules/x.rules` wherever the checkout is), else as it is.
std::string inside_cwd(const fs::path& dir) {
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  if (ec || cwd == cwd.root_path()) return dir.string();
  fs::path rel = dir.lexically_relative(cwd);
  if (rel.empty() || *rel.begin() == "..") return dir.string();
  return rel.string();
}

std::string find_rules_dir() {
  if (const char* env = std::getenv("STANCHECK_RULES"); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path().parent_path() / "share" / "stancheck" / "rules";
    if (fs::is_directory(installed, ec)) return installed.string();
  }
  if (fs::is_directory(STANCHECK_INSTALL_RULES_DIR, ec)) return STANCHECK_INSTALL_RULES_DIR;
  return STANCHECK_SOURCE_RULES_DIR;
}

}  // namespace

std::string default_rules_dir() { return inside_cwd(find_rules_dir()); }

std::optional<compile_result> load_rules(std::vector<std::string> paths,
                                         const std::vector<std::string>& waivers, bool quiet) {
  if (paths.empty()) paths.push_back(default_rules_dir());
  compile_result r = compile_files(paths, waivers);
  if (!quiet || !r.ok()) {
    std::string text = render_diagnostics(r.diagnostics);
    std::fputs(text.c_str(), stderr);
  }
  if (!r.ok()) return std::nullopt;
  return r;
}

bool use_color(const std::string& mode, int fd) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  if (const char* nc = std::getenv("NO_COLOR"); nc && *nc) return false;
  if (const char* term = std::getenv("TERM"); term && std::string_view(term) == "dumb")
    return false;
  return isatty(fd) != 0;
}

std::optional<std::string> read_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return std::nullopt;
  std::string out;
  char buf[65536];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
  bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return std::nullopt;
  return out;
}

std::string today_utc() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

}  // namespace stancheck::cli
