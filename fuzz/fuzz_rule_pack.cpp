// fuzz_rule_pack.cpp — libFuzzer target: arbitrary text through the rule-pack parser, the AST
// printer and the checker (parse_rule_pack, print_file, compile_sources, render_diagnostics).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "compile.hpp"
#include "parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace stancheck;
  std::string text(reinterpret_cast<const char*>(data), size);
  auto source = std::make_shared<source_file>("fuzz.rules", text);

  parse_result parsed = parse_rule_pack(source);
  if (parsed.file) (void)print_file(*parsed.file);
  (void)render_diagnostics(parsed.diagnostics);

  // The checker on the same text as a pack file, then as a waiver file.
  compile_result as_pack = compile_sources({source});
  (void)render_diagnostics(as_pack.diagnostics);
  compile_result as_waivers = compile_sources({}, {source});
  (void)render_diagnostics(as_waivers.diagnostics);
  return 0;
}
