// fuzz_document.cpp — libFuzzer target: arbitrary bytes as an XML document (parse_document,
// sniff_root_text), then evaluated with the shipped packs: an EID's systems as bundles, an
// artefact as its own bundle, a report's test cases as the evidence of a fixed system.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compile.hpp"
#include "document.hpp"
#include "engine.hpp"
#include "reports.hpp"

namespace {

using namespace stancheck;

const compile_result* shipped = nullptr;
std::shared_ptr<const document> evidence_eid;  // receives the tests of a fuzzed report

const char* const evidence_xml = R"(<system xmlns="urn:stancheck:eid:1" id="FUZZ-0001" name="fuzz">
  <interface id="l16" kind="datalink" standard="STANAG 5516" edition="8" band-low="969 MHz" band-high="1206 MHz">
    <exclusion low="1008 MHz" high="1053 MHz"/><exclusion low="1065 MHz" high="1113 MHz"/>
  </interface>
  <interface id="pwr" kind="power" standard="MIL-STD-1275" edition="E" voltage="28 V"/>
  <interface id="hf" kind="hf-modem" standard="STANAG 4539" edition="1" data-rate="9600 bit/s"/>
  <interface id="c2" kind="uas-control" standard="STANAG 4586" edition="4" loi="3"><loi level="2"/><loi level="3"/></interface>
</system>)";

system_bundle bundle_of(pugi::xml_node root, const std::shared_ptr<const document>& doc, std::string id) {
  system_bundle b;
  b.id = std::move(id);
  b.name = root.attribute("name").value();
  b.documents.push_back(doc);
  b.roots.push_back({root, doc.get()});
  b.files.push_back(doc->path);
  return b;
}

bool is_eid_system(pugi::xml_node n) {
  return n.type() == pugi::node_element && local_name(n.name()) == "system" && namespace_uri(n) == ns::eid;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  static compile_result rules = compile_files({STANCHECK_SOURCE_RULES_DIR});
  if (!rules.ok()) __builtin_trap();  // the shipped packs must compile
  shipped = &rules;
  load_result e = parse_document("evidence.xml", evidence_xml);
  if (!e) __builtin_trap();
  evidence_eid = e.doc;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)sniff_root_text(text);
  load_result lr = parse_document("fuzz.xml", text);
  if (!lr) return 0;
  std::shared_ptr<const document> doc = lr.doc;
  pugi::xml_node root = doc->dom.document_element();

  std::vector<system_bundle> bundles;
  switch (doc->kind) {
    case doc_kind::eid:
      if (is_eid_system(root)) bundles.push_back(bundle_of(root, doc, root.attribute("id").value()));
      for (pugi::xml_node s : root.children())
        if (is_eid_system(s) && bundles.size() < 64) bundles.push_back(bundle_of(s, doc, s.attribute("id").value()));
      break;
    case doc_kind::label_4774:
    case doc_kind::binding_4778: bundles.push_back(bundle_of(root, doc, doc->path)); break;
    case doc_kind::report_native:
    case doc_kind::report_atml:
    case doc_kind::report_junit: {
      report_extraction x = extract_tests(*doc);
      system_bundle b = bundle_of(evidence_eid->dom.document_element(), evidence_eid, "FUZZ-0001");
      for (const report_tests& g : x.groups) b.tests.insert(b.tests.end(), g.tests.begin(), g.tests.end());
      bundles.push_back(std::move(b));
      break;
    }
    case doc_kind::unknown: return 0;
  }
  engine_options o;
  o.as_of = "2026-12-01";
  (void)check_bundles(shipped->rules, bundles, o);
  return 0;
}
