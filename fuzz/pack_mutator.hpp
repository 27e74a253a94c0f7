// pack_mutator.hpp — a structure-aware mutator for the pack-language fuzz targets
// (fuzz_rule_pack, fuzz_waivers): mutations and cross-overs on tokens rather than bytes.
//
// libFuzzer's own mutations work on bytes: after hours they mostly produce packs that stop at
// the first syntax error, so the checker behind the parser sees little new. These operate on
// the pack language's tokens (names, numbers, strings, comments, punctuation, blanks): delete,
// repeat, move or swap runs of tokens, put one token in place of another of the same class,
// and splice a run of tokens from a second input in at a token boundary — so the result stays
// close to a pack the parser accepts. The token classes are deliberately coarser than the
// lexer's (grammar/lexer.hpp): they only need to cut text at plausible places.
//
// Pure functions of the input and a seed (no libFuzzer call), so tests/pack_mutator_test.cpp can
// check them. The targets wire them in with LLVMFuzzerCustomMutator/CustomCrossOver, keeping
// half of the mutations libFuzzer's own.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace stancheck::fuzz {

enum class token_class : uint8_t { blank, word, number, string, comment, punct };

struct token {
  std::size_t begin, end;
  token_class cls;
};

/// Cuts `s` into tokens covering all of it, in order (joining them gives `s` back).
inline std::vector<token> tokenize(std::string_view s) {
  std::vector<token> out;
  auto word_char = [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c >= 0x80;
  };
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t b = i;
    const unsigned char c = static_cast<unsigned char>(s[i]);
    token_class cls;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
      cls = token_class::blank;
    } else if (c == '#') {
      while (i < s.size() && s[i] != '\n') ++i;
      cls = token_class::comment;
    } else if (c == '"') {
      for (++i; i < s.size() && s[i] != '"' && s[i] != '\n'; ++i)
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
      if (i < s.size() && s[i] == '"') ++i;
      cls = token_class::string;
    } else if (c >= '0' && c <= '9') {
      while (i < s.size() && word_char(static_cast<unsigned char>(s[i]))) ++i;
      cls = token_class::number;
    } else if (c == '$' || c == '@' || word_char(c)) {
      ++i;
      while (i < s.size() && word_char(static_cast<unsigned char>(s[i]))) ++i;
      cls = token_class::word;
    } else {
      ++i;
      cls = token_class::punct;
    }
    out.push_back({b, i, cls});
  }
  return out;
}

/// One token-level mutation of `s` (at least one token long); returns "" when none applies.
/// The result is at most `max_size` bytes.
inline std::string mutate_tokens(std::string_view s, std::size_t max_size, uint32_t seed) {
  std::vector<token> t = tokenize(s);
  if (t.empty()) return {};
  std::minstd_rand rng(seed ? seed : 1);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const std::size_t n = t.size();
  auto text = [&](std::size_t a, std::size_t b) {  // tokens [a, b)
    return a < b ? s.substr(t[a].begin, t[b - 1].end - t[a].begin) : std::string_view{};
  };
  // A run of 1..8 tokens starting at a random token.
  std::size_t a = pick(n), len = 1 + pick(std::min<std::size_t>(8, n - a)), b = a + len;
  std::string out;
  switch (pick(6)) {
    case 0:  // delete a run
      out.append(text(0, a)).append(text(b, n));
      break;
    case 1:  // repeat a run in place
      out.append(text(0, b)).append(text(a, b)).append(text(b, n));
      break;
    case 2: {  // copy a run to another token boundary
      std::size_t at = pick(n + 1);
      out.append(text(0, at)).append(text(a, b)).append(text(at, n));
      break;
    }
    case 3: {  // move a run to another token boundary
      std::size_t at = pick(n + 1);
      if (at >= a && at <= b) return {};
      if (at < a)
        out.append(text(0, at)).append(text(a, b)).append(text(at, a)).append(text(b, n));
      else
        out.append(text(0, a)).append(text(b, at)).append(text(a, b)).append(text(at, n));
      break;
    }
    case 4: {  // swap two single tokens
      std::size_t x = pick(n), y = pick(n);
      if (x == y) return {};
      if (x > y) std::swap(x, y);
      out.append(text(0, x)).append(text(y, y + 1)).append(text(x + 1, y));
      out.append(text(x, x + 1)).append(text(y + 1, n));
      break;
    }
    default: {  // a token replaced by another of its class from the same input
      std::vector<std::size_t> same;
      for (std::size_t i = 0; i < n; ++i)
        if (t[i].cls == t[a].cls && text(i, i + 1) != text(a, a + 1)) same.push_back(i);
      if (same.empty()) return {};
      std::size_t r = same[pick(same.size())];
      out.append(text(0, a)).append(text(r, r + 1)).append(text(a + 1, n));
      break;
    }
  }
  if (out.size() > max_size || out == s) return {};
  return out;
}

/// Tokens [0, i) of `a`, a run of 1..64 tokens of `b`, then tokens [j, end) of `a` (j >= i):
/// a rule of one pack in place of some of another's. "" when either input has no token.
inline std::string cross_tokens(std::string_view a, std::string_view b, std::size_t max_size,
                                uint32_t seed) {
  std::vector<token> ta = tokenize(a), tb = tokenize(b);
  if (ta.empty() || tb.empty()) return {};
  std::minstd_rand rng(seed ? seed : 1);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const std::size_t i = pick(ta.size() + 1),
                    j = i + pick(std::min<std::size_t>(64, ta.size() - i) + 1);
  const std::size_t k = pick(tb.size()), l = k + 1 + pick(std::min<std::size_t>(64, tb.size() - k));
  auto cut = [](std::string_view s, const std::vector<token>& t, std::size_t x, std::size_t y) {
    return x < y ? s.substr(t[x].begin, t[y - 1].end - t[x].begin) : std::string_view{};
  };
  std::string out;
  out.append(cut(a, ta, 0, i)).append(cut(b, tb, k, l)).append(cut(a, ta, j, ta.size()));
  if (out.size() > max_size) return {};
  return out;
}

/// libFuzzer's custom mutator for a target whose first `keep` bytes are not pack text (the role
/// byte of fuzz_waivers): odd seeds mutate tokens, even seeds (and inputs without tokens) go to
/// `bytes`, libFuzzer's own mutator. Returns the new size.
template <class Bytes>
std::size_t custom_mutate(uint8_t* data, std::size_t size, std::size_t max_size, unsigned seed,
                          std::size_t keep, Bytes bytes) {
  if (seed % 2 == 0 || size <= keep || max_size <= keep) return bytes(data, size, max_size);
  std::string m =
      mutate_tokens(std::string_view(reinterpret_cast<const char*>(data) + keep, size - keep),
                    max_size - keep, seed / 2);
  if (m.empty()) return bytes(data, size, max_size);
  std::copy(m.begin(), m.end(), data + keep);
  return keep + m.size();
}

/// libFuzzer's custom cross-over: `keep` bytes of the first input, then cross_tokens of the
/// rest of both. Returns the size written to `out` (0: none).
inline std::size_t custom_cross_over(const uint8_t* a, std::size_t a_size, const uint8_t* b,
                                     std::size_t b_size, uint8_t* out, std::size_t max_out,
                                     unsigned seed, std::size_t keep) {
  if (a_size < keep || b_size < keep || max_out < keep) return 0;
  auto text = [keep](const uint8_t* d, std::size_t n) {
    return std::string_view(reinterpret_cast<const char*>(d) + keep, n - keep);
  };
  std::string m = cross_tokens(text(a, a_size), text(b, b_size), max_out - keep, seed);
  if (m.empty()) return 0;
  std::copy(a, a + keep, out);
  std::copy(m.begin(), m.end(), out + keep);
  return keep + m.size();
}

}  // namespace stancheck::fuzz

/// Defines libFuzzer's LLVMFuzzerCustomMutator and LLVMFuzzerCustomCrossOver for a pack-language
/// target whose first KEEP bytes are not pack text. Use once, at file scope.
#define STANCHECK_PACK_MUTATOR(KEEP)                                                              \
  extern "C" std::size_t LLVMFuzzerMutate(uint8_t* data, std::size_t size, std::size_t max_size); \
  extern "C" std::size_t LLVMFuzzerCustomMutator(uint8_t* data, std::size_t size,                 \
                                                 std::size_t max_size, unsigned seed) {           \
    return stancheck::fuzz::custom_mutate(data, size, max_size, seed, KEEP, LLVMFuzzerMutate);    \
  }                                                                                               \
  extern "C" std::size_t LLVMFuzzerCustomCrossOver(                                               \
      const uint8_t* a, std::size_t a_size, const uint8_t* b, std::size_t b_size, uint8_t* out,   \
      std::size_t max_out, unsigned seed) {                                                       \
    return stancheck::fuzz::custom_cross_over(a, a_size, b, b_size, out, max_out, seed, KEEP);    \
  }
