// sha256_test.cpp — SHA-256 against the FIPS 180-4 / NIST standard test vectors.
#include <doctest/doctest.h>

#include "sha256.hpp"

using namespace stancheck;

TEST_CASE("sha256_hex matches the standard test vectors") {
  struct row { std::string input, digest; };
  const row rows[] = {
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
      {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
       "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
      {std::string(1000000, 'a'), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
      // 55, 56 and 64 bytes: the padding boundaries.
      {std::string(55, 'a'), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
      {std::string(56, 'a'), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
      {std::string(64, 'a'), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.input.size());
    CHECK(sha256_hex(r.input) == r.digest);
  }
}

TEST_CASE("sha256 gives the same digest however the input is split") {
  std::string text(1000, 'x');
  for (std::size_t i = 0; i < text.size(); ++i) text[i] = static_cast<char>('a' + i % 26);
  for (std::size_t chunk : {1u, 3u, 63u, 64u, 65u, 200u}) {
    CAPTURE(chunk);
    sha256 s;
    for (std::size_t i = 0; i < text.size(); i += chunk) s.update(std::string_view(text).substr(i, chunk));
    auto d = s.digest();
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (uint8_t b : d) out += hex[b >> 4], out += hex[b & 15];
    CHECK(out == sha256_hex(text));
  }
}
