// Borrowing between priority levels: the periodic re-division of the server's seats into
// each level's current concurrency limit (currentCL) from its recent seat demand.
//
// Source: staging/src/k8s.io/apiserver/pkg/util/flowcontrol/conc_alloc.go
// (computeConcurrencyAllocation) and apf_controller.go (updateBorrowingLocked), KEP-1040.
//
// Every 10 s (borrowingAdjustmentPeriod), for each level i:
//   lower(i)  = max(minCL(i), min(nominalCL(i), seat demand high watermark))
//   upper(i)  = maxCL(i) = nominalCL(i) + borrowingCL(i)
//   target(i) = max(lower(i), smoothed demand)        (seat_demand.h)
// then the allocation is the unique fair share: alloc(i) = clamp(fairProp x target(i),
// lower(i), upper(i)) with sum(alloc) = sum of the nominal limits; currentCL(i) =
// round(alloc(i)). A target under 0.001 counts as 0.001. When no such share exists (the
// lower bounds exceed the sum, or the upper bounds fall short) the levels keep their
// current limits, as the real controller does on error.
#pragma once

#include <optional>
#include <vector>

namespace kcsim::flowcontrol {

struct AllocationItem {
  double lower_bound = 0.0;
  double upper_bound = 0.0;
  double target = 0.0;
};

struct Allocation {
  std::vector<double> allocs;
  double fair_prop = 0.0;
};

inline constexpr double kMinTarget = 0.001;

// nullopt when the bounds make `required_sum` impossible.
std::optional<Allocation> compute_concurrency_allocation(double required_sum,
                                                         const std::vector<AllocationItem>& items);

}  // namespace kcsim::flowcontrol
