// Seeded random streams whose algorithm the project owns.
//
// Contract:
//  - `Rng` is xoshiro256** (Blackman & Vigna), seeded through SplitMix64. Its output is
//    the same on every compiler and standard library, which std::mt19937 plus a
//    std::*_distribution is not (the distributions differ between libraries).
//  - A component never seeds its own generator from a clock or std::random_device: it
//    asks for a named stream, `Rng::stream(run_seed, "etcd-0/raft")`. The stream's seed
//    depends only on the run seed and the name, so adding a component does not shift
//    the draws of the others.
//  - Distributions over an Rng live in sim/distributions.h.
#pragma once

#include <cstdint>
#include <string_view>

namespace kcsim::sim {

// SplitMix64: the seeding generator recommended for xoshiro.
constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// FNV-1a over bytes: a stable 64-bit hash of a name, the same on every build.
constexpr std::uint64_t fnv1a64(std::string_view text, std::uint64_t hash = 0xcbf29ce484222325ULL) {
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed);

  // The stream named `name` of the run seeded with `run_seed`.
  static Rng stream(std::uint64_t run_seed, std::string_view name);

  // 64 uniformly random bits.
  std::uint64_t next_u64();

  // Uniform in [0, bound) without modulo bias (Lemire's multiply-and-reject);
  // `bound` must be positive.
  std::uint64_t below(std::uint64_t bound);

  // Uniform in [0, 1) with 53 random bits.
  double unit();

  // True with probability p (p <= 0 never, p >= 1 always, and no draw is spent then).
  bool chance(double p);

 private:
  std::uint64_t s_[4];
};

}  // namespace kcsim::sim
