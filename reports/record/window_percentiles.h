// Percentiles of the samples a histogram got between two snapshots of it: the bucket
// counts of `later` minus those of `earlier` (a snapshot of the same histogram, taken
// before), read at the nearest rank like Histogram::percentile, each bucket by its
// midpoint (within 0.39% of every value in it; sim/histogram.h). The time series records
// cumulative percentiles; the reports plot these per sampling interval instead, so a
// latency spike shows where it happened rather than diluted by the whole run.
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
