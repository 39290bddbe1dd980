// Tests of sim/random.h and sim/distributions.h.
//
// Pinned values. The exact outputs below were computed by an independent Python
// reimplementation, written from the published algorithms rather than from sim/random.cc:
// SplitMix64 (checked against its published first output for state 0, 0xe220a8397b1dcdaf),
// FNV-1a 64 (checked against fnv1a("a") = 0xaf63dc4c8601ec8c), xoshiro256** and the
// distribution formulas of sim/distributions.h, using Python's math module (the same libm
// as these builds). The C++ and the Python agree bit for bit. The reference, in short:
//
//   M = 2**64 - 1
//   def splitmix64(s):
//       s = (s + 0x9e3779b97f4a7c15) & M; z = s
//       z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & M
//       z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M
//       return s, z ^ (z >> 31)
//   rotl = lambda x, k: ((x << k) | (x >> (64 - k))) & M
//   class Xo:  # xoshiro256**, seeded with four SplitMix64 outputs
//       def __init__(self, seed):
//           self.s = []
//           for _ in range(4): seed, v = splitmix64(seed); self.s.append(v)
//       def next(self):
//           s = self.s; r = (rotl((s[1] * 5) & M, 7) * 9) & M; t = (s[1] << 17) & M
//           s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t
//           s[3] = rotl(s[3], 45); return r
//       def unit(self): return (self.next() >> 11) * 2.0**-53
//   def stream(seed, name): return Xo(splitmix64(seed ^ fnv1a64(name))[1])
//
// Each pinned value is also checked against a property reasoned from the first uniform
// draw of Rng(42), so that a pinned number is never just the code's output echoed back.
//
// Statistical tests draw 200,000 samples from a fixed seed, so they are deterministic; each
// tolerance is about five standard errors of the estimate (the arithmetic is beside it), so
// a wrong formula fails while the right one passes with a wide margin for any seed.
#include "sim/distributions.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <utility>
#include <vector>

#include "sim/random.h"
#include "sim/time.h"

namespace kcsim::sim {
namespace {

constexpr int kDrawCount = 200'000;

// The first five outputs of Rng(42), from the Python reference.
constexpr std::array<std::uint64_t, 5> kRng42 = {
    0x15780b2e0c2ec716ULL, 0x6104d9866d113a7eULL, 0xae17533239e499a1ULL,
    0xecb8ad4703b360a1ULL, 0xfde6dc7fe2ec5e64ULL,
};

// The first uniform in [0, 1) of Rng(42): its first output's top 53 bits.
double first_unit_of_seed_42() {
  return static_cast<double>(kRng42[0] >> 11) * 0x1.0p-53;
}

std::vector<double> draw(const Distribution& distribution, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<double> values;
  values.reserve(kDrawCount);
  for (int i = 0; i < kDrawCount; ++i)
    values.push_back(distribution.sample(rng));
  return values;
}

double mean_of(const std::vector<double>& values) {
  double sum = 0;
  for (double value : values)
    sum += value;
  return sum / static_cast<double>(values.size());
}

double stddev_of(const std::vector<double>& values) {
  const double mean = mean_of(values);
  double sum_squares = 0;
  for (double value : values)
    sum_squares += (value - mean) * (value - mean);
  return std::sqrt(sum_squares / static_cast<double>(values.size() - 1));
}

// The empirical q-quantile (nearest rank) of the values.
double quantile_of(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(q * static_cast<double>(values.size() - 1))];
}

double fraction_at_most(const std::vector<double>& values, double limit) {
  const auto count =
      std::count_if(values.begin(), values.end(), [&](double v) { return v <= limit; });
  return static_cast<double>(count) / static_cast<double>(values.size());
}

// How many next_u64() calls `action` spent: the Rng's next output is compared with the
// outputs of a fresh Rng of the same seed.
template <typename Action>
int draws_spent(std::uint64_t seed, Action action) {
  Rng rng(seed);
  action(rng);
  const std::uint64_t next = rng.next_u64();
  Rng fresh(seed);
  for (int spent = 0; spent < 64; ++spent) {
    if (fresh.next_u64() == next) return spent;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------
// Rng

TEST(Rng, PinsTheFirstOutputsOfSeed42) {
  Rng rng(42);
  for (std::uint64_t expected : kRng42)
    EXPECT_EQ(rng.next_u64(), expected);
}

TEST(Rng, PinsTheFirstOutputsOfANamedStream) {
  constexpr std::array<std::uint64_t, 5> kExpected = {
      0xb4d90272afeb09bcULL, 0x53238b1f9b8d287aULL, 0xa1bf95b1da4b25c3ULL,
      0xd4203da6e351954fULL, 0x441a3ba82c205698ULL,
  };
  Rng rng = Rng::stream(1, "etcd-0");
  for (std::uint64_t expected : kExpected)
    EXPECT_EQ(rng.next_u64(), expected);
}

TEST(Rng, PinsSplitMix64AndFnv1aToTheirPublishedValues) {
  std::uint64_t state = 0;
  EXPECT_EQ(splitmix64(state), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
}

TEST(Rng, SameSeedGivesTheSameSequence) {
  Rng a(7);
  Rng b(7);
  for (int i = 0; i < 1000; ++i)
    ASSERT_EQ(a.next_u64(), b.next_u64()) << "at draw " << i;
  Rng s1 = Rng::stream(3, "apiserver-1");
  Rng s2 = Rng::stream(3, "apiserver-1");
  for (int i = 0; i < 1000; ++i)
    ASSERT_EQ(s1.next_u64(), s2.next_u64()) << "at draw " << i;
}

TEST(Rng, DifferentNamesAndSeedsGiveDifferentStreams) {
  // Distinct 64-bit first outputs: a collision would be a 2^-64 coincidence.
  const std::uint64_t base = Rng::stream(1, "etcd-0").next_u64();
  EXPECT_NE(base, Rng::stream(1, "etcd-1").next_u64());
  EXPECT_NE(base, Rng::stream(2, "etcd-0").next_u64());
  EXPECT_NE(base, Rng(1).next_u64());
}

TEST(Rng, UnitIsInTheHalfOpenUnitInterval) {
  Rng rng(11);
  double sum = 0;
  for (int i = 0; i < kDrawCount; ++i) {
    const double u = rng.unit();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  // Mean 1/2, standard error sqrt(1/12 / 200000) = 6.5e-4.
  EXPECT_NEAR(sum / kDrawCount, 0.5, 0.0033);
}

TEST(Rng, BelowStaysWithinBounds) {
  Rng rng(5);
  for (std::uint64_t bound : {1ULL, 2ULL, 3ULL, 7ULL, 1000ULL, (1ULL << 63) + 1, ~0ULL}) {
    for (int i = 0; i < 2000; ++i)
      ASSERT_LT(rng.below(bound), bound) << "bound " << bound;
  }
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(rng.below(1), 0u);
}

TEST(Rng, BelowIsUniformOverSmallBounds) {
  constexpr int kDraws = 120'000;
  std::array<int, 6> counts{};
  Rng rng(9);
  for (int i = 0; i < kDraws; ++i)
    ++counts[rng.below(6)];
  // Each count is binomial(120000, 1/6): mean 20000, sd sqrt(120000 * 1/6 * 5/6) = 129.
  for (int count : counts)
    EXPECT_NEAR(count, 20'000, 650);
}

TEST(Rng, BelowHasNoModuloBiasForALargeBound) {
  // With bound = 3 * 2^62, `next_u64() % bound` would put values below 2^62 twice as often
  // as the rest (probability 1/2 instead of 1/3). Lemire's rejection must give 1/3.
  constexpr std::uint64_t kBound = 3ULL << 62;
  Rng rng(13);
  int low_count = 0;
  for (int i = 0; i < kDrawCount; ++i)
    low_count += rng.below(kBound) < (1ULL << 62) ? 1 : 0;
  // Binomial(200000, 1/3): sd = 211, so 1/3 +- 0.0053 is five standard errors.
  EXPECT_NEAR(static_cast<double>(low_count) / kDrawCount, 1.0 / 3.0, 0.0053);
}

TEST(Rng, ChanceOfZeroOrOneSpendsNoDraw) {
  EXPECT_EQ(draws_spent(42, [](Rng& rng) { EXPECT_FALSE(rng.chance(0)); }), 0);
  EXPECT_EQ(draws_spent(42, [](Rng& rng) { EXPECT_TRUE(rng.chance(1)); }), 0);
  EXPECT_EQ(draws_spent(42, [](Rng& rng) { EXPECT_FALSE(rng.chance(-0.5)); }), 0);
  EXPECT_EQ(draws_spent(42, [](Rng& rng) { EXPECT_TRUE(rng.chance(2)); }), 0);
  EXPECT_EQ(draws_spent(42, [](Rng& rng) { rng.chance(0.5); }), 1);
}

TEST(Rng, ChanceHitsAtItsProbability) {
  Rng rng(17);
  int hits = 0;
  for (int i = 0; i < kDrawCount; ++i)
    hits += rng.chance(0.1) ? 1 : 0;
  // Binomial(200000, 0.1): sd = 134, i.e. 6.7e-4 of the fraction.
  EXPECT_NEAR(static_cast<double>(hits) / kDrawCount, 0.1, 0.0034);
}

// ---------------------------------------------------------------------------------------
// Free functions

TEST(UniformInt, StaysInTheInclusiveRangeAndHitsEveryValue) {
  Rng rng(21);
  std::array<int, 10> counts{};
  for (int i = 0; i < kDrawCount; ++i) {
    const std::int64_t value = uniform_int(rng, -3, 6);
    ASSERT_GE(value, -3);
    ASSERT_LE(value, 6);
    ++counts[static_cast<std::size_t>(value + 3)];
  }
  // Binomial(200000, 1/10): mean 20000, sd 134.
  for (int count : counts)
    EXPECT_NEAR(count, 20'000, 670);
}

TEST(UniformInt, HandlesASingleValueAndTheFullRange) {
  Rng rng(1);
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(uniform_int(rng, 7, 7), 7);
  // Over the full int64 range the value is INT64_MIN + x (mod 2^64) for the raw output x:
  // x with its top bit flipped, read as signed.
  Rng seeded(42);
  EXPECT_EQ(uniform_int(seeded, std::numeric_limits<std::int64_t>::min(),
                        std::numeric_limits<std::int64_t>::max()),
            static_cast<std::int64_t>(kRng42[0] ^ (1ULL << 63)));
  EXPECT_EQ(static_cast<std::int64_t>(kRng42[0] ^ (1ULL << 63)), -7676373272452217066);
}

TEST(UniformInt, PinsSeed42) {
  // floor(11 * x / 2^64) for the first output x = 0x15780b2e0c2ec716 (about 0.084 * 2^64)
  // is 0, so the first value of [-5, 5] is -5.
  Rng rng(42);
  EXPECT_EQ(uniform_int(rng, -5, 5), -5);
  Rng again(42);
  EXPECT_EQ(uniform_int(again, 0, 999), 83);  // floor(1000 * 0.08386...) = 83
}

TEST(FreeFunctions, PinSeed42AndMatchTheirInverseCdfs) {
  const double u = first_unit_of_seed_42();
  ASSERT_DOUBLE_EQ(u, 0.08386297105988216);
  {
    Rng rng(42);
    const double value = uniform_real(rng, 0, 10);
    EXPECT_EQ(value, 0.8386297105988216);
    EXPECT_DOUBLE_EQ(value, 10 * u);
  }
  {
    Rng rng(42);
    const double value = exponential(rng, 2);
    EXPECT_EQ(value, 0.17517866116683514);
    EXPECT_DOUBLE_EQ(value, -2 * std::log(1 - u));
  }
  {
    Rng rng(42);
    const double value = pareto(rng, 3, 1.5);
    EXPECT_EQ(value, 3.180394277443145);
    EXPECT_DOUBLE_EQ(value, 3 * std::pow(1 - u, -1 / 1.5));
    EXPECT_GE(value, 3.0);  // never below the scale
  }
  {
    Rng rng(42);
    const std::array<double, 4> values = {1, 2, 4, 8};
    const double value = empirical(rng, values);
    EXPECT_EQ(value, 1.2515889131796465);
    // Position 3u = 0.2516 lies in the first segment, [1, 2].
    EXPECT_DOUBLE_EQ(value, 1 + 3 * u);
  }
}

TEST(FreeFunctions, PinTheNormalAndLognormalOfSeed42) {
  // Box–Muller from the first two uniforms of Rng(42).
  const double u1 = 1 - first_unit_of_seed_42();
  const double u2 = static_cast<double>(kRng42[1] >> 11) * 0x1.0p-53;
  const double z = std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
  {
    Rng rng(42);
    const double value = normal(rng, 5, 2);
    EXPECT_EQ(value, 4.393473870642524);
    EXPECT_DOUBLE_EQ(value, 5 + 2 * z);
  }
  {
    Rng rng(42);
    const double value = lognormal_median_p99(rng, 1e6, 5e6);
    EXPECT_EQ(value, 810741.0504749313);
    // exp(ln(1e6) + sigma z) = 1e6 * 5^(z / 2.3263...)
    EXPECT_NEAR(value, 1e6 * std::pow(5.0, z / kNormalQuantile99), 1e-6);
  }
}

TEST(FreeFunctions, EmpiricalWithOneValueReturnsIt) {
  Rng rng(3);
  const std::array<double, 1> values = {4.5};
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(empirical(rng, values), 4.5);
}

// ---------------------------------------------------------------------------------------
// Distribution: statistics over 200,000 draws

TEST(DistributionStatistics, Uniform) {
  const auto values = draw(Distribution::uniform(2, 6), 100);
  EXPECT_GE(*std::min_element(values.begin(), values.end()), 2.0);
  EXPECT_LE(*std::max_element(values.begin(), values.end()), 6.0);
  // sd of U(2,6) = 4 / sqrt(12) = 1.155; standard error of the mean 0.0026.
  EXPECT_NEAR(mean_of(values), 4.0, 0.013);
  EXPECT_NEAR(stddev_of(values), 4 / std::sqrt(12.0), 0.01);
}

TEST(DistributionStatistics, Exponential) {
  const auto values = draw(Distribution::exponential(3), 101);
  EXPECT_GE(*std::min_element(values.begin(), values.end()), 0.0);
  // The mean's standard error is mean / sqrt(n) = 0.22%; the median's is the same
  // (1 / (2 f(median) sqrt(n)) with f(median) = 1 / (2 mean)). Tolerance 1%.
  EXPECT_NEAR(mean_of(values), 3.0, 0.03);
  EXPECT_NEAR(quantile_of(values, 0.5), 3 * std::numbers::ln2, 0.03);
  // p99 = mean * ln(100); its standard error is sqrt(0.99 * 0.01 / n) / f(p99) = 2.2%
  // of the mean, i.e. 0.5% of p99. Tolerance 3%.
  EXPECT_NEAR(quantile_of(values, 0.99), 3 * std::log(100.0), 0.03 * 3 * std::log(100.0));
}

TEST(DistributionStatistics, Normal) {
  const auto values = draw(Distribution::normal(10, 2), 102);
  // Standard errors: mean sd / sqrt(n) = 0.0045, sd sd / sqrt(2n) = 0.0032.
  EXPECT_NEAR(mean_of(values), 10.0, 0.022);
  EXPECT_NEAR(stddev_of(values), 2.0, 0.016);
  // P(|Z| <= 1) = 0.682689; standard error of the fraction 0.00104.
  const double within_one_sd = fraction_at_most(values, 12) - fraction_at_most(values, 8);
  EXPECT_NEAR(within_one_sd, 0.682689, 0.0052);
  // Box–Muller with u1 >= 2^-53 bounds |Z| by sqrt(106 ln 2) = 8.57.
  for (double value : values)
    ASSERT_LT(std::abs(value - 10), 2 * 8.6);
}

TEST(DistributionStatistics, LognormalHitsItsMedianAndP99) {
  const Distribution latency = Distribution::lognormal(1e6, 5e6);
  const auto values = draw(latency, 103);
  EXPECT_GT(*std::min_element(values.begin(), values.end()), 0.0);
  // sigma = ln 5 / 2.326 = 0.692. Standard error of the sample median:
  // median * sigma * sqrt(2 pi) / (2 sqrt(n)) = 0.19% of it; tolerance 1%.
  EXPECT_NEAR(quantile_of(values, 0.5), 1e6, 0.01 * 1e6);
  // Of the sample p99: sqrt(0.99 * 0.01 / n) * p99 * sigma / phi(2.326) = 0.58%; tol. 3%.
  EXPECT_NEAR(quantile_of(values, 0.99), 5e6, 0.03 * 5e6);
  // Mean median * exp(sigma^2 / 2) = 1.27e6; its standard error is 0.17%; tolerance 1%.
  EXPECT_NEAR(mean_of(values), latency.mean(), 0.01 * latency.mean());
  EXPECT_NEAR(latency.mean(), 1.2705e6, 0.001e6);
}

TEST(DistributionStatistics, Pareto) {
  const Distribution tail = Distribution::pareto(1, 3);
  const auto values = draw(tail, 104);
  EXPECT_GE(*std::min_element(values.begin(), values.end()), 1.0);
  // Median 2^(1/3); f(median) = 3 / 2^(4/3) = 1.19, so the median's standard error is
  // 1 / (2 f sqrt(n)) = 9.4e-4; tolerance 0.006.
  EXPECT_NEAR(quantile_of(values, 0.5), std::cbrt(2.0), 0.006);
  // Mean 3/2, variance 3/4 (finite for shape 3): standard error 0.0019; tolerance 0.03
  // because the fourth moment is infinite and the sample variance converges slowly.
  EXPECT_NEAR(mean_of(values), 1.5, 0.03);
  // P(X > x) = x^-3: one draw in 1000 exceeds 10 (sd of the fraction 7e-5).
  EXPECT_NEAR(1 - fraction_at_most(values, 10), 0.001, 0.00036);
}

TEST(DistributionStatistics, EmpiricalIsPiecewiseUniformBetweenItsPoints) {
  // Points 0, 10, 30: half the mass spread evenly on [0, 10], half on [10, 30].
  const auto values = draw(Distribution::empirical({30, 0, 10}), 105);
  EXPECT_GE(*std::min_element(values.begin(), values.end()), 0.0);
  EXPECT_LE(*std::max_element(values.begin(), values.end()), 30.0);
  // Fractions below 5, 10 and 20: 1/4, 1/2, 3/4; standard error at most 0.0011.
  EXPECT_NEAR(fraction_at_most(values, 5), 0.25, 0.0055);
  EXPECT_NEAR(fraction_at_most(values, 10), 0.5, 0.0055);
  EXPECT_NEAR(fraction_at_most(values, 20), 0.75, 0.0055);
  // Mean (5 + 20) / 2 = 12.5; variance 233.3 - 156.25 = 77.1, standard error 0.0196.
  EXPECT_NEAR(mean_of(values), 12.5, 0.1);
}

TEST(DistributionStatistics, HalfOfTheDrawsFallAtOrBelowTheMedian) {
  // P(X <= median) = 1/2 for every continuous kind; standard error of the fraction 0.0011.
  const std::vector<Distribution> distributions = {
      Distribution::uniform(-1, 3),
      Distribution::exponential(0.5),
      Distribution::normal(-4, 0.1),
      Distribution::lognormal(2e6, 1e7),
      Distribution::pareto(5, 0.8),
      Distribution::empirical({1, 2, 4, 8, 16, 17}),
      Distribution::empirical({1, 2, 4, 8, 16}),
  };
  std::uint64_t seed = 200;
  for (const Distribution& distribution : distributions) {
    const auto values = draw(distribution, ++seed);
    EXPECT_NEAR(fraction_at_most(values, distribution.median()), 0.5, 0.0055)
        << distribution.describe();
  }
}

TEST(DistributionStatistics, SampleMeansMatchMean) {
  const std::vector<Distribution> distributions = {
      Distribution::uniform(-1, 3),
      Distribution::exponential(0.5),
      Distribution::normal(-4, 0.1),
      Distribution::pareto(5, 4),
      Distribution::empirical({1, 2, 4, 8, 16}),
  };
  std::uint64_t seed = 300;
  for (const Distribution& distribution : distributions) {
    const auto values = draw(distribution, ++seed);
    // Five standard errors of the sample mean (stddev / sqrt(n)), plus a floor.
    const double tolerance = 5 * stddev_of(values) / std::sqrt(kDrawCount) + 1e-9;
    EXPECT_NEAR(mean_of(values), distribution.mean(), tolerance) << distribution.describe();
  }
}

// ---------------------------------------------------------------------------------------
// Distribution: exact behaviour

TEST(Distribution, SamplesMatchTheFreeFunctionsForSeed42) {
  const double u = first_unit_of_seed_42();
  auto first_sample = [](const Distribution& distribution) {
    Rng rng(42);
    return distribution.sample(rng);
  };
  EXPECT_EQ(first_sample(Distribution::constant(2.5)), 2.5);
  EXPECT_EQ(first_sample(Distribution::uniform(0, 10)), 0.8386297105988216);
  EXPECT_EQ(first_sample(Distribution::exponential(2)), 0.17517866116683514);
  EXPECT_EQ(first_sample(Distribution::normal(5, 2)), 4.393473870642524);
  EXPECT_EQ(first_sample(Distribution::lognormal(1e6, 5e6)), 810741.0504749313);
  EXPECT_EQ(first_sample(Distribution::pareto(3, 1.5)), 3.180394277443145);
  EXPECT_EQ(first_sample(Distribution::empirical({8, 1, 4, 2})), 1.2515889131796465);
  // uniform(0, 10) is 10u.
  EXPECT_DOUBLE_EQ(first_sample(Distribution::uniform(0, 10)), 10 * u);
}

// The lognormal's mu and sigma are computed once, at construction: its draws must be
// the very bits of the formula that took the logarithms at every draw.
TEST(Distribution, LognormalDrawsAreThoseOfTheFormulaPerDraw) {
  for (const auto& [median, p99] :
       {std::pair{1e6, 5e6}, std::pair{250e3, 1e6}, std::pair{3e6, 4e7}, std::pair{1.0, 1.0}}) {
    const Distribution distribution = Distribution::lognormal(median, p99);
    Rng a = Rng::stream(17, "lognormal");
    Rng b = Rng::stream(17, "lognormal");
    for (int i = 0; i < 2000; ++i) {
      const double mu = std::log(median);
      const double sigma = (std::log(p99) - mu) / kNormalQuantile99;
      const double expected = std::exp(normal(b, mu, sigma));
      ASSERT_EQ(distribution.sample(a), expected) << "median " << median << " draw " << i;
    }
    const double sigma = (std::log(p99) - std::log(median)) / kNormalQuantile99;
    EXPECT_EQ(distribution.mean(), median * std::exp(sigma * sigma / 2));
  }
}

TEST(Distribution, SameSeedGivesTheSameSamples) {
  const Distribution distribution = Distribution::lognormal(3e6, 4e7);
  Rng a = Rng::stream(9, "scheduler");
  Rng b = Rng::stream(9, "scheduler");
  for (int i = 0; i < 1000; ++i)
    ASSERT_EQ(distribution.sample(a), distribution.sample(b)) << "at draw " << i;
}

TEST(Distribution, SpendsTheDocumentedNumberOfDraws) {
  auto spent = [](const Distribution& distribution) {
    return draws_spent(42, [&](Rng& rng) { distribution.sample(rng); });
  };
  EXPECT_EQ(spent(Distribution::constant(1)), 0);
  EXPECT_EQ(spent(Distribution::uniform(0, 1)), 1);
  EXPECT_EQ(spent(Distribution::uniform(1, 1)), 1);
  EXPECT_EQ(spent(Distribution::exponential(1)), 1);
  EXPECT_EQ(spent(Distribution::normal(0, 1)), 2);
  EXPECT_EQ(spent(Distribution::normal(0, 0)), 2);
  EXPECT_EQ(spent(Distribution::lognormal(1, 5)), 2);
  EXPECT_EQ(spent(Distribution::pareto(1, 2)), 1);
  EXPECT_EQ(spent(Distribution::empirical({1, 2, 3})), 1);
  EXPECT_EQ(spent(Distribution::empirical({1})), 1);
}

TEST(Distribution, ConstantSpendsNoDrawSoLaterDrawsDoNotShift) {
  const Distribution fixed = Distribution::constant(100);
  Rng rng(42);
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(fixed.sample_duration(rng), 100);
  EXPECT_EQ(rng.next_u64(), kRng42[0]);
}

TEST(Distribution, DefaultIsAValidConstantZero) {
  const Distribution distribution;
  EXPECT_EQ(distribution.kind(), Distribution::Kind::kConstant);
  EXPECT_EQ(distribution.validate(), std::nullopt);
  EXPECT_EQ(distribution, Distribution::constant(0));
}

TEST(Distribution, SampleDurationRoundsAndClamps) {
  Rng rng(1);
  EXPECT_EQ(Distribution::constant(-3).sample_duration(rng), 0);
  EXPECT_EQ(Distribution::constant(0.49).sample_duration(rng), 0);
  EXPECT_EQ(Distribution::constant(2.5).sample_duration(rng), 3);  // half away from zero
  EXPECT_EQ(Distribution::constant(2.4999).sample_duration(rng), 2);
  EXPECT_EQ(Distribution::constant(1.5e9).sample_duration(rng), 1'500'000'000);
  EXPECT_EQ(Distribution::constant(9e18).sample_duration(rng), 9'000'000'000'000'000'000);
  EXPECT_EQ(Distribution::constant(1e19).sample_duration(rng), kTimeNever);
  EXPECT_EQ(Distribution::constant(1e300).sample_duration(rng), kTimeNever);
}

TEST(Distribution, SampleDurationOfANormalNeverGoesNegative) {
  const Distribution jitter = Distribution::normal(0, 1000);
  Rng rng(8);
  int zeros = 0;
  for (int i = 0; i < 10'000; ++i) {
    const Time t = jitter.sample_duration(rng);
    ASSERT_GE(t, 0);
    zeros += t == 0 ? 1 : 0;
  }
  // Half the draws are negative and clamp to 0 (plus those in [0, 0.5) ns, 0.02%);
  // binomial sd = 50.
  EXPECT_NEAR(zeros, 5000, 250);
}

TEST(Distribution, MedianIsExact) {
  EXPECT_EQ(Distribution::constant(7).median(), 7);
  EXPECT_EQ(Distribution::uniform(2, 4).median(), 3);
  EXPECT_DOUBLE_EQ(Distribution::exponential(2).median(), 2 * std::numbers::ln2);
  EXPECT_EQ(Distribution::normal(-1, 5).median(), -1);
  EXPECT_EQ(Distribution::lognormal(1e6, 5e6).median(), 1e6);
  EXPECT_DOUBLE_EQ(Distribution::pareto(1, 3).median(), std::cbrt(2.0));
  EXPECT_EQ(Distribution::empirical({0, 10, 30}).median(), 10);
  // Four points: the median is halfway along the middle segment [2, 4].
  EXPECT_EQ(Distribution::empirical({8, 4, 2, 1}).median(), 3);
}

TEST(Distribution, MeanOfAHeavyParetoIsInfinite) {
  EXPECT_EQ(Distribution::pareto(1, 1).mean(), std::numeric_limits<double>::infinity());
  EXPECT_EQ(Distribution::pareto(1, 0.5).mean(), std::numeric_limits<double>::infinity());
  EXPECT_EQ(Distribution::pareto(2, 2).mean(), 4);
}

TEST(Distribution, DescribeIsCanonicalAndUnitFree) {
  EXPECT_EQ(Distribution::constant(1.5).describe(), "constant(1.5)");
  EXPECT_EQ(Distribution::uniform(0, 1).describe(), "uniform(lo=0,hi=1)");
  EXPECT_EQ(Distribution::exponential(0.5).describe(), "exponential(mean=0.5)");
  EXPECT_EQ(Distribution::normal(0, 1).describe(), "normal(mean=0,stddev=1)");
  EXPECT_EQ(Distribution::lognormal(1e6, 5e6).describe(), "lognormal(median=1e+06,p99=5e+06)");
  EXPECT_EQ(Distribution::pareto(1, 2.5).describe(), "pareto(scale=1,shape=2.5)");
  EXPECT_EQ(Distribution::empirical({4, -0.0, 1}).describe(), "empirical(n=3,values=[0,1,4])");
  // Shortest round-trip: 0.1 prints as 0.1, and 1/3 with all its 17 digits.
  EXPECT_EQ(Distribution::constant(0.1).describe(), "constant(0.1)");
  EXPECT_EQ(Distribution::constant(1.0 / 3).describe(), "constant(0.3333333333333333)");
}

TEST(Distribution, DescribeSummarisesALargeEmpiricalSet) {
  std::vector<double> values;
  for (int i = 100; i >= 0; --i)
    values.push_back(i);
  EXPECT_EQ(Distribution::empirical(values).describe(), "empirical(n=101,min=0,median=50,max=100)");
}

TEST(Distribution, EqualityComparesKindAndParameters) {
  EXPECT_EQ(Distribution::lognormal(1, 2), Distribution::lognormal(1, 2));
  EXPECT_NE(Distribution::lognormal(1, 2), Distribution::lognormal(1, 3));
  EXPECT_NE(Distribution::uniform(1, 2), Distribution::normal(1, 2));
  EXPECT_EQ(Distribution::empirical({3, 1, 2}), Distribution::empirical({1, 2, 3}));
  EXPECT_EQ(Distribution::empirical({-0.0, 1}), Distribution::empirical({0.0, 1}));
}

TEST(Distribution, KindAndKindName) {
  EXPECT_EQ(Distribution::constant(1).kind(), Distribution::Kind::kConstant);
  EXPECT_EQ(Distribution::uniform(0, 1).kind(), Distribution::Kind::kUniform);
  EXPECT_EQ(Distribution::exponential(1).kind(), Distribution::Kind::kExponential);
  EXPECT_EQ(Distribution::normal(0, 1).kind(), Distribution::Kind::kNormal);
  EXPECT_EQ(Distribution::lognormal(1, 2).kind(), Distribution::Kind::kLognormal);
  EXPECT_EQ(Distribution::pareto(1, 2).kind(), Distribution::Kind::kPareto);
  EXPECT_EQ(Distribution::empirical({1}).kind(), Distribution::Kind::kEmpirical);
  EXPECT_EQ(Distribution::kind_name(Distribution::Kind::kLognormal), "lognormal");
  EXPECT_EQ(Distribution::kind_name(Distribution::Kind::kEmpirical), "empirical");
}

// ---------------------------------------------------------------------------------------
// Validation

TEST(DistributionValidate, AcceptsGoodParameters) {
  for (const Distribution& good : {
           Distribution::constant(-1),
           Distribution::uniform(3, 3),
           Distribution::exponential(1e-9),
           Distribution::normal(0, 0),
           Distribution::lognormal(5, 5),
           Distribution::pareto(0.1, 0.1),
           Distribution::empirical({1}),
       }) {
    EXPECT_EQ(good.validate(), std::nullopt) << good.describe();
  }
}

TEST(DistributionValidate, NamesTheBadParameter) {
  EXPECT_EQ(Distribution::normal(0, -1).validate(),
            "normal: stddev must be finite and >= 0, got -1");
  EXPECT_EQ(Distribution::lognormal(5, 4).validate(), "lognormal: p99 must be >= median 5, got 4");
  EXPECT_EQ(Distribution::pareto(1, 0).validate(), "pareto: shape must be finite and > 0, got 0");
  EXPECT_EQ(Distribution::empirical({}).validate(),
            "empirical: needs at least one value, got none");
}

TEST(DistributionValidate, RejectsEveryBadParameter) {
  constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
  constexpr double kInf = std::numeric_limits<double>::infinity();
  constexpr double kMax = std::numeric_limits<double>::max();
  for (const Distribution& bad : {
           Distribution::constant(kNan),
           Distribution::constant(kInf),
           Distribution::uniform(2, 1),
           Distribution::uniform(kNan, 1),
           Distribution::uniform(0, kInf),
           Distribution::uniform(-kMax, kMax),  // hi - lo overflows
           Distribution::exponential(0),
           Distribution::exponential(-1),
           Distribution::exponential(kInf),
           Distribution::normal(kNan, 1),
           Distribution::normal(0, kInf),
           Distribution::lognormal(0, 1),
           Distribution::lognormal(-1, 1),
           Distribution::lognormal(1, kInf),
           Distribution::lognormal(1, kNan),
           Distribution::pareto(0, 1),
           Distribution::pareto(1, -2),
           Distribution::pareto(1, kNan),
           Distribution::empirical({1, kNan, 2}),
           Distribution::empirical({1, kInf}),
       }) {
    EXPECT_NE(bad.validate(), std::nullopt) << bad.describe();
  }
  // The message begins with the kind, so the scenario parser can prefix the key.
  const auto error = Distribution::uniform(2, 1).validate();
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->rfind("uniform: ", 0), 0u) << *error;
}

}  // namespace
}  // namespace kcsim::sim
