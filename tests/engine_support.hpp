// engine_support.hpp — helpers for the evaluator and engine suites: compile a pack from text,
// build a bundle from an XML text, run the engine and print findings compactly.
#pragma once

#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bundle.hpp"
#include "compile.hpp"
#include "document.hpp"
#include "engine.hpp"

namespace engine_test {

using namespace stancheck;

/// Compiles pack text (and optional waiver text); fails the test on any compile error.
inline compile_result compile(std::string_view pack, std::string_view waivers = {}) {
  std::vector<source_ptr> packs{std::make_shared<source_file>("test.rules", std::string(pack))};
  std::vector<source_ptr> ws;
  if (!waivers.empty())
    ws.push_back(std::make_shared<source_file>("waivers.rules", std::string(waivers)));
  compile_result r = compile_sources(packs, ws);
  INFO(render_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  return r;
}

/// One bundle per <system> of an EID text (root <system> or <catalogue>), sharing one document.
inline std::vector<system_bundle> bundles(std::string_view xml, const std::string& path = "sys.xml",
                                          std::vector<test_case> tests = {}) {
  load_result lr = parse_document(path, xml);
  INFO(lr.error.message);
  REQUIRE(lr);
  std::shared_ptr<const document> doc = lr.doc;
  std::vector<system_bundle> out;
  pugi::xml_node root = doc->dom.document_element();
  auto add = [&](pugi::xml_node sys) {
    system_bundle b;
    b.id = sys.attribute("id").value();
    b.name = sys.attribute("name").value();
    b.documents.push_back(doc);
    b.roots.push_back({sys, doc.get()});
    b.tests = tests;
    b.files.push_back(path);
    out.push_back(std::move(b));
  };
  if (std::string_view(root.name()).ends_with("catalogue")) {
    for (pugi::xml_node s = root.first_child(); s; s = s.next_sibling())
      if (s.type() == pugi::node_element) add(s);
  } else {
    add(root);
  }
  return out;
}

inline run_result run(const compile_result& c, const std::vector<system_bundle>& bs,
                      std::string profile = {}, std::string as_of = "2026-01-15") {
  engine_options o;
  o.profile = std::move(profile);
  o.as_of = std::move(as_of);
  return check_bundles(c.rules, bs, o);
}

/// "line:col rule severity: message" per finding of every system, one per line.
inline std::string findings(const run_result& r) {
  std::string out;
  for (const system_result& s : r.systems)
    for (const finding& f : s.findings) {
      out += std::to_string(f.line) + ":" + std::to_string(f.column) + " " + f.rule + " " +
             to_string(f.level) + ": " + f.message;
      if (!f.waived_by.empty()) out += " [waived by " + f.waived_by + "]";
      if (f.missing_evidence) out += " [missing evidence]";
      out += "\n";
    }
  return out;
}

/// A fresh directory under the system temp directory, removed with everything in it.
struct temp_dir {
  std::filesystem::path root;
  temp_dir() {
    static std::atomic<int> n{0};
    root = std::filesystem::temp_directory_path() /
           ("stancheck-engine-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    std::filesystem::remove_all(root);
    std::filesystem::create_directories(root);
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(root, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  /// Writes `text` to `rel` below the root (creating directories).
  void write(const std::string& rel, const std::string& text) const {
    std::filesystem::path p = root / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }
};

}  // namespace engine_test
