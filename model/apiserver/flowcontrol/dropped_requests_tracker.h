// The Retry-After of a priority level's 429 responses: it doubles under sustained
// rejection and steps back down, TCP-like, when rejections become rare.
//
// Source: staging/src/k8s.io/apiserver/pkg/util/flowcontrol/dropped_requests_tracker.go.
//  - Starts at 1 s; at most 32 s (maxRetryAfter).
//  - Drops are counted per whole second. Only the first drop of a new second
//    re-evaluates, over the seconds in [now - retryAfter, now): at least 3 x retryAfter
//    drops, and retryAfter seconds since the last increase -> retryAfter doubles; fewer
//    than retryAfter drops -> retryAfter - 1.
//  - So retryAfter changes only when a request is dropped: after an overload, it decays
//    by one per second in which some request is still dropped, and holds while none is
//    (the real tracker behaves so).
//  - Seconds are the simulation's (now / 1 s); the real tracker reads Unix seconds.
// History is bounded: entries older than min(2 x retryAfter, 32) seconds are dropped.
#pragma once

#include <cstdint>
#include <deque>
#include <limits>

#include "sim/time.h"

namespace kcsim::flowcontrol {

inline constexpr std::int64_t kMaxRetryAfterSeconds = 32;

class DroppedRequestsStats {
 public:
  void record_dropped(sim::Time now);
  std::int64_t retry_after_seconds() const { return retry_after_; }

 private:
  struct SecondStat {
    std::int64_t second;
    std::int64_t requests;
  };
  void update_history(std::int64_t second, std::int64_t count);
  void update_retry_after(std::int64_t second);

  std::deque<SecondStat> history_;
  std::int64_t current_second_ = std::numeric_limits<std::int64_t>::min();
  std::int64_t current_count_ = 0;
  std::int64_t retry_after_ = 1;
  // "We assume that we can bump at any time after first dropped request."
  std::int64_t retry_after_update_second_ = std::numeric_limits<std::int64_t>::min() / 2;
};

}  // namespace kcsim::flowcontrol
