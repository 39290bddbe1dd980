#include "reports/record/window_percentiles.h"

#include <stdexcept>

namespace kcsim::reports {

WindowStats window_percentiles(const sim::Histogram& earlier, const sim::Histogram& later,
                               const std::vector<double>& qs) {
  sim::Histogram window;
  try {
    window = later.since(earlier);
  } catch (const std::invalid_argument&) {
    throw std::logic_error("window_percentiles: the earlier histogram is not a snapshot");
  }
  WindowStats stats;
  stats.count = window.count();
  stats.percentiles.reserve(qs.size());
  for (const double q : qs)
    stats.percentiles.push_back(window.percentile(q));
  return stats;
}

}  // namespace kcsim::reports
