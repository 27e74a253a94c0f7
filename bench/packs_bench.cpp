// packs_bench.cpp — times loading and checking rule packs in process: compile_files() over the
// given paths (default: the shipped rules/), repeated, reporting the median and the minimum.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "compile.hpp"

int main(int argc, char** argv) {
  int iterations = 100;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--iterations" && i + 1 < argc) {
      iterations = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "-h" || arg == "--help") {
      std::puts("usage: packs_bench [--iterations N] [PATH...]   (default: the shipped rules directory)");
      return 0;
    } else {
      paths.push_back(arg);
    }
  }
  if (paths.empty()) paths.push_back(STANCHECK_SOURCE_RULES_DIR);

  std::vector<double> ms;
  std::size_t packs = 0, rules = 0, errors = 0;
  for (int i = 0; i < iterations; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    stancheck::compile_result r = stancheck::compile_files(paths);
    auto t1 = std::chrono::steady_clock::now();
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    if (i == 0) {
      packs = r.rules.packs.size();
      for (const auto& p : r.rules.packs) rules += p.rules.size();
      errors = r.ok() ? 0 : 1;
    }
  }
  std::sort(ms.begin(), ms.end());
  std::printf("{\"iterations\": %d, \"packs\": %zu, \"rules\": %zu, \"errors\": %s, \"median_ms\": %.3f, "
              "\"min_ms\": %.3f, \"max_ms\": %.3f}\n",
              iterations, packs, rules, errors ? "true" : "false", ms[ms.size() / 2], ms.front(), ms.back());
  return errors ? 1 : 0;
}
