// sha256.hpp — SHA-256 (FIPS 180-4) of a byte string, so every report can name the exact packs.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace stancheck {

/// Incremental SHA-256: feed bytes with update(), then take digest() once.
class sha256 {
public:
  sha256();
  void update(std::string_view bytes);
  /// The 32-byte digest; the object must not be updated afterwards.
  std::array<uint8_t, 32> digest();

private:
  void block(const uint8_t* p);
  std::array<uint32_t, 8> h_;
  std::array<uint8_t, 64> buf_{};
  std::size_t buf_len_ = 0;
  uint64_t total_ = 0;  // bytes
};

/// Lower-case hex SHA-256 of `bytes` (64 characters).
std::string sha256_hex(std::string_view bytes);

}  // namespace stancheck
