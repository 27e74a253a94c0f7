// fuzz_document.cpp — libFuzzer target: arbitrary bytes as an XML document (sniffed, parsed,
// classified), evaluated with the shipped packs (compiled once): an EID's systems, an artefact,
// or a report's tests as evidence.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)stancheck::fuzz::document_init();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  stancheck::fuzz::document_one(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
