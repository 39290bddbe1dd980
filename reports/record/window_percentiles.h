// Percentiles of the samples a histogram got between two snapshots of it: `later`'s
// samples since `earlier` (a snapshot of the same histogram, taken before), through
// sim::Histogram::since, the one window arithmetic that the time series' per-interval
// columns and the checks' windows (runner/histogram_windows.h) use too: nearest rank,
// each bucket by its midpoint (within 0.39% of every value in it; sim/histogram.h). The
// reports plot these per sampling interval, so a latency spike shows where it happened
// rather than diluted by the whole run.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/histogram.h"

namespace kcsim::reports {

struct WindowStats {
  std::uint64_t count = 0;
  std::vector<double> percentiles;  // in the order asked; NaN when count is 0
};

// `earlier` must be a snapshot of `later` (every bucket count at most later's);
// std::logic_error otherwise. `qs` in [0, 100].
WindowStats window_percentiles(const sim::Histogram& earlier, const sim::Histogram& later,
                               const std::vector<double>& qs);

}  // namespace kcsim::reports
