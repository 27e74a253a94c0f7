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

// The pack language's tokens as units of mutation (fuzz/pack_mutator.hpp), half the time;
// the first byte (the role) is kept.
extern "C" std::size_t LLVMFuzzerMutate(uint8_t* data, std::size_t size, std::size_t max_size);

extern "C" std::size_t LLVMFuzzerCustomMutator(uint8_t* data, std::size_t size,
                                               std::size_t max_size, unsigned seed) {
  return stancheck::fuzz::custom_mutate(data, size, max_size, seed, 1, LLVMFuzzerMutate);
}

extern "C" std::size_t LLVMFuzzerCustomCrossOver(const uint8_t* a, std::size_t a_size,
                                                 const uint8_t* b, std::size_t b_size, uint8_t* out,
                                                 std::size_t max_out, unsigned seed) {
  return stancheck::fuzz::custom_cross_over(a, a_size, b, b_size, out, max_out, seed, 1);
}
