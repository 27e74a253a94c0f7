// fuzz_waivers.cpp — libFuzzer target: arbitrary text as a waiver file or a profile file beside
// two small packs; what compiles is applied (every profile, every waiver) to a fixed catalogue.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_targets.hpp"
#include "pack_mutator.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)stancheck::fuzz::waivers_init();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  stancheck::fuzz::waivers_one(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}

// The pack language's tokens as units of mutation, half the time (fuzz/pack_mutator.hpp);
// the first byte (the role) is kept.
STANCHECK_PACK_MUTATOR(1)
