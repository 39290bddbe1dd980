// The reflector's back-off between list-and-watch attempts: apimachinery's
// ExponentialBackoffManager as client-go's reflector builds it
// (tools/cache/reflector.go: NewExponentialBackoffManager(800ms, 30s, 2min, 2.0, 1.0)):
// "backoff will stop at [30,60) sec interval ... If we don't backoff for 2min, assume
// API server is healthy and we reset the backoff."
//
// Contract (util/wait/backoff.go: getNextBackoff, Backoff.Step, Jitter):
//  - `next(now, rng)` gives the next wait: the current step, jittered up to +100%
//    (d + u * jitter * d, one draw), then the step grows by `factor` up to `cap`.
//  - When more than `reset_after` passed since the previous call, the step starts again
//    at `initial`.
//  - A pure value; the caller's random stream makes the jitter.
#pragma once

#include "sim/random.h"
#include "sim/time.h"

namespace kcsim::client {

struct BackoffConfig {
  sim::Time initial = 800 * sim::kMillisecond;
  sim::Time cap = 30 * sim::kSecond;
  sim::Time reset_after = 2 * sim::kMinute;
  double factor = 2.0;
  double jitter = 1.0;
};

class ExponentialBackoff {
 public:
  explicit ExponentialBackoff(BackoffConfig config = {}, sim::Time now = 0);

  sim::Time next(sim::Time now, sim::Rng& rng);

 private:
  BackoffConfig config_;
  sim::Time step_;
  bool capped_ = false;
  sim::Time last_start_;
};

}  // namespace kcsim::client
