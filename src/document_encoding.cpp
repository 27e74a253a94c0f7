// document_encoding.cpp — encoding detection, UTF-8 validation and conversion to UTF-8.
#include "document_encoding.hpp"

#include <cstdint>
#include <cstring>

namespace stancheck::detail {

namespace {

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

/// The value of `encoding="..."` in an XML declaration at the start of `text`, or "".
std::string declared_encoding(std::string_view text) {
  if (text.substr(0, 5) != "<?xml") return {};
  auto end = text.find("?>");
  if (end == std::string_view::npos || end > 1024) return {};
  std::string_view decl = text.substr(0, end);
  auto at = decl.find("encoding");
  if (at == std::string_view::npos) return {};
  std::size_t i = at + 8;
  while (i < decl.size() && (decl[i] == ' ' || decl[i] == '\t' || decl[i] == '\r' || decl[i] == '\n')) ++i;
  if (i >= decl.size() || decl[i] != '=') return {};
  ++i;
  while (i < decl.size() && (decl[i] == ' ' || decl[i] == '\t' || decl[i] == '\r' || decl[i] == '\n')) ++i;
  if (i >= decl.size() || (decl[i] != '"' && decl[i] != '\'')) return {};
  char q = decl[i++];
  auto close = decl.find(q, i);
  if (close == std::string_view::npos) return {};
  return std::string(decl.substr(i, close - i));
}

void put_utf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

encoding_guess detect_encoding(std::string_view b) {
  auto at = [&](std::size_t i) { return i < b.size() ? static_cast<unsigned char>(b[i]) : 0x100u; };
  encoding_guess g;
  if (at(0) == 0xFF && at(1) == 0xFE && at(2) == 0 && at(3) == 0) return {text_encoding::utf32, 4, {}};
  if (at(0) == 0 && at(1) == 0 && at(2) == 0xFE && at(3) == 0xFF) return {text_encoding::utf32, 4, {}};
  if (at(0) == 0xFF && at(1) == 0xFE) return {text_encoding::utf16le, 2, {}};
  if (at(0) == 0xFE && at(1) == 0xFF) return {text_encoding::utf16be, 2, {}};
  if (at(0) == '<' && at(1) == 0 && at(2) != 0x100u && at(3) == 0) return {text_encoding::utf16le, 0, {}};
  if (at(0) == 0 && at(1) == '<' && at(2) == 0 && at(3) != 0x100u) return {text_encoding::utf16be, 0, {}};
  if (at(0) == 0xEF && at(1) == 0xBB && at(2) == 0xBF) g.bom = 3;
  g.declared = declared_encoding(b.substr(g.bom));
  std::string lower;
  for (char c : g.declared) lower += ascii_lower(c);
  if (lower.empty() || lower == "utf-8" || lower == "utf8" || lower == "us-ascii" || lower == "ascii" ||
      lower == "utf-16" || lower == "utf16") {
    // A UTF-16 label on 8-bit bytes is a common mislabel: the bytes decide.
    g.encoding = text_encoding::utf8;
  } else if (lower == "iso-8859-1" || lower == "latin1" || lower == "latin-1" || lower == "iso8859-1" ||
             lower == "iso_8859-1") {
    g.encoding = g.bom ? text_encoding::utf8 : text_encoding::latin1;
  } else {
    g.encoding = text_encoding::unsupported;
  }
  return g;
}

std::size_t find_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    // Fast path: eight ASCII bytes, none of them NUL.
    if (i + 8 <= n) {
      uint64_t v;
      std::memcpy(&v, s + i, 8);
      const uint64_t high = 0x8080808080808080ull, ones = 0x0101010101010101ull;
      if (((v & high) | ((v - ones) & ~v & high)) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned c = s[i];
    if (c == 0) return i;
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    uint32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2, cp = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3, cp = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4, cp = c & 0x07, min = 0x10000;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      unsigned cc = s[i + k];
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

bool utf16_to_utf8(std::string_view in, bool big_endian, std::string& out, std::size_t& bad, bool partial_ok) {
  const auto* s = reinterpret_cast<const unsigned char*>(in.data());
  const std::size_t n = in.size();
  auto unit = [&](std::size_t i) -> uint32_t {
    return big_endian ? (uint32_t{s[i]} << 8) | s[i + 1] : (uint32_t{s[i + 1]} << 8) | s[i];
  };
  out.reserve(out.size() + n / 2 + n / 8);
  std::size_t i = 0;
  for (; i + 1 < n; i += 2) {
    uint32_t u = unit(i);
    if (u == 0) return bad = i, false;
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 3 >= n) {
        if (partial_ok) return true;
        return bad = i, false;
      }
      uint32_t lo = unit(i + 2);
      if (lo < 0xDC00 || lo > 0xDFFF) return bad = i, false;
      put_utf8(0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00), out);
      i += 2;
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      return bad = i, false;
    } else {
      put_utf8(u, out);
    }
  }
  if (i < n && !partial_ok) return bad = i, false;
  return true;
}

void latin1_to_utf8(std::string_view in, std::string& out) {
  out.reserve(out.size() + in.size() + in.size() / 8);
  for (char c : in) put_utf8(static_cast<unsigned char>(c), out);
}

}  // namespace stancheck::detail
