// prng.hpp — splitmix64, the benchmark generator's only source of randomness: the same seed gives
// the same bytes on every platform and library version (no std::*_distribution).
#pragma once

#include <cstdint>
#include <string_view>

namespace stancheck::bench {

/// splitmix64 (Steele, Lea, Flood 2014): tiny state, full 2^64 period, good enough mixing for
/// synthetic data. Every draw helper below is defined in terms of `next()` only.
class splitmix64 {
 public:
  explicit splitmix64(uint64_t seed) : state_(seed) {}

  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, n) (modulo bias is below 2^-40 for the small n used here). n must be > 0.
  uint64_t below(uint64_t n) { return next() % n; }
  /// Uniform in [lo, hi], inclusive.
  int64_t between(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo + 1))); }
  /// Uniform in [0, 1) with 53 bits.
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// True with probability p.
  bool chance(double p) { return unit() < p; }
  /// One element of a non-empty array.
  template <typename T, std::size_t N>
  const T& pick(const T (&items)[N]) { return items[below(N)]; }

 private:
  uint64_t state_;
};

/// An independent stream for item `index` of a run seeded with `seed`: system i is the same
/// whatever the catalogue size or layout.
inline splitmix64 stream_for(uint64_t seed, uint64_t index) {
  splitmix64 mix(seed ^ (index * 0xd1342543de82ef95ULL + 0x632be59bd9b4e019ULL));
  return splitmix64(mix.next());
}

}  // namespace stancheck::bench
