// golden_runs_test.cpp — whole runs of the real binary over the shipped test vectors and example
// catalogue, compared byte for byte with golden files; and determinism across jobs and input order.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "run_command.hpp"

using stancheck::test::run_stancheck;
using stancheck::test::slurp;

namespace {

const std::string golden_dir = std::string(STANCHECK_TEST_DIR) + "/golden/runs/";

/// Compares `actual` with the golden file; STANCHECK_UPDATE_GOLDEN=1 rewrites it. A mismatch
/// prints the actual output, ready to paste.
void check_golden(const std::string& name, const std::string& actual) {
  std::string path = golden_dir + name;
  if (const char* u = std::getenv("STANCHECK_UPDATE_GOLDEN"); u && std::string(u) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::string expected = slurp(path);
  if (expected != actual) MESSAGE("actual output for " << path << ":\n" << actual);
  CHECK(expected == actual);
}

}  // namespace

TEST_SUITE("golden runs") {
  TEST_CASE("check over every test vector (text)") {
    auto r = run_stancheck("check test-vectors --as-of 2026-06-01 --color never --fail-on never");
    CHECK(r.exit_code == 0);
    check_golden("test-vectors.txt", r.out);
  }

  TEST_CASE("audit of the example catalogue (json)") {
    auto r = run_stancheck("audit examples/catalogue --as-of 2026-12-01 --format json -q");
    CHECK(r.exit_code == 1);  // the catalogue holds defective systems on purpose
    check_golden("catalogue.json", r.out);
  }

  TEST_CASE("audit of the example catalogue with waivers and the accession profile (text)") {
    auto r = run_stancheck(
        "audit examples/catalogue --as-of 2026-12-01 --profile accession --waivers examples/waivers.rules "
        "--color never -q");
    CHECK(r.exit_code == 1);
    check_golden("catalogue-accession.txt", r.out);
  }

  TEST_CASE("every format is byte-identical for --jobs 1, 2, 8 and any input order") {
    const std::string forward =
        "examples/catalogue/catalogue-2026.xml examples/catalogue/systems examples/catalogue/labels "
        "examples/catalogue/bindings examples/catalogue/reports";
    const std::string backward =
        "examples/catalogue/reports examples/catalogue/bindings examples/catalogue/labels "
        "examples/catalogue/systems examples/catalogue/catalogue-2026.xml";
    for (const char* fmt : {"text", "json", "sarif", "junit", "csv", "csv-matrix", "markdown", "github", "html"}) {
      CAPTURE(fmt);
      std::string common = std::string(" --as-of 2026-12-01 -q --format ") + fmt + " ";
      auto one = run_stancheck("audit --jobs 1" + common + forward);
      auto two = run_stancheck("audit --jobs 2" + common + forward);
      auto eight = run_stancheck("audit --jobs 8" + common + backward);
      REQUIRE(one.exit_code == 1);
      CHECK(one.out.size() > 1000);
      CHECK(one.out == two.out);
      CHECK(one.out == eight.out);
    }
  }
}

TEST_SUITE("golden runs") {
  TEST_CASE("docs/packs is what `rules doc` generates from the shipped packs") {
    stancheck::test::scratch_dir d("packdocs");
    std::filesystem::copy_file(std::string(STANCHECK_ROOT_DIR) + "/docs/packs/README.md", d.path / "README.md");
    auto r = run_stancheck("rules doc -q -o '" + d.path.string() + "'");
    REQUIRE(r.exit_code == 0);
    std::size_t pages = 0;
    for (const auto& e : std::filesystem::directory_iterator(d.path)) {
      CAPTURE(e.path().filename().string());
      auto committed = slurp(std::filesystem::path(STANCHECK_ROOT_DIR) / "docs/packs" / e.path().filename());
      if (committed != slurp(e.path()))
        MESSAGE("docs/packs is stale: run `build/stancheck rules doc -o docs/packs`");
      CHECK(committed == slurp(e.path()));
      ++pages;
    }
    CHECK(pages >= 11);  // one page per shipped pack plus the index
  }
}
