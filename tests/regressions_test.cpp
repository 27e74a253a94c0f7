// regressions_test.cpp — replays every input kept under tests/regressions/<fuzz target>/ (crashes,
// leaks, hangs the fuzzers found, and inputs of bugs fixed by hand) through the same code as the
// fuzz targets, and pins the fixes that came out of the hardening work.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "../fuzz/fuzz_targets.hpp"
#include "source.hpp"

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> inputs_of(const std::string& target) {
  std::vector<fs::path> out;
  fs::path dir = fs::path(STANCHECK_TEST_DIR) / "regressions" / target;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().filename().string()[0] != '.' && e.path().extension() != ".md")
      out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string bytes_of(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

template <class Body>
void replay(const std::string& target, Body body) {
  auto files = inputs_of(target);
  CHECK(!files.empty());
  for (const fs::path& f : files) {
    CAPTURE(f.filename().string());
    CHECK_NOTHROW(body(bytes_of(f)));
  }
}

}  // namespace

TEST_SUITE("regressions") {

TEST_CASE("fuzz regressions: rule packs") { replay("fuzz_rule_pack", stancheck::fuzz::rule_pack_one); }
TEST_CASE("fuzz regressions: documents") { replay("fuzz_document", stancheck::fuzz::document_one); }
TEST_CASE("fuzz regressions: profiles and waivers") { replay("fuzz_waivers", stancheck::fuzz::waivers_one); }

TEST_CASE("a lone CR ends a line, as in XML, and CR LF is one line break") {
  struct row {
    const char* text;
    std::size_t offset;
    uint32_t line, column;
  };
  const row rows[] = {
      {"a\rb\rc", 4, 3, 1}, {"a\r\nb", 3, 2, 1}, {"a\r\n\rb", 4, 3, 1}, {"a\rb", 1, 1, 2}, {"ab\r", 3, 2, 1},
  };
  for (const row& r : rows) {
    CAPTURE(r.text);
    stancheck::line_table t(r.text);
    auto lc = t.locate(r.offset);
    CHECK(lc.line == r.line);
    CHECK(lc.column == r.column);
  }
  stancheck::line_table t("a\rbc\rd");
  CHECK(t.line_text("a\rbc\rd", 2) == "bc");
}

TEST_CASE("an attribute named twice is an input error at the second one") {
  struct row {
    std::string xml;
    uint32_t line, column;
  };
  std::string many = "<system xmlns=\"urn:stancheck:eid:1\" id=\"M\"";
  for (int k = 0; k < 100; ++k) many += " a" + std::to_string(k) + "=\"v\"";
  many += " a57=\"w\"/>";
  const row rows[] = {
      {"<system xmlns=\"urn:stancheck:eid:1\" id=\"A\" id=\"B\"/>", 1, 44},
      {"<system xmlns=\"urn:stancheck:eid:1\" id=\"A\">\n <interface id=\"x\"\n  kind=\"a\" kind=\"b\"/></system>", 3, 12},
      {many, 1, static_cast<uint32_t>(many.size() - 8)},
  };
  for (const row& r : rows) {
    CAPTURE(r.xml.substr(0, 80));
    stancheck::load_result lr = stancheck::parse_document("d.xml", r.xml);
    REQUIRE_FALSE(lr);
    CHECK(lr.error.line == r.line);
    CHECK(lr.error.column == r.column);
    CHECK(lr.error.message.find("duplicate attribute") == 0);
  }
  CHECK(stancheck::parse_document("d.xml", "<system xmlns=\"urn:stancheck:eid:1\" id=\"A\" xmlns:x=\"u\" x:id=\"B\"/>"));
}

TEST_CASE("a FIFO is refused without blocking, even when it replaced a file after discovery") {
  fs::path fifo = fs::temp_directory_path() / ("stancheck-regression-fifo-" + std::to_string(::getpid()) + ".xml");
  fs::remove(fifo);
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  stancheck::root_info sniffed = stancheck::sniff_root(fifo.string());  // used to block in fopen
  CHECK_FALSE(sniffed.complete);
  stancheck::load_result lr = stancheck::load_document(fifo.string());
  CHECK_FALSE(lr);
  CHECK(lr.error.message == "not a regular file");
  fs::remove(fifo);
}

}  // TEST_SUITE
