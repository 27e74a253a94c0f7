// bundle.hpp — a system bundle: one system's description, its linked artefacts and the test
// evidence from its reports; the unit the engine evaluates.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "source.hpp"  // line_table

namespace stancheck {

enum class doc_kind : uint8_t {
  eid,            // urn:stancheck:eid:1 catalogue/system
  report_native,  // urn:stancheck:report:1 test-report
  report_atml,    // IEEE 1636.1 TestResults (2011/2013)
  report_junit,   // testsuites/testsuite
  label_4774,     // STANAG 4774 confidentiality label
  binding_4778,   // STANAG 4778 binding information
  unknown,
};
const char* to_string(doc_kind k);

/// A parsed XML document. The buffer is owned here; pugixml records byte offsets
/// (`xml_node::offset_debug()`), converted to line/column through `lines` only when rendering.
struct document {
  std::string path;  // as given on the command line (or joined from a directory walk)
  doc_kind kind = doc_kind::unknown;
  pugi::xml_document dom;
  line_table lines;
  uint64_t bytes = 0;  // size of the file as read (before any encoding conversion)
};

enum class test_verdict : uint8_t { pass, fail, error, skipped, unknown };
/// "pass", "fail", "error", "skipped", "unknown".
const char* to_string(test_verdict v);

/// A value measured by a test, as the report gives it: `value` is the number followed by its
/// unit when the report names one ("28.1 V"), ready for the quantity parser.
struct measurement {
  std::string name;
  std::string value;
};

/// One test case from a report, reduced to what evidence rules need.
struct test_case {
  std::string id;        // test id as the report spells it
  std::string name;      // secondary name (JUnit name, ATML name), may be empty
  test_verdict verdict = test_verdict::unknown;
  int32_t date = INT32_MIN;  // days since 1970-01-01; INT32_MIN when the report gives no date
  std::string file;      // report file
  uint32_t offset = 0;   // byte offset of the test element in that file
  std::vector<measurement> measurements;  // may be empty
};

/// One system and everything linked to it.
struct system_bundle {
  std::string id;
  std::string name, nation, supplier, version;
  /// Documents the bundle's elements live in (keeps them alive); `roots` point into them.
  std::vector<std::shared_ptr<const document>> documents;
  /// Elements to evaluate, each with the document it belongs to: the EID <system> element and the
  /// root element of each linked artefact (4774 labels, 4778 bindings).
  struct root {
    pugi::xml_node node;
    const document* doc = nullptr;
  };
  std::vector<root> roots;
  /// Evidence from every report naming this system.
  std::vector<test_case> tests;
  /// Files of the bundle, in a stable order (EID, artefacts, reports), for reports.
  std::vector<std::string> files;
};

}  // namespace stancheck
