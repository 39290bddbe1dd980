#include "sim/histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "sim/random.h"

namespace kcsim::sim {
namespace {

// The documented bound: half a bucket, whose width is at most 1/128 of its lower bound.
constexpr double kDocumentedRelativeError = 1.0 / 256.0;
// The bound the kernel promises to its users.
constexpr double kPromisedRelativeError = 0.01;

// The exact nearest-rank percentile of a sorted sample, for a percentile given in
// thousandths of a percent so that the rank is computed in integers:
// the smallest rank r with r / n >= q / 100, at least 1.
double exact_percentile(const std::vector<double>& sorted, std::uint64_t q_millipercent) {
  const std::uint64_t n = sorted.size();
  const std::uint64_t scaled = q_millipercent * n;
  std::uint64_t rank = (scaled + 100'000 - 1) / 100'000;
  rank = std::max<std::uint64_t>(rank, 1);
  return sorted[rank - 1];
}

double relative_error(double reported, double exact) {
  if (exact == 0.0) return reported == 0.0 ? 0.0 : std::numeric_limits<double>::infinity();
  return std::abs(reported - exact) / exact;
}

// Checks every percentile from 0 to 100 in steps of 0.125%, plus the tail ones.
void expect_percentiles_within(const Histogram& histogram, std::vector<double> samples,
                               double bound) {
  std::sort(samples.begin(), samples.end());
  std::vector<std::uint64_t> qs;
  for (std::uint64_t q = 0; q <= 100'000; q += 125)
    qs.push_back(q);
  for (std::uint64_t q : {99'900u, 99'990u, 99'999u, 1u, 10u})
    qs.push_back(q);
  double worst = 0.0;
  for (std::uint64_t q : qs) {
    const double exact = exact_percentile(samples, q);
    const double reported = histogram.percentile(static_cast<double>(q) / 1000.0);
    const double error = relative_error(reported, exact);
    worst = std::max(worst, error);
    EXPECT_LE(error, bound) << "q=" << static_cast<double>(q) / 1000.0 << " exact=" << exact
                            << " reported=" << reported;
  }
  // The bound must be tight enough to mean something: it is not met trivially by 0.
  EXPECT_GT(worst, 0.0);
}

TEST(Histogram, EmptyReportsNoValues) {
  Histogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.sum(), 0.0);
  EXPECT_TRUE(std::isnan(h.mean()));
  EXPECT_TRUE(std::isnan(h.min()));
  EXPECT_TRUE(std::isnan(h.max()));
  EXPECT_TRUE(std::isnan(h.percentile(50)));
  EXPECT_EQ(h.bucket_capacity(), 0u);
}

TEST(Histogram, CountSumMinMaxMeanAreExact) {
  Histogram h;
  for (double v : {3.0, 1.0, 2.0, 0.25})
    h.record(v);
  EXPECT_EQ(h.count(), 4u);
  EXPECT_EQ(h.sum(), 6.25);
  EXPECT_EQ(h.min(), 0.25);
  EXPECT_EQ(h.max(), 3.0);
  EXPECT_EQ(h.mean(), 6.25 / 4);
  // The first and last ranks are the exact extremes.
  EXPECT_EQ(h.percentile(0), 0.25);
  EXPECT_EQ(h.percentile(100), 3.0);
}

TEST(Histogram, RejectsNegativeNanAndInfinityWithoutRecording) {
  Histogram h;
  h.record(1.0);
  EXPECT_THROW(h.record(-1e-300), std::invalid_argument);
  EXPECT_THROW(h.record(std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
  EXPECT_THROW(h.record(std::numeric_limits<double>::infinity()), std::invalid_argument);
  EXPECT_EQ(h.count(), 1u);
  EXPECT_EQ(h.sum(), 1.0);
  EXPECT_EQ(h.min(), 1.0);
}

TEST(Histogram, RejectsPercentileOutsideZeroToHundred) {
  Histogram h;
  h.record(1.0);
  EXPECT_THROW(h.percentile(-0.1), std::invalid_argument);
  EXPECT_THROW(h.percentile(100.1), std::invalid_argument);
  EXPECT_THROW(h.percentile(std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
}

TEST(Histogram, NearestRankFollowsTheDefinition) {
  EXPECT_EQ(Histogram::nearest_rank(50, 4), 2u);  // 2.0 exactly
  EXPECT_EQ(Histogram::nearest_rank(50, 3), 2u);  // ceil(1.5)
  EXPECT_EQ(Histogram::nearest_rank(25, 3), 1u);  // ceil(0.75)
  EXPECT_EQ(Histogram::nearest_rank(0, 10), 1u);  // at least 1
  EXPECT_EQ(Histogram::nearest_rank(100, 10), 10u);
  // 0.999 * 1000 is 999.0000000000001 in doubles; the rank must still be 999.
  EXPECT_EQ(Histogram::nearest_rank(99.9, 1000), 999u);
  EXPECT_EQ(Histogram::nearest_rank(99, 100), 99u);
  EXPECT_EQ(Histogram::nearest_rank(99.99, 10000), 9999u);
  EXPECT_EQ(Histogram::nearest_rank(99.99, 10001), 10000u);  // ceil(10000.0001)
}

TEST(Histogram, ZeroesHaveTheirOwnBucket) {
  Histogram h;
  for (int i = 0; i < 10; ++i)
    h.record(0.0);
  for (int i = 0; i < 10; ++i)
    h.record(5.0);
  EXPECT_EQ(h.percentile(50), 0.0);  // rank 10 is the last zero
  EXPECT_EQ(h.percentile(51), 5.0);  // rank 11 is the first five (clamped to max)
  EXPECT_EQ(h.min(), 0.0);
  EXPECT_EQ(h.sum(), 50.0);
}

TEST(Histogram, EveryBucketIsNarrowerThanOneOver128OfItsLowerBound) {
  // Walk values over 2^-60 .. 2^60 by a factor that is not a power of two, and check
  // that each falls in its bucket and that the bucket is narrow enough.
  std::int64_t previous_key = 0;
  for (double v = std::ldexp(1.0, -60); v < std::ldexp(1.0, 60); v *= 1.0037) {
    const std::int64_t key = Histogram::bucket_key(v);
    const double lower = Histogram::bucket_lower_bound(key);
    const double upper = Histogram::bucket_upper_bound(key);
    ASSERT_LE(lower, v);
    ASSERT_LT(v, upper);
    ASSERT_LE((upper - lower) / lower, 1.0 / 128.0);
    ASSERT_GE(key, previous_key);  // monotone
    previous_key = key;
  }
}

TEST(Histogram, PercentilesWithinOnePercentOverNineteenDecades) {
  Rng rng = Rng::stream(1, "histogram/log-uniform");
  Histogram h;
  std::vector<double> samples;
  for (int i = 0; i < 200'000; ++i) {
    // Log-uniform over 1e-9 .. 1e9.
    const double v = std::pow(10.0, -9.0 + 18.0 * rng.unit());
    samples.push_back(v);
    h.record(v);
  }
  EXPECT_LE(h.min(), 1e-8);
  EXPECT_GE(h.max(), 1e8);
  expect_percentiles_within(h, samples, kDocumentedRelativeError);
  expect_percentiles_within(h, samples, kPromisedRelativeError);
}

TEST(Histogram, PercentilesWithinOnePercentForSkewedSamplesWithTiesAndZeros) {
  Rng rng = Rng::stream(2, "histogram/skewed");
  Histogram h;
  std::vector<double> samples;
  for (int i = 0; i < 100'000; ++i) {
    double v;
    if (rng.chance(0.05)) {
      v = 0.0;
    } else if (rng.chance(0.3)) {
      v = 0.001 * static_cast<double>(1 + rng.below(5));  // heavy ties
    } else {
      v = -std::log(1.0 - rng.unit()) * 0.02;  // exponential, mean 20 ms
      if (rng.chance(0.01)) v *= 1e6;          // a rare, very long tail
    }
    samples.push_back(v);
    h.record(v);
  }
  expect_percentiles_within(h, samples, kDocumentedRelativeError);
}

TEST(Histogram, ValuesOutsideTheExactRangeStayWithinMinAndMax) {
  Histogram h;
  h.record(1e-30);
  h.record(1e-25);
  h.record(1e30);
  EXPECT_EQ(h.count(), 3u);
  EXPECT_EQ(h.min(), 1e-30);
  EXPECT_EQ(h.max(), 1e30);
  const double median = h.percentile(50);
  EXPECT_GE(median, 1e-30);
  EXPECT_LE(median, 1e30);
  // Both tiny values share the lowest bucket, so the median is not 1e-25 to 1%: the
  // guarantee stops at 2^-64. It is still within the sample's range.
  EXPECT_EQ(Histogram::bucket_key(1e-30), Histogram::bucket_key(1e-25));
  EXPECT_LE(h.bucket_capacity(),
            static_cast<std::size_t>((Histogram::kMaxExponent - Histogram::kMinExponent) *
                                     Histogram::kBucketsPerOctave));
}

TEST(Histogram, MemoryIsBoundedByTheOctavesSpannedAndStopsGrowing) {
  Histogram h;
  Rng rng = Rng::stream(3, "histogram/latency");
  auto draw = [&rng] { return std::pow(10.0, -4.0 + 6.0 * rng.unit()); };  // 100us .. 100s
  for (int i = 0; i < 10'000; ++i)
    h.record(draw());
  const std::size_t capacity = h.bucket_capacity();
  // 1e-4 .. 1e2 spans 2^-14 .. 2^7: at most 21 octaves plus one for the edges.
  EXPECT_LE(capacity, 22u * Histogram::kBucketsPerOctave);
  EXPECT_GE(capacity, 19u * Histogram::kBucketsPerOctave);
  for (int i = 0; i < 100'000; ++i)
    h.record(draw());
  EXPECT_EQ(h.bucket_capacity(), capacity);  // steady state: no growth, no allocation
  // The worst case is the whole exact range.
  h.record(std::numeric_limits<double>::denorm_min());
  h.record(std::numeric_limits<double>::max());
  EXPECT_EQ(h.bucket_capacity(),
            static_cast<std::size_t>((Histogram::kMaxExponent - Histogram::kMinExponent) *
                                     Histogram::kBucketsPerOctave));
}

TEST(Histogram, MergeEqualsRecordingEverythingInOne) {
  Rng rng = Rng::stream(4, "histogram/merge");
  Histogram low, high, all;
  for (int i = 0; i < 5'000; ++i) {
    const double small = 1e-6 * (1.0 + rng.unit());
    const double large = 1e3 * (1.0 + rng.unit());
    low.record(small);
    high.record(large);
    all.record(small);
    all.record(large);
  }
  low.record(0.0);
  all.record(0.0);
  Histogram merged;
  merged.merge(high);  // into an empty one
  merged.merge(low);   // growing downwards
  merged.merge(Histogram());
  EXPECT_EQ(merged.count(), all.count());
  // Sums added in another order differ in the last bits only.
  EXPECT_NEAR(merged.sum(), all.sum(), all.sum() * 1e-12);
  EXPECT_EQ(merged.min(), all.min());
  EXPECT_EQ(merged.max(), all.max());
  for (double q = 0; q <= 100; q += 0.5)
    EXPECT_EQ(merged.percentile(q), all.percentile(q)) << q;
}

TEST(Histogram, MergeWithItselfDoublesCountsAndKeepsPercentiles) {
  Histogram h;
  for (int i = 1; i <= 100; ++i)
    h.record(static_cast<double>(i));
  const double p90 = h.percentile(90);
  h.merge(h);
  EXPECT_EQ(h.count(), 200u);
  EXPECT_EQ(h.sum(), 2 * 5050.0);
  // Each value now appears twice: the rank 180 of 200 is the value of rank 90 of 100.
  EXPECT_EQ(h.percentile(90), p90);
  EXPECT_NEAR(p90, 90.0, 90.0 * kDocumentedRelativeError);
}

}  // namespace
}  // namespace kcsim::sim

namespace kcsim::sim {
namespace {

TEST(HistogramSince, TheWindowHoldsOnlyTheLaterSamples) {
  Histogram h;
  h.record(10);
  h.record(0);
  const Histogram earlier = h;
  h.record(0.001);
  h.record(0.002);
  h.record(0.003);
  const Histogram window = h.since(earlier);
  EXPECT_EQ(window.count(), 3u);
  EXPECT_NEAR(window.sum(), 0.006, 1e-12);
  EXPECT_NEAR(window.percentile(50), 0.002, 0.002 * 0.004);
  EXPECT_NEAR(window.max(), 0.003, 0.003 * 0.004);
  EXPECT_NEAR(window.min(), 0.001, 0.001 * 0.004);
  EXPECT_EQ(h.since(h).count(), 0u);
  EXPECT_TRUE(std::isnan(h.since(h).percentile(99)));
  // Not an earlier state of h: rejected.
  Histogram other;
  other.record(5);
  other.record(5);
  other.record(5);
  other.record(5);
  other.record(5);
  other.record(5);
  EXPECT_THROW((void)h.since(other), std::invalid_argument);
}

}  // namespace
}  // namespace kcsim::sim
