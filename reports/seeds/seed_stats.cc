#include "reports/seeds/seed_stats.h"

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>

#include "sim/histogram.h"
#include "sim/time.h"

namespace kcsim::reports {
namespace {

double nearest_rank(const std::vector<double>& sorted, double q) {
  const std::uint64_t rank = sim::Histogram::nearest_rank(q, sorted.size());
  return sorted[static_cast<std::size_t>(rank - 1)];
}

// The duration that starts at `from` in `text` and ends at the next space, comma or colon.
std::optional<double> duration_at(std::string_view text, std::size_t from) {
  std::size_t end = from;
  while (end < text.size() && text[end] != ' ' && text[end] != ',' && text[end] != ':')
    ++end;
  const std::optional<sim::Time> t = sim::parse_duration(text.substr(from, end - from));
  if (!t) return std::nullopt;
  return sim::to_seconds(*t);
}

}  // namespace

double t_975(std::size_t df) {
  // Student's t, two-sided 95% (the 0.975 quantile), df = 1..30.
  static constexpr std::array<double, 30> kTable = {
      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
      2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
      2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (df == 0) return std::nan("");
  if (df <= kTable.size()) return kTable[df - 1];
  return 1.96;
}

std::optional<Stats> stats_of(const std::vector<double>& values) {
  if (values.empty()) return std::nullopt;
  const Eigen::Map<const Eigen::VectorXd> x(values.data(),
                                            static_cast<Eigen::Index>(values.size()));
  Stats s;
  s.n = values.size();
  s.mean = x.mean();
  s.min = x.minCoeff();
  s.max = x.maxCoeff();
  if (s.n > 1) {
    s.stdev = std::sqrt((x.array() - s.mean).square().sum() / static_cast<double>(s.n - 1));
    const double half = t_975(s.n - 1) * s.stdev / std::sqrt(static_cast<double>(s.n));
    s.ci95_low = s.mean - half;
    s.ci95_high = s.mean + half;
  } else {
    s.ci95_low = s.ci95_high = s.mean;
  }
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  s.p50 = nearest_rank(sorted, 50);
  s.p90 = nearest_rank(sorted, 90);
  s.p99 = nearest_rank(sorted, 99);
  return s;
}

std::optional<double> check_timing_s(const scenario::CheckResult& check) {
  const std::string_view detail = check.detail;
  if (detail.rfind("true at ", 0) != 0) return std::nullopt;
  const std::size_t after = detail.find(" after ");
  const std::size_t comma = detail.find(", ");
  if (after != std::string_view::npos && comma != std::string_view::npos && comma < after)
    return duration_at(detail, comma + 2);
  if (detail.rfind("true at all", 0) == 0 || detail.rfind("true at the end", 0) == 0)
    return std::nullopt;
  return duration_at(detail, 8);
}

}  // namespace kcsim::reports
