// document_encoding.hpp — private to the document loader: detecting a document's character
// encoding and bringing it to UTF-8 (UTF-8 validation, UTF-16 and ISO-8859-1 conversion), and
// reading a document's bytes (shared by the loader and the sniff).
#pragma once

#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <string>
#include <string_view>

namespace stancheck::detail {

enum class text_encoding { utf8, utf16le, utf16be, utf32, latin1, unsupported };

struct encoding_guess {
  text_encoding encoding = text_encoding::utf8;
  std::size_t bom = 0;   // bytes of byte order mark to skip when converting
  std::string declared;  // encoding named by the XML declaration, as written ("" if none)
};

/// From the byte order mark, the first bytes and the XML declaration.
encoding_guess detect_encoding(std::string_view bytes);

/// Offset of the first byte that is not valid UTF-8 or is a NUL byte; npos when all are valid.
/// Rejects overlong forms, surrogates and code points above U+10FFFF.
std::size_t find_invalid_utf8(std::string_view text);

/// Appends `in` (UTF-16, no BOM) converted to UTF-8 to `out`. On an unpaired surrogate or a NUL
/// returns false with `bad` = offset in `in`; with `partial_ok` a truncated tail is dropped.
bool utf16_to_utf8(std::string_view in, bool big_endian, std::string& out, std::size_t& bad,
                   bool partial_ok = false);

/// Appends ISO-8859-1 `in` converted to UTF-8 to `out`.
void latin1_to_utf8(std::string_view in, std::string& out);

/// Reads up to `n` bytes of `fd` into `buf` with read(2) — fewer only at the end of the file —
/// retrying when interrupted. Returns how many, or -1 with errno set.
inline long read_up_to(int fd, char* buf, std::size_t n) {
  std::size_t got = 0;
  while (got < n) {
    ssize_t r = ::read(fd, buf + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return -1;
    if (r == 0) break;
    got += static_cast<std::size_t>(r);
  }
  return static_cast<long>(got);
}

}  // namespace stancheck::detail
