#include "model/apiserver/flowcontrol/concurrency_allocation.h"

#include <algorithm>
#include <cmath>

namespace kcsim::flowcontrol {

namespace {

double allocated_sum(const std::vector<AllocationItem>& items, double fair_prop) {
  double sum = 0.0;
  for (const AllocationItem& item : items) {
    const double target = std::max(item.target, kMinTarget);
    sum += std::clamp(fair_prop * target, item.lower_bound, item.upper_bound);
  }
  return sum;
}

}  // namespace

std::optional<Allocation> compute_concurrency_allocation(double required_sum,
                                                         const std::vector<AllocationItem>& items) {
  double lower_sum = 0.0;
  double upper_sum = 0.0;
  // The breakpoints of the piecewise-linear sum(fairProp): where an item leaves its lower
  // bound and where it reaches its upper bound.
  std::vector<double> breakpoints;
  for (const AllocationItem& item : items) {
    if (item.lower_bound < 0 || item.upper_bound < item.lower_bound) return std::nullopt;
    lower_sum += item.lower_bound;
    upper_sum += item.upper_bound;
    const double target = std::max(item.target, kMinTarget);
    breakpoints.push_back(item.lower_bound / target);
    breakpoints.push_back(item.upper_bound / target);
  }
  if (lower_sum > required_sum || upper_sum < required_sum) return std::nullopt;
  std::sort(breakpoints.begin(), breakpoints.end());
  // Find the segment [lo, hi] of fairProp whose sums bracket the required sum, then
  // interpolate: the sum is linear between consecutive breakpoints.
  double lo = 0.0;
  double lo_sum = allocated_sum(items, lo);
  double fair_prop = 0.0;
  bool found = lo_sum >= required_sum;
  for (std::size_t i = 0; !found && i < breakpoints.size(); ++i) {
    const double hi = breakpoints[i];
    const double hi_sum = allocated_sum(items, hi);
    if (hi_sum >= required_sum) {
      fair_prop =
          hi_sum == lo_sum ? hi : lo + (hi - lo) * (required_sum - lo_sum) / (hi_sum - lo_sum);
      found = true;
    }
    lo = hi;
    lo_sum = hi_sum;
  }
  if (!found) fair_prop = breakpoints.empty() ? 0.0 : breakpoints.back();
  Allocation out;
  out.fair_prop = fair_prop;
  for (const AllocationItem& item : items) {
    const double target = std::max(item.target, kMinTarget);
    out.allocs.push_back(std::clamp(fair_prop * target, item.lower_bound, item.upper_bound));
  }
  return out;
}

}  // namespace kcsim::flowcontrol
