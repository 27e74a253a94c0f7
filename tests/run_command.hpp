// run_command.hpp — runs the real stancheck binary in tests and captures its output and exit code.
#pragma once

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace stancheck::test {

struct command_result {
  int exit_code = -1;
  std::string out;  // standard output
  std::string err;  // standard error
};

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// A fresh scratch folder under the system temp dir, removed when the object dies.
struct scratch_dir {
  std::filesystem::path path;
  explicit scratch_dir(const std::string& name) {
    path = std::filesystem::temp_directory_path() /
           ("stancheck-test-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~scratch_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::filesystem::path write(const std::string& rel, const std::string& text) const {
    auto p = path / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
};

/// Runs `stancheck ARGS` (ARGS already shell-quoted) from the repository root.
inline command_result run_stancheck(const std::string& args,
                                    const std::string& env = "NO_COLOR=1") {
  static int counter = 0;
  auto dir = std::filesystem::temp_directory_path();
  auto tag = std::to_string(::getpid()) + "-" + std::to_string(counter++);
  auto out = dir / ("stancheck-out-" + tag), err = dir / ("stancheck-err-" + tag);
  std::string cmd = "cd '" STANCHECK_ROOT_DIR "' && env " + env + " '" STANCHECK_BINARY "' " +
                    args + " >'" + out.string() + "' 2>'" + err.string() + "' </dev/null";
  int status = std::system(cmd.c_str());
  command_result r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return r;
}

/// While alive, files this process (and the children it starts) writes cannot grow past
/// `bytes`: a write past the limit fails with EFBIG, as on a full disk (SIGXFSZ is ignored).
struct file_size_limit {
  struct sigaction old_action {};
  rlimit old_limit{};
  explicit file_size_limit(rlim_t bytes) {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGXFSZ, &ignore, &old_action);
    ::getrlimit(RLIMIT_FSIZE, &old_limit);
    rlimit small = old_limit;
    small.rlim_cur = bytes;
    ::setrlimit(RLIMIT_FSIZE, &small);
  }
  ~file_size_limit() {
    ::setrlimit(RLIMIT_FSIZE, &old_limit);
    ::sigaction(SIGXFSZ, &old_action, nullptr);
  }
  file_size_limit(const file_size_limit&) = delete;
  file_size_limit& operator=(const file_size_limit&) = delete;
};

/// "cat/aaa.../bbb..." twelve levels of 250-character names: ~3 KB, so a few hundred files
/// under it make discovery's list records pass its store's 1 MiB buffer.
inline std::string deep_dir() {
  std::string deep = "cat";
  for (int level = 0; level < 12; ++level) deep += "/" + std::string(250, char('a' + level));
  return deep;
}

}  // namespace stancheck::test
