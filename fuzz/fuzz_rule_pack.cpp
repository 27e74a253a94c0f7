// fuzz_rule_pack.cpp — libFuzzer target: arbitrary text through the rule-pack parser, the AST
// printer and the checker (as a pack file and as a waiver file).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_targets.hpp"
#include "pack_mutator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  stancheck::fuzz::rule_pack_one(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}

// The pack language's tokens as units of mutation, half the time (fuzz/pack_mutator.hpp).
STANCHECK_PACK_MUTATOR(0)
