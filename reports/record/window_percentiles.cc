#include "reports/record/window_percentiles.h"

#include <limits>
#include <stdexcept>

namespace kcsim::reports {
namespace {

std::uint64_t count_at(const sim::Histogram& h, std::int64_t key) {
  const std::int64_t i = key - h.first_bucket_key();
  if (i < 0 || i >= static_cast<std::int64_t>(h.bucket_counts().size())) return 0;
  return h.bucket_counts()[static_cast<std::size_t>(i)];
}

}  // namespace

WindowStats window_percentiles(const sim::Histogram& earlier, const sim::Histogram& later,
                               const std::vector<double>& qs) {
  if (earlier.count() > later.count() || earlier.zero_count() > later.zero_count())
    throw std::logic_error("window_percentiles: the earlier histogram is not a snapshot");
  WindowStats stats;
  stats.count = later.count() - earlier.count();
  stats.percentiles.assign(qs.size(), std::numeric_limits<double>::quiet_NaN());
  if (stats.count == 0) return stats;
  const std::uint64_t zeros = later.zero_count() - earlier.zero_count();
  const std::int64_t first = later.first_bucket_key();
  const std::size_t buckets = later.bucket_counts().size();
  for (std::size_t q = 0; q < qs.size(); ++q) {
    const std::uint64_t rank = sim::Histogram::nearest_rank(qs[q], stats.count);
    if (rank <= zeros) {
      stats.percentiles[q] = 0.0;
      continue;
    }
    std::uint64_t seen = zeros;
    for (std::size_t i = 0; i < buckets; ++i) {
      const std::int64_t key = first + static_cast<std::int64_t>(i);
      const std::uint64_t now = later.bucket_counts()[i];
      const std::uint64_t before = count_at(earlier, key);
      if (before > now)
        throw std::logic_error("window_percentiles: the earlier histogram is not a snapshot");
      seen += now - before;
      if (seen >= rank) {
        const double lower = sim::Histogram::bucket_lower_bound(key);
        const double upper = sim::Histogram::bucket_upper_bound(key);
        stats.percentiles[q] = lower + (upper - lower) / 2.0;
        break;
      }
    }
  }
  return stats;
}

}  // namespace kcsim::reports
