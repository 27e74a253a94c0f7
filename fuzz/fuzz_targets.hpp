// fuzz_targets.hpp — the bodies of the libFuzzer targets, shared by the fuzz programs
// (fuzz/fuzz_*.cpp) and the regression suite that replays every crash input found
// (tests/regressions_test.cpp). Each body must never crash, leak, hang or throw on any input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "compile.hpp"
#include "document.hpp"
#include "engine.hpp"
#include "parse.hpp"
#include "reports.hpp"

namespace stancheck::fuzz {

// ---- fuzz_rule_pack: the parser, the AST printer and the checker on arbitrary text ----

inline void rule_pack_one(std::string_view data) {
  auto source = std::make_shared<source_file>("fuzz.rules", std::string(data));
  parse_result parsed = parse_rule_pack(source);
  if (parsed.file) (void)print_file(*parsed.file);
  (void)render_diagnostics(parsed.diagnostics);
  compile_result as_pack = compile_sources({source});
  (void)render_diagnostics(as_pack.diagnostics);
  compile_result as_waivers = compile_sources({}, {source});
  (void)render_diagnostics(as_waivers.diagnostics);
}

// ---- fuzz_document: arbitrary bytes as a document, evaluated with the shipped packs ----

struct document_state {
  compile_result shipped;
  std::shared_ptr<const document> evidence_eid;  // receives the tests of a fuzzed report
};

inline const char* const evidence_xml =
    R"(<system xmlns="urn:stancheck:eid:1" id="FUZZ-0001" name="fuzz">
  <interface id="l16" kind="datalink" standard="STANAG 5516" edition="8" band-low="969 MHz" band-high="1206 MHz">
    <exclusion low="1008 MHz" high="1053 MHz"/><exclusion low="1065 MHz" high="1113 MHz"/>
  </interface>
  <interface id="pwr" kind="power" standard="MIL-STD-1275" edition="E" voltage="28 V"/>
  <interface id="hf" kind="hf-modem" standard="STANAG 4539" edition="1" data-rate="9600 bit/s"/>
  <interface id="c2" kind="uas-control" standard="STANAG 4586" edition="4" loi="3"><loi level="2"/><loi level="3"/></interface>
</system>)";

/// Compiles the shipped packs once; throws if they do not compile.
inline const document_state& document_init() {
  static const document_state state = [] {
    document_state s;
    s.shipped = compile_files({STANCHECK_SOURCE_RULES_DIR});
    if (!s.shipped.ok()) throw std::runtime_error(render_diagnostics(s.shipped.diagnostics));
    load_result e = parse_document("evidence.xml", evidence_xml);
    if (!e) throw std::runtime_error(e.error.message);
    s.evidence_eid = e.doc;
    return s;
  }();
  return state;
}

inline system_bundle bundle_of(pugi::xml_node root, const std::shared_ptr<const document>& doc,
                               std::string id) {
  system_bundle b;
  b.id = std::move(id);
  b.name = root.attribute("name").value();
  b.documents.push_back(doc);
  b.roots.push_back({root, doc.get()});
  b.files.push_back(doc->path);
  return b;
}

inline bool is_eid_system(pugi::xml_node n) {
  return n.type() == pugi::node_element && local_name(n.name()) == "system" &&
         namespace_uri(n) == ns::eid;
}

inline void document_one(std::string_view data) {
  const document_state& state = document_init();
  (void)sniff_root_text(data);
  load_result lr = parse_document("fuzz.xml", data);
  if (!lr) return;
  std::shared_ptr<const document> doc = lr.doc;
  pugi::xml_node root = doc->dom.document_element();
  std::vector<system_bundle> bundles;
  switch (doc->kind) {
    case doc_kind::eid:
      if (is_eid_system(root))
        bundles.push_back(bundle_of(root, doc, root.attribute("id").value()));
      for (pugi::xml_node s : root.children())
        if (is_eid_system(s) && bundles.size() < 64)
          bundles.push_back(bundle_of(s, doc, s.attribute("id").value()));
      break;
    case doc_kind::label_4774:
    case doc_kind::binding_4778:
      bundles.push_back(bundle_of(root, doc, doc->path));
      break;
    case doc_kind::report_native:
    case doc_kind::report_atml:
    case doc_kind::report_junit: {
      report_extraction x = extract_tests(*doc);
      system_bundle b =
          bundle_of(state.evidence_eid->dom.document_element(), state.evidence_eid, "FUZZ-0001");
      for (const report_tests& g : x.groups)
        b.tests.insert(b.tests.end(), g.tests.begin(), g.tests.end());
      bundles.push_back(std::move(b));
      break;
    }
    case doc_kind::unknown:
      return;
  }
  engine_options o;
  o.as_of = "2026-12-01";
  (void)check_bundles(state.shipped.rules, bundles, o);
}

// ---- fuzz_waivers: a waiver file or a profile file beside two small packs, then applied ----

struct waiver_state {
  std::vector<source_ptr> packs;
  std::shared_ptr<const document> eid;
};

inline const char* const waiver_eid_xml = R"(<catalogue xmlns="urn:stancheck:eid:1">
  <system id="TUR-GS-0002" name="Ground station">
    <interface id="wide" kind="datalink" standard="STANAG 5516" edition="8" band-low="950 MHz" band-high="1220 MHz">
      <exclusion low="1008 MHz" high="1053 MHz"/>
    </interface>
    <interface id="pwr" kind="power" standard="MIL-STD-1275" edition="E" voltage="28"/>
  </system>
  <system id="HUN-GS-0003" name="Gateway" nation="HUN">
    <interface id="l16" kind="other" standard="STANAG 5516" edition="7" band-low="969 MHz" band-high="1206 MHz" channels="50"/>
  </system>
</catalogue>)";

/// Two small packs with the ids and some rule ids of shipped ones (link16, eid-basics), so the
/// shipped profiles and example waivers resolve; small, so each input compiles quickly.
inline const char* const waiver_packs[] = {
    R"PACK(pack link16 "Link 16 (fuzz)" {
  standard "STANAG 5516" edition 8
  version "1.0.0"
  namespace eid = "urn:stancheck:eid:1"
  level 1 "Band"
  level 2 "Timing"
  rule L16-002 error "Band" {
    clause "STANAG 5516 Ed 8"
    level 1
    for each eid:interface[@standard = "STANAG 5516" and exists(@band-low)]
    require @band-low >= 960 MHz and @band-high <= 1215 MHz
    message "band {@band-low} .. {@band-high}"
  }
  rule L16-004 warning "Exclusions" {
    clause "STANAG 5516 Ed 8"
    level 2
    for each eid:interface[@standard = "STANAG 5516"]
    require exists(eid:exclusion)
    message "no exclusion on '{@id}'"
  }
  rule L16-008 error "Channels" {
    clause "STANAG 5516 Ed 8"
    for each eid:interface[exists(@channels)]
    require @channels = 51
    message "{@channels} channels"
  }
})PACK",
    R"PACK(pack eid-basics "EID basics (fuzz)" {
  standard "stancheck EID format" edition 1
  version "1.0.0"
  namespace eid = "urn:stancheck:eid:1"
  rule EID-004 error "Nation" {
    clause "stancheck EID format"
    for each eid:system
    require exists(@nation)
    message "system '{@id}' has no nation"
  }
  rule EID-020 error "Voltage unit" {
    clause "stancheck EID format"
    for each eid:interface[exists(@voltage)]
    require @voltage matches "^[0-9.]+ ?k?V$"
    message "voltage '{@voltage}' has no unit"
  }
})PACK",
};

inline const waiver_state& waivers_init() {
  static const waiver_state state = [] {
    waiver_state s;
    s.packs = {std::make_shared<source_file>("link16.rules", waiver_packs[0]),
               std::make_shared<source_file>("eid-basics.rules", waiver_packs[1])};
    compile_result check = compile_sources(s.packs);
    if (!check.ok()) throw std::runtime_error(render_diagnostics(check.diagnostics));
    load_result e = parse_document("eid.xml", waiver_eid_xml);
    if (!e) throw std::runtime_error(e.error.message);
    s.eid = e.doc;
    return s;
  }();
  return state;
}

/// The first byte chooses the role of the rest: even, a waiver file; odd, a file of profiles.
inline void waivers_one(std::string_view data) {
  if (data.empty()) return;
  const waiver_state& state = waivers_init();
  const bool as_waivers = (static_cast<unsigned char>(data[0]) & 1) == 0;
  auto text = std::make_shared<source_file>(
      as_waivers ? "fuzz-waivers.rules" : "fuzz-profiles.rules", std::string(data.substr(1)));
  std::vector<source_ptr> packs = state.packs;
  std::vector<source_ptr> waivers;
  (as_waivers ? waivers : packs).push_back(text);
  compile_result r = compile_sources(packs, waivers);
  (void)render_diagnostics(r.diagnostics);
  if (!r.ok()) return;
  std::vector<system_bundle> bundles;
  for (pugi::xml_node s : state.eid->dom.document_element().children("system"))
    bundles.push_back(bundle_of(s, state.eid, s.attribute("id").value()));
  engine_options o;
  o.as_of = "2026-12-01";
  (void)check_bundles(r.rules, bundles, o);
  std::size_t n = 0;
  for (const ir::profile& p : r.rules.profiles) {
    if (++n > 8) break;
    o.profile = p.name;
    (void)check_bundles(r.rules, bundles, o);
  }
}

}  // namespace stancheck::fuzz
