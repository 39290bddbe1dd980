#include "sim/distributions.h"

#include <algorithm>

#include <charconv>
#include <cmath>
#include <limits>
#include <numbers>
#include <system_error>
#include "sim/invariant.h"

namespace kcsim::sim {
namespace {

constexpr double kTwoPi = 2 * std::numbers::pi;
// 2^63: the first double beyond int64's range.
constexpr double kTimeOverflowNs = 9223372036854775808.0;
constexpr std::size_t kEmpiricalValuesMax = 1'000'000;

// Uniform in (0, 1]: safe to take the logarithm of, or to raise to a negative power.
double unit_open_closed(Rng& rng) {
  return 1.0 - rng.unit();
}

// The piecewise-linear inverse CDF of the sorted values at u in [0, 1].
double empirical_at(std::span<const double> sorted_values, double u) {
  const std::size_t count = sorted_values.size();
  KCSIM_ASSERT(count >= 1);
  KCSIM_ASSERT(u >= 0);
  KCSIM_ASSERT(u <= 1);
  if (count == 1) return sorted_values[0];
  const double position = u * static_cast<double>(count - 1);
  // Floor of a non-negative number; capped so that u == 1 lands on the last segment.
  const std::size_t index = std::min(static_cast<std::size_t>(position), count - 2);
  const double fraction = position - static_cast<double>(index);
  const double low = sorted_values[index];
  const double high = sorted_values[index + 1];
  KCSIM_ASSERT(low <= high);
  // The clamp guards the contract against the last-bit rounding of the interpolation.
  return std::clamp(low + (high - low) * fraction, low, high);
}

std::string format_number(double value) {
  char buffer[64];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  KCSIM_ASSERT(error == std::errc());
  return std::string(buffer, end);
}

std::string error_text(std::string_view kind, std::string_view what, double got) {
  std::string text(kind);
  text += ": ";
  text += what;
  text += ", got ";
  text += format_number(got);
  return text;
}

}  // namespace

std::int64_t uniform_int(Rng& rng, std::int64_t lo, std::int64_t hi_inclusive) {
  KCSIM_ASSERT(lo <= hi_inclusive);
  // Unsigned arithmetic wraps: the span of the full int64 range is 2^64, which is 0.
  const auto span = static_cast<std::uint64_t>(hi_inclusive) - static_cast<std::uint64_t>(lo) + 1;
  const std::uint64_t offset = span == 0 ? rng.next_u64() : rng.below(span);
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + offset);
}

double uniform_real(Rng& rng, double lo, double hi) {
  KCSIM_ASSERT(lo <= hi);
  KCSIM_ASSERT(std::isfinite(hi - lo));
  return lo + (hi - lo) * rng.unit();
}

double exponential(Rng& rng, double mean) {
  KCSIM_ASSERT(mean > 0);
  // 0.0 - x rather than -x, so that u == 1 gives +0, not -0.
  return 0.0 - mean * std::log(unit_open_closed(rng));
}

double normal(Rng& rng, double mean, double stddev) {
  KCSIM_ASSERT(stddev >= 0);
  const double u1 = unit_open_closed(rng);
  const double u2 = rng.unit();
  const double radius = std::sqrt(-2.0 * std::log(u1));
  return mean + stddev * (radius * std::cos(kTwoPi * u2));
}

double lognormal_median_p99(Rng& rng, double median, double p99) {
  KCSIM_ASSERT(median > 0);
  KCSIM_ASSERT(p99 >= median);
  const double mu = std::log(median);
  const double sigma = (std::log(p99) - mu) / kNormalQuantile99;
  return std::exp(normal(rng, mu, sigma));
}

double pareto(Rng& rng, double scale, double shape) {
  KCSIM_ASSERT(scale > 0);
  KCSIM_ASSERT(shape > 0);
  return scale * std::pow(unit_open_closed(rng), -1.0 / shape);
}

double empirical(Rng& rng, std::span<const double> sorted_values) {
  KCSIM_ASSERT(!sorted_values.empty());
  return empirical_at(sorted_values, rng.unit());
}

Distribution Distribution::constant(double value) {
  return Distribution(Constant{value});
}

Distribution Distribution::uniform(double lo, double hi) {
  return Distribution(Uniform{lo, hi});
}

Distribution Distribution::exponential(double mean) {
  return Distribution(Exponential{mean});
}

Distribution Distribution::normal(double mean, double stddev) {
  return Distribution(Normal{mean, stddev});
}

Distribution::Lognormal::Lognormal(double median_value, double p99_value)
    : median(median_value),
      p99(p99_value),
      mu(std::log(median_value)),
      sigma((std::log(p99_value) - mu) / kNormalQuantile99) {}

Distribution Distribution::lognormal(double median, double p99) {
  return Distribution(Lognormal{median, p99});
}

Distribution Distribution::pareto(double scale, double shape) {
  return Distribution(Pareto{scale, shape});
}

Distribution Distribution::empirical(std::vector<double> values) {
  const bool all_finite =
      std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); });
  if (all_finite) {
    for (double& value : values)
      value = value == 0 ? 0.0 : value;  // -0.0 == 0, so this makes every zero +0.0
    std::sort(values.begin(), values.end());
  }
  return Distribution(Empirical{std::move(values)});
}

std::optional<std::string> Distribution::validate() const {
  struct Check {
    std::optional<std::string> operator()(const Constant& c) const {
      if (!std::isfinite(c.value)) return error_text("constant", "value must be finite", c.value);
      return std::nullopt;
    }
    std::optional<std::string> operator()(const Uniform& u) const {
      if (!std::isfinite(u.lo)) return error_text("uniform", "lo must be finite", u.lo);
      if (!std::isfinite(u.hi)) return error_text("uniform", "hi must be finite", u.hi);
      if (u.hi < u.lo)
        return error_text("uniform", "hi must be >= lo " + format_number(u.lo), u.hi);
      if (!std::isfinite(u.hi - u.lo))
        return error_text("uniform", "hi - lo must be finite", u.hi - u.lo);
      return std::nullopt;
    }
    std::optional<std::string> operator()(const Exponential& e) const {
      if (!(std::isfinite(e.mean) && e.mean > 0))
        return error_text("exponential", "mean must be finite and > 0", e.mean);
      return std::nullopt;
    }
    std::optional<std::string> operator()(const Normal& n) const {
      if (!std::isfinite(n.mean)) return error_text("normal", "mean must be finite", n.mean);
      if (!(std::isfinite(n.stddev) && n.stddev >= 0))
        return error_text("normal", "stddev must be finite and >= 0", n.stddev);
      return std::nullopt;
    }
    std::optional<std::string> operator()(const Lognormal& l) const {
      if (!(std::isfinite(l.median) && l.median > 0))
        return error_text("lognormal", "median must be finite and > 0", l.median);
      if (!std::isfinite(l.p99)) return error_text("lognormal", "p99 must be finite", l.p99);
      if (l.p99 < l.median)
        return error_text("lognormal", "p99 must be >= median " + format_number(l.median), l.p99);
      return std::nullopt;
    }
    std::optional<std::string> operator()(const Pareto& p) const {
      if (!(std::isfinite(p.scale) && p.scale > 0))
        return error_text("pareto", "scale must be finite and > 0", p.scale);
      if (!(std::isfinite(p.shape) && p.shape > 0))
        return error_text("pareto", "shape must be finite and > 0", p.shape);
      return std::nullopt;
    }
    std::optional<std::string> operator()(const Empirical& e) const {
      const std::vector<double>& values = e.sorted_values;
      if (values.empty()) return std::string("empirical: needs at least one value, got none");
      if (values.size() > kEmpiricalValuesMax)
        return error_text("empirical", "needs at most 1e+06 values",
                          static_cast<double>(values.size()));
      for (double value : values) {
        if (!std::isfinite(value)) return error_text("empirical", "values must be finite", value);
      }
      KCSIM_ASSERT(std::is_sorted(values.begin(), values.end()));
      return std::nullopt;
    }
  };
  return std::visit(Check{}, params_);
}

double Distribution::sample(Rng& rng) const {
  struct Sample {
    Rng& rng;
    double operator()(const Constant& c) const { return c.value; }
    double operator()(const Uniform& u) const { return uniform_real(rng, u.lo, u.hi); }
    double operator()(const Exponential& e) const { return sim::exponential(rng, e.mean); }
    double operator()(const Normal& n) const { return sim::normal(rng, n.mean, n.stddev); }
    double operator()(const Lognormal& l) const {
      KCSIM_ASSERT(l.median > 0);
      KCSIM_ASSERT(l.p99 >= l.median);
      return std::exp(sim::normal(rng, l.mu, l.sigma));
    }
    double operator()(const Pareto& p) const { return sim::pareto(rng, p.scale, p.shape); }
    double operator()(const Empirical& e) const { return sim::empirical(rng, e.sorted_values); }
  };
  return std::visit(Sample{rng}, params_);
}

Time Distribution::sample_duration(Rng& rng) const {
  const double ns = sample(rng);
  KCSIM_ASSERT(!std::isnan(ns));
  if (!(ns > 0)) return 0;  // negatives, zero, and (in release builds) NaN
  if (ns >= kTimeOverflowNs) return kTimeNever;
  return static_cast<Time>(std::round(ns));
}

double Distribution::median() const {
  struct Median {
    double operator()(const Constant& c) const { return c.value; }
    double operator()(const Uniform& u) const { return u.lo + (u.hi - u.lo) * 0.5; }
    double operator()(const Exponential& e) const { return e.mean * std::numbers::ln2; }
    double operator()(const Normal& n) const { return n.mean; }
    double operator()(const Lognormal& l) const { return l.median; }
    double operator()(const Pareto& p) const { return p.scale * std::pow(2.0, 1.0 / p.shape); }
    double operator()(const Empirical& e) const { return empirical_at(e.sorted_values, 0.5); }
  };
  return std::visit(Median{}, params_);
}

double Distribution::mean() const {
  struct Mean {
    double operator()(const Constant& c) const { return c.value; }
    double operator()(const Uniform& u) const { return u.lo + (u.hi - u.lo) * 0.5; }
    double operator()(const Exponential& e) const { return e.mean; }
    double operator()(const Normal& n) const { return n.mean; }
    double operator()(const Lognormal& l) const {
      return l.median * std::exp(l.sigma * l.sigma / 2);
    }
    double operator()(const Pareto& p) const {
      if (p.shape <= 1) return std::numeric_limits<double>::infinity();
      return p.scale * p.shape / (p.shape - 1);
    }
    double operator()(const Empirical& e) const {
      const std::vector<double>& values = e.sorted_values;
      KCSIM_ASSERT(!values.empty());
      if (values.size() == 1) return values[0];
      // Each segment between neighbours carries probability 1 / (n - 1), spread evenly.
      double sum = 0;
      for (std::size_t i = 0; i + 1 < values.size(); ++i)
        sum += (values[i] + values[i + 1]) * 0.5;
      return sum / static_cast<double>(values.size() - 1);
    }
  };
  return std::visit(Mean{}, params_);
}

Distribution::Kind Distribution::kind() const {
  return static_cast<Kind>(params_.index());
}

std::string_view Distribution::kind_name(Kind kind) {
  switch (kind) {
    case Kind::kConstant:
      return "constant";
    case Kind::kUniform:
      return "uniform";
    case Kind::kExponential:
      return "exponential";
    case Kind::kNormal:
      return "normal";
    case Kind::kLognormal:
      return "lognormal";
    case Kind::kPareto:
      return "pareto";
    case Kind::kEmpirical:
      return "empirical";
  }
  KCSIM_ASSERT_MSG(false, "unknown Distribution::Kind");
  return "unknown";
}

std::string Distribution::describe() const {
  struct Describe {
    std::string operator()(const Constant& c) const {
      return "constant(" + format_number(c.value) + ")";
    }
    std::string operator()(const Uniform& u) const {
      return "uniform(lo=" + format_number(u.lo) + ",hi=" + format_number(u.hi) + ")";
    }
    std::string operator()(const Exponential& e) const {
      return "exponential(mean=" + format_number(e.mean) + ")";
    }
    std::string operator()(const Normal& n) const {
      return "normal(mean=" + format_number(n.mean) + ",stddev=" + format_number(n.stddev) + ")";
    }
    std::string operator()(const Lognormal& l) const {
      return "lognormal(median=" + format_number(l.median) + ",p99=" + format_number(l.p99) + ")";
    }
    std::string operator()(const Pareto& p) const {
      return "pareto(scale=" + format_number(p.scale) + ",shape=" + format_number(p.shape) + ")";
    }
    std::string operator()(const Empirical& e) const {
      const std::vector<double>& values = e.sorted_values;
      std::string text = "empirical(n=" + std::to_string(values.size());
      if (values.empty()) return text + ")";
      if (values.size() > kDescribeValuesMax) {
        return text + ",min=" + format_number(values.front()) +
               ",median=" + format_number(empirical_at(values, 0.5)) +
               ",max=" + format_number(values.back()) + ")";
      }
      text += ",values=[";
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) text += ",";
        text += format_number(values[i]);
      }
      return text + "])";
    }
  };
  return std::visit(Describe{}, params_);
}

}  // namespace kcsim::sim
