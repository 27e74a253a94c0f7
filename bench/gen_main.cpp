// gen_main.cpp — `stancheck_gen`: writes a deterministic synthetic catalogue (descriptions, test
// reports, 4774 labels) as a directory per system, as one catalogue file, or both.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>

#include <CLI/CLI.hpp>

#include "gen_model.hpp"

namespace fs = std::filesystem;
using namespace stancheck::bench;

namespace {

struct totals {
  uint64_t files = 0, bytes = 0, defects = 0;
};

void write_file(const fs::path& path, const fmt::memory_buffer& buf, totals& t) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) throw std::runtime_error(fmt::format("cannot write {}: {}", path.string(), std::strerror(errno)));
  bool ok = std::fwrite(buf.data(), 1, buf.size(), f) == buf.size();
  ok = std::fclose(f) == 0 && ok;
  if (!ok) throw std::runtime_error(fmt::format("cannot write {}: {}", path.string(), std::strerror(errno)));
  ++t.files;
  t.bytes += buf.size();
}

/// Appends to a large file in chunks.
class chunked_file {
 public:
  explicit chunked_file(const fs::path& path) : path_(path), f_(std::fopen(path.c_str(), "wb")) {
    if (!f_) throw std::runtime_error(fmt::format("cannot write {}: {}", path.string(), std::strerror(errno)));
  }
  ~chunked_file() {
    if (f_) std::fclose(f_);
  }
  chunked_file(const chunked_file&) = delete;
  chunked_file& operator=(const chunked_file&) = delete;
  fmt::memory_buffer& buffer() { return buf_; }
  void maybe_flush() {
    if (buf_.size() >= (1u << 20)) flush();
  }
  void close(totals& t) {
    flush();
    if (std::fclose(std::exchange(f_, nullptr)) != 0)
      throw std::runtime_error(fmt::format("cannot write {}: {}", path_.string(), std::strerror(errno)));
    ++t.files;
    t.bytes += written_;
  }

 private:
  void flush() {
    if (std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size())
      throw std::runtime_error(fmt::format("cannot write {}: {}", path_.string(), std::strerror(errno)));
    written_ += buf_.size();
    buf_.clear();
  }
  fs::path path_;
  FILE* f_;
  fmt::memory_buffer buf_;
  uint64_t written_ = 0;
};

const char* report_file_name(report_format f) {
  switch (f) {
    case report_format::native: return "report.xml";
    case report_format::atml: return "atml-results.xml";
    case report_format::junit: return "junit.xml";
  }
  return "report.xml";
}

/// One directory per system: systems/<nation>/<id>/{system.xml, <report>, labels/<id>.xml}.
void write_system_dir(const fs::path& root, const system_spec& s, totals& t) {
  fs::path dir = root / "systems" / s.nation / s.id;
  fs::create_directories(s.has_label ? dir / "labels" : dir);
  fmt::memory_buffer buf;
  write_eid_document(buf, s);
  write_file(dir / "system.xml", buf, t);
  buf.clear();
  write_report_document(buf, s);
  write_file(dir / report_file_name(s.report), buf, t);
  if (s.has_label) {
    buf.clear();
    write_label_document(buf, s);
    write_file(dir / label_href(s), buf, t);
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"stancheck_gen: deterministic synthetic catalogues for the stancheck benchmark"};
  uint64_t systems = 1000;
  gen_config config;
  std::string layout = "dir", out, as_of = "2026-01-15";
  bool no_artefacts = false;
  app.add_option("--systems", systems, "number of systems")->check(CLI::Range(uint64_t{1}, uint64_t{100000000}));
  app.add_option("--seed", config.seed, "PRNG seed (same seed, same bytes)");
  auto* rate = app.add_option("--defect-rate", config.defect_rate, "share of checkable values drawn defective")
                   ->check(CLI::Range(0.0, 1.0));
  app.add_flag("--failure-heavy", config.failure_heavy,
               "many checkable values per system, defect rate 0.6 unless --defect-rate is given");
  app.add_option("--layout", layout, "dir: a directory per system; file: one catalogue file; both")
      ->check(CLI::IsMember({"dir", "file", "both"}));
  app.add_option("--as-of", as_of, "reference date the report and label dates are drawn before (YYYY-MM-DD)");
  app.add_flag("--no-artefacts", no_artefacts, "no 4774 label files and no artefact references");
  app.add_option("--out", out, "output directory (created)")->required();
  CLI11_PARSE(app, argc, argv);
  if (config.failure_heavy && rate->count() == 0) config.defect_rate = 0.6;
  config.artefacts = !no_artefacts;
  if (!parse_date(as_of, config.as_of)) {
    std::fprintf(stderr, "stancheck_gen: --as-of must be YYYY-MM-DD\n");
    return 2;
  }

  try {
    fs::path root(out);
    fs::create_directories(root);
    totals dir_totals, file_totals;
    const bool dirs = layout != "file", single = layout != "dir";
    std::unique_ptr<chunked_file> catalogue, reports;
    if (single) {
      if (config.artefacts) fs::create_directories(root / "labels");
      catalogue = std::make_unique<chunked_file>(root / "catalogue.xml");
      reports = std::make_unique<chunked_file>(root / "catalogue-junit.xml");
      fmt::format_to(std::back_inserter(catalogue->buffer()),
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<catalogue xmlns=\"urn:stancheck:eid:1\">\n");
      fmt::format_to(std::back_inserter(reports->buffer()), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    }
    uint64_t defects = 0;
    for (uint64_t i = 0; i < systems; ++i) {
      system_spec s = make_system(config, i);
      defects += s.defects;
      if (dirs) write_system_dir(root, s, dir_totals);
      if (single) {
        write_system(catalogue->buffer(), s, true);
        catalogue->maybe_flush();
        write_junit_suite(reports->buffer(), s);
        reports->maybe_flush();
        if (s.has_label) {
          fmt::memory_buffer buf;
          write_label_document(buf, s);
          write_file(root / label_href(s), buf, file_totals);
        }
      }
    }
    if (single) {
      fmt::format_to(std::back_inserter(catalogue->buffer()), "</catalogue>\n");
      fmt::format_to(std::back_inserter(reports->buffer()), "</testsuites>\n");
      catalogue->close(file_totals);
      reports->close(file_totals);
    }
    std::printf("{\"systems\": %llu, \"seed\": %llu, \"defect_rate\": %g, \"failure_heavy\": %s, "
                "\"drawn_defects\": %llu, \"dir_files\": %llu, \"dir_bytes\": %llu, \"file_files\": %llu, "
                "\"file_bytes\": %llu}\n",
                static_cast<unsigned long long>(systems), static_cast<unsigned long long>(config.seed),
                config.defect_rate, config.failure_heavy ? "true" : "false",
                static_cast<unsigned long long>(defects), static_cast<unsigned long long>(dir_totals.files),
                static_cast<unsigned long long>(dir_totals.bytes), static_cast<unsigned long long>(file_totals.files),
                static_cast<unsigned long long>(file_totals.bytes));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stancheck_gen: %s\n", e.what());
    return 1;
  }
  return 0;
}
