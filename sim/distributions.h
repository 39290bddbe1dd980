// Random distributions over `sim::Rng`, written here because std::*_distribution gives
// different values on different standard libraries, which would break replay.
//
// Contract:
//  - Every sample is a pure function of the Rng's state: no hidden state between calls
//    (normal() uses one Box–Muller pair per call and discards the second value).
//  - Draw counts are fixed per kind, so that a stream's alignment never depends on the
//    values drawn: constant 0, uniform 1, exponential 1, normal 2, lognormal 2, pareto 1,
//    empirical 1. The one exception is uniform_int, which rejects (rarely) to stay unbiased.
//    A constant spends no draw, so a component whose delays are constants draws exactly as
//    if it never sampled them, and turning jitter on elsewhere shifts none of its draws.
//  - The arithmetic is IEEE double with std::log, std::exp, std::cos and std::pow from the
//    platform's libm: g++ and clang++ builds on one platform agree bit for bit (both call
//    the same libm); a different libm may differ in the last bit. This assumes no fused
//    multiply-add: x86-64 without -march=... has none; on a target with FMA the build must
//    pass -ffp-contract=off, since g++ and clang++ contract a*b+c by different rules.
//  - Free functions assert their preconditions; `Distribution::validate()` reports bad
//    parameters as text for the scenario parser, which must call it before sampling.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "sim/random.h"
#include "sim/time.h"

namespace kcsim::sim {

// The standard normal quantile at 0.99, z such that P(Z <= z) = 0.99.
inline constexpr double kNormalQuantile99 = 2.3263478740408408;

// Uniform integer in [lo, hi_inclusive]; lo <= hi_inclusive. The full int64 range works.
std::int64_t uniform_int(Rng& rng, std::int64_t lo, std::int64_t hi_inclusive);

// lo + (hi - lo) * u with u uniform in [0, 1): in [lo, hi], where hi itself is reachable
// only by rounding. lo <= hi, both finite.
double uniform_real(Rng& rng, double lo, double hi);

// Exponential with the given mean (> 0), by inversion: -mean * ln(1 - u).
double exponential(Rng& rng, double mean);

// Normal by Box–Muller, two draws per call: mean + stddev * sqrt(-2 ln u1) * cos(2 pi u2).
// stddev >= 0. |value - mean| < 8.6 stddev, since u1 >= 2^-53.
double normal(Rng& rng, double mean, double stddev);

// Lognormal given by its median (> 0) and 99th percentile (>= median):
// exp(mu + sigma * Z) with mu = ln(median), sigma = (ln(p99) - ln(median)) / 2.3263...
// This is how latencies are usually quoted, and the two numbers fix the distribution.
double lognormal_median_p99(Rng& rng, double median, double p99);

// Pareto (type I) with minimum `scale` (> 0) and tail index `shape` (> 0), by inversion:
// scale * (1 - u)^(-1 / shape). Its mean is infinite when shape <= 1.
double pareto(Rng& rng, double scale, double shape);

// The piecewise-linear inverse CDF through n sorted sample points (n >= 1): the point at
// position u * (n - 1), interpolated between its two neighbours. With n == 1 it returns
// the one value (and still spends its draw).
double empirical(Rng& rng, std::span<const double> sorted_values);

// A distribution as a value: what a scenario file or a component's defaults name
// ("lognormal(median=2ms,p99=10ms)"), sampled with the component's own stream.
// Build it with the static constructors, then check `validate()` before sampling.
class Distribution {
 public:
  enum class Kind : std::uint8_t {
    kConstant,
    kUniform,
    kExponential,
    kNormal,
    kLognormal,
    kPareto,
    kEmpirical,
  };

  static Distribution constant(double value);
  static Distribution uniform(double lo, double hi);
  static Distribution exponential(double mean);
  static Distribution normal(double mean, double stddev);
  static Distribution lognormal(double median, double p99);
  static Distribution pareto(double scale, double shape);
  // The values need not be sorted: they are sorted here (after -0.0 becomes +0.0, so that
  // equal values are identical and the sort's order of equal elements cannot show).
  // Values that are not all finite are kept as given, for validate() to reject.
  static Distribution empirical(std::vector<double> values);

  // A constant 0: the default, so that a default-constructed Distribution is valid.
  Distribution() : params_(Constant{0}) {}

  // nullopt when the parameters are valid, else what is wrong, e.g.
  // "normal: stddev must be finite and >= 0, got -1". Every parameter must be finite; an
  // empirical set holds 1 to 1,000,000 values.
  std::optional<std::string> validate() const;

  // One draw from the distribution (see the draw counts above). Requires validate() ok.
  double sample(Rng& rng) const;

  // A sample read as nanoseconds: rounded to the nearest integer (half away from zero),
  // negatives clamped to 0, values beyond int64 clamped to kTimeNever.
  Time sample_duration(Rng& rng) const;

  // The exact median of the distribution as sampled here (for empirical: the inverse CDF
  // at 1/2, i.e. the midpoint of the sorted values, interpolated when n is even).
  double median() const;

  // The exact mean; +infinity for a pareto with shape <= 1. For empirical, the mean of
  // the piecewise-linear inverse CDF: the average of the segments' midpoints.
  double mean() const;

  Kind kind() const;
  static std::string_view kind_name(Kind kind);

  // A canonical, unit-free text form; numbers in their shortest round-trip form:
  // "constant(1.5)", "uniform(lo=0,hi=1)", "exponential(mean=0.5)",
  // "normal(mean=0,stddev=1)", "lognormal(median=1e+06,p99=5e+06)",
  // "pareto(scale=1,shape=2.5)", "empirical(n=3,values=[1,2,4])" (values listed up to
  // kDescribeValuesMax, else "empirical(n=1000,min=...,median=...,max=...)").
  std::string describe() const;

  static constexpr std::size_t kDescribeValuesMax = 16;

  bool operator==(const Distribution&) const = default;

 private:
  struct Constant {
    double value;
    bool operator==(const Constant&) const = default;
  };
  struct Uniform {
    double lo;
    double hi;
    bool operator==(const Uniform&) const = default;
  };
  struct Exponential {
    double mean;
    bool operator==(const Exponential&) const = default;
  };
  struct Normal {
    double mean;
    double stddev;
    bool operator==(const Normal&) const = default;
  };
  // mu and sigma are derived from median and p99 once, at construction, so that a draw
  // takes no logarithm: same expressions as lognormal_median_p99, so the same bits.
  struct Lognormal {
    double median;
    double p99;
    double mu;
    double sigma;
    Lognormal(double median_value, double p99_value);
    bool operator==(const Lognormal& other) const {
      return median == other.median && p99 == other.p99;
    }
  };
  struct Pareto {
    double scale;
    double shape;
    bool operator==(const Pareto&) const = default;
  };
  struct Empirical {
    std::vector<double> sorted_values;
    bool operator==(const Empirical&) const = default;
  };
  using Params = std::variant<Constant, Uniform, Exponential, Normal, Lognormal, Pareto, Empirical>;

  // Built in place: no variant move (which also trips a false -Wmaybe-uninitialized in
  // g++ 12 under the sanitizers).
  template <typename Alternative>
  explicit Distribution(Alternative alternative)
      : params_(std::in_place_type<Alternative>, std::move(alternative)) {}

  Params params_;
};

}  // namespace kcsim::sim
