// The dispatcher's time budget for waiting on watchers whose buffer is full
// (time_budget.go): refilled by 50 ms every second up to 100 ms; a dispatch that finds
// blocked watchers takes all of it and returns what it did not use. Starts empty.
// Refills are computed from `now` (whole seconds since creation), not ticked.
#pragma once

#include <algorithm>

#include "model/apiserver/watchcache/config.h"
#include "sim/invariant.h"
#include "sim/time.h"

namespace kcsim::apiserver::watchcache {

class TimeBudget {
 public:
  explicit TimeBudget(sim::Time created) : last_refresh_(created) {}

  sim::Time take_available(sim::Time now) {
    refresh(now);
    const sim::Time result = budget_;
    budget_ = 0;
    return result;
  }

  void return_unused(sim::Time unused, sim::Time now) {
    refresh(now);
    if (unused <= 0) return;
    budget_ = std::min(budget_ + unused, kDispatchBudgetMax);
  }

  sim::Time available(sim::Time now) {
    refresh(now);
    return budget_;
  }

 private:
  void refresh(sim::Time now) {
    if (now < last_refresh_ + kDispatchBudgetRefreshPeriod) return;
    const sim::Time periods = (now - last_refresh_) / kDispatchBudgetRefreshPeriod;
    last_refresh_ += periods * kDispatchBudgetRefreshPeriod;
    // Saturate before multiplying: a long quiet period fills the budget.
    const sim::Time refill = periods >= kDispatchBudgetMax / kDispatchBudgetRefresh + 1
                                 ? kDispatchBudgetMax
                                 : periods * kDispatchBudgetRefresh;
    budget_ = std::min(budget_ + refill, kDispatchBudgetMax);
    KCSIM_ASSERT(budget_ >= 0);
  }

  sim::Time budget_ = 0;
  sim::Time last_refresh_;
};

}  // namespace kcsim::apiserver::watchcache
