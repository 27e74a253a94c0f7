// gen_model.hpp — the benchmark generator's model of one synthetic system (its description, its
// test report and its 4774 label) and the functions that draw it and write it as XML.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace stancheck::bench {

/// Knobs of one generator run.
struct gen_config {
  uint64_t seed = 1;
  double defect_rate = 0.02;  // probability that a checkable value is drawn defective
  bool failure_heavy = false; // more checkable values per system (more SIDCs, KLV tags, tests)
  int32_t as_of = 0;          // days since 1970-01-01; report dates are drawn before it
  bool artefacts = true;      // security-labelling interfaces reference a 4774 label file
};

using attr_list = std::vector<std::pair<std::string, std::string>>;

/// A child element of an interface (`klv`, `sidc`, `sap`, `waveform`, `artefact`).
struct child_spec {
  std::string element;
  attr_list attrs;
};

struct interface_spec {
  attr_list attrs;  // id, kind, standard, edition, then parameters
  std::vector<child_spec> children;
};

enum class report_format : uint8_t { native, atml, junit };

struct test_spec {
  std::string id;       // test id, e.g. "L16-BAND-TEST"
  std::string verdict;  // pass, fail, error, skipped
  int32_t date = 0;     // days since 1970-01-01
  std::string measurement_name, measurement_value;  // optional
};

/// One 4774 confidentiality label under the NATO policy.
struct label_spec {
  std::string policy_uri;          // urn:oid of the NATO policy (or a wrong one)
  std::string classification;
  bool classification_uri = false; // a URI on Classification (not allowed)
  bool context = true;             // the Context category with "Releasable"
  std::string releasable_type;     // Type of the Releasable To category
  std::vector<std::string> releasable_to;
  bool integer_value = false;      // an IntegerValue (only GenericValue is allowed)
  std::string originator;          // OriginatorID (rfc822Name)
  std::string created, review;     // CreationDateTime element, ReviewDateTime attribute ("" = none)
};

struct system_spec {
  std::string id, name, nation, supplier, version;
  std::vector<interface_spec> interfaces;
  bool has_label = false;
  label_spec label;
  report_format report = report_format::native;
  int32_t report_date = 0;
  std::vector<test_spec> tests;
  uint32_t defects = 0;  // values drawn defective (a rough count of the findings to expect)
};

/// Draws system number `index` (its own PRNG stream: independent of catalogue size and layout).
system_spec make_system(const gen_config& config, uint64_t index);

/// Relative path of the label file a system's artefact href names ("labels/<id>.xml").
std::string label_href(const system_spec& s);

/// Appends the `<system>` element (indented for a catalogue when `in_catalogue`).
void write_system(fmt::memory_buffer& out, const system_spec& s, bool in_catalogue);
/// A whole one-system EID document.
void write_eid_document(fmt::memory_buffer& out, const system_spec& s);
/// The system's test report, in its drawn format.
void write_report_document(fmt::memory_buffer& out, const system_spec& s);
/// JUnit `<testsuite>` for the system (used alone or inside a catalogue-wide `<testsuites>`).
void write_junit_suite(fmt::memory_buffer& out, const system_spec& s);
/// The system's 4774 label document.
void write_label_document(fmt::memory_buffer& out, const system_spec& s);

/// "YYYY-MM-DD" for days since 1970-01-01, and back (returns false on a malformed date).
std::string format_date(int32_t days);
bool parse_date(const std::string& text, int32_t& days);

/// Escapes & < > " for attribute values and text.
void append_escaped(fmt::memory_buffer& out, const std::string& text);

}  // namespace stancheck::bench
