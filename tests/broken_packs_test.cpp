// broken_packs_test.cpp — the golden suite of broken rule packs: every tests/broken-packs/NN-name.rules
// is compiled and its rendered diagnostics compared with NN-name.expected.
//
// On a mismatch the actual output is printed, ready to paste; STANCHECK_UPDATE_GOLDEN=1 rewrites the
// .expected files instead (review them by eye before committing).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compile.hpp"

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("broken packs: each gives exactly its golden diagnostics") {
  const fs::path dir = fs::path(STANCHECK_TEST_DIR) / "broken-packs";
  const char* update_env = std::getenv("STANCHECK_UPDATE_GOLDEN");
  const bool update = update_env && std::string(update_env) == "1";
  std::vector<fs::path> packs;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".rules") packs.push_back(e.path());
  std::sort(packs.begin(), packs.end());
  CHECK(packs.size() >= 40);
  for (const auto& p : packs) {
    std::string name = "broken-packs/" + p.filename().string();
    CAPTURE(name);
    auto src = std::make_shared<stancheck::source_file>(name, read_file(p));
    std::string actual = stancheck::render_diagnostics(stancheck::compile_sources({src}).diagnostics);
    CHECK_MESSAGE(!actual.empty(), "a broken pack must give at least one diagnostic");
    fs::path expected_path = p;
    expected_path.replace_extension(".expected");
    if (update) {
      std::ofstream(expected_path, std::ios::binary) << actual;
      continue;
    }
    REQUIRE_MESSAGE(fs::exists(expected_path), "missing " << expected_path.string());
    std::string expected = read_file(expected_path);
    CHECK_MESSAGE(actual == expected, "actual output of " << name << ":\n" << actual);
  }
  // Every golden file belongs to a pack.
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".expected") continue;
    fs::path rules = e.path();
    rules.replace_extension(".rules");
    CHECK_MESSAGE(fs::exists(rules), "stale golden file " << e.path().string());
  }
}
