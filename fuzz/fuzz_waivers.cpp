// fuzz_waivers.cpp — libFuzzer target: arbitrary text as a waiver file or as a profile file next
// to two shipped packs; when it compiles, every profile it defines and its waivers are applied to
// a fixed catalogue (profile flattening, rule selection, severity overrides, waiver matching and
// expiry).
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "compile.hpp"
#include "document.hpp"
#include "engine.hpp"

namespace {

using namespace stancheck;

std::vector<source_ptr> packs;
std::shared_ptr<const document> eid;

source_ptr read_source(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (!in) __builtin_trap();
  return std::make_shared<source_file>(path, ss.str());
}

const char* const eid_xml = R"(<catalogue xmlns="urn:stancheck:eid:1">
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

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const std::string dir = STANCHECK_SOURCE_RULES_DIR;
  packs = {read_source(dir + "/link16.rules"), read_source(dir + "/eid-basics.rules")};
  load_result e = parse_document("eid.xml", eid_xml);
  if (!e) __builtin_trap();
  eid = e.doc;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte chooses the role of the rest: a waiver file, or a file of profiles beside the packs.
  const bool as_waivers = (data[0] & 1) == 0;
  auto text = std::make_shared<source_file>(as_waivers ? "fuzz-waivers.rules" : "fuzz-profiles.rules",
                                            std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  std::vector<source_ptr> ps = packs;
  std::vector<source_ptr> ws;
  (as_waivers ? ws : ps).push_back(text);
  compile_result r = compile_sources(ps, ws);
  (void)render_diagnostics(r.diagnostics);
  if (!r.ok()) return 0;

  std::vector<system_bundle> bundles;
  for (pugi::xml_node s : eid->dom.document_element().children("system")) {
    system_bundle b;
    b.id = s.attribute("id").value();
    b.documents.push_back(eid);
    b.roots.push_back({s, eid.get()});
    b.files.push_back(eid->path);
    bundles.push_back(std::move(b));
  }
  engine_options o;
  o.as_of = "2026-12-01";
  (void)check_bundles(r.rules, bundles, o);
  std::size_t n = 0;
  for (const ir::profile& p : r.rules.profiles) {
    if (++n > 8) break;
    o.profile = p.name;
    (void)check_bundles(r.rules, bundles, o);
  }
  return 0;
}
