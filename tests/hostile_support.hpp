// hostile_support.hpp — helpers for the hostile-input suites: the shipped packs compiled once, a
// scratch catalogue holding one good system with a known finding, and the batch checks every
// hostile case shares (the good system is still checked and every file is counted).
#pragma once

#include <doctest/doctest.h>

#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "compile.hpp"
#include "engine.hpp"

namespace hostile {

namespace fs = std::filesystem;
using namespace stancheck;

/// The shipped packs, compiled once for the whole suite.
inline const ir::rule_set& shipped_rules() {
  static const compile_result compiled = compile_files({std::string(STANCHECK_ROOT_DIR) + "/rules"});
  REQUIRE_MESSAGE(compiled.ok(), render_diagnostics(compiled.diagnostics));
  return compiled.rules;
}

/// A Link 16 terminal whose band starts below 960 MHz: always finding L16-002.
inline constexpr std::string_view good_eid =
    "<system xmlns=\"urn:stancheck:eid:1\" id=\"GOOD-0001\" name=\"good\">\n"
    "  <interface id=\"l16\" kind=\"datalink\" standard=\"STANAG 5516\" edition=\"8\"\n"
    "             band-low=\"950 MHz\" band-high=\"1206 MHz\"/>\n"
    "</system>\n";
inline constexpr const char* good_id = "GOOD-0001";
inline constexpr const char* good_rule = "L16-002";

/// A scratch catalogue directory holding `00-good.xml`; removed at the end of the test.
struct batch_dir {
  fs::path root;
  explicit batch_dir(bool with_good = true) {
    static std::atomic<int> n{0};
    root = fs::temp_directory_path() / ("stancheck-hostile-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::remove_all(root);
    fs::create_directories(root);
    if (with_good) write("00-good.xml", good_eid);
  }
  ~batch_dir() {
    std::error_code ec;
    fs::permissions(root, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(root, ec);
  }
  batch_dir(const batch_dir&) = delete;
  batch_dir& operator=(const batch_dir&) = delete;

  std::string path(const std::string& rel) const { return (root / rel).string(); }
  std::string write(const std::string& rel, std::string_view bytes) const {
    fs::path p = root / rel;
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    REQUIRE(out.good());
    return p.string();
  }

  /// Runs the engine over the whole directory with the shipped packs.
  run_result run(uint64_t max_file_size = uint64_t{256} << 20, unsigned jobs = 2) const {
    engine_options o;
    o.inputs = {root.string()};
    o.as_of = "2026-12-01";
    o.jobs = jobs;
    o.max_file_size = max_file_size;
    return run_engine(shipped_rules(), o);
  }
};

/// The system with `id`, or null.
inline const system_result* find_system(const run_result& r, std::string_view id) {
  for (const system_result& s : r.systems)
    if (s.id == id) return &s;
  return nullptr;
}

inline bool has_finding(const system_result& s, std::string_view rule) {
  for (const finding& f : s.findings)
    if (f.rule == rule) return true;
  return false;
}

/// Every input error as "file:line:col: message", for failure messages.
inline std::string describe_errors(const run_result& r) {
  std::string out;
  for (const input_error& e : r.input_errors)
    out += e.file + ":" + std::to_string(e.line) + ":" + std::to_string(e.column) + ": " + e.message + "\n";
  return out;
}

/// The batch went on: the good system was checked (its known finding is there) and the summary
/// counts `files` files and agrees with the list of input errors.
inline void check_batch_went_on(const run_result& r, uint32_t files) {
  INFO(describe_errors(r));
  const system_result* good = find_system(r, good_id);
  REQUIRE_MESSAGE(good != nullptr, "the good system was not checked");
  CHECK_MESSAGE(has_finding(*good, good_rule), "the good system lost its finding");
  CHECK(r.summary.files == files);
  CHECK(r.summary.input_errors == r.input_errors.size());
  CHECK(r.summary.systems == r.systems.size());
}

/// Exactly one input error, in `file` at line:column, whose message contains `message`.
inline void check_one_error(const run_result& r, const std::string& file, uint32_t line, uint32_t column,
                            std::string_view message) {
  INFO(describe_errors(r));
  REQUIRE(r.input_errors.size() == 1);
  const input_error& e = r.input_errors.front();
  CHECK(e.file == file);
  CHECK(e.line == line);
  CHECK(e.column == column);
  CHECK_MESSAGE(e.message.find(message) != std::string::npos, "message: ", e.message);
}

/// Writes `count` copies of `chunk` to `path` without holding them in memory at once.
inline void write_repeated(const std::string& path, std::string_view head, std::string_view chunk, std::size_t count,
                           std::string_view tail) {
  std::ofstream out(path, std::ios::binary);
  out.write(head.data(), static_cast<std::streamsize>(head.size()));
  for (std::size_t i = 0; i < count; ++i) out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
  out.write(tail.data(), static_cast<std::streamsize>(tail.size()));
  REQUIRE(out.good());
}

}  // namespace hostile
