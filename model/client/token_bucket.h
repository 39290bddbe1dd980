// The client-side rate limiter of client-go: a token bucket of `qps` tokens per second
// holding at most `burst` (util/flowcontrol/throttle.go NewTokenBucketRateLimiter, which
// is golang.org/x/time/rate's Limiter; rest/config.go: DefaultQPS 5, DefaultBurst 10).
//
// Contract (rate.Limiter's reserve semantics, as Limiter.Wait uses them):
//  - The bucket starts full. Tokens accrue continuously at `qps`, capped at `burst`.
//  - `reserve(now)` takes one token at `now` and returns how long the caller must wait
//    before proceeding: 0 when a token was there; otherwise the token is borrowed (the
//    count goes negative) and the wait is the time for the deficit to refill. Waits are
//    therefore first come, first served: the k-th request past the burst waits k/qps.
//  - `now` never goes back (virtual time); a pure value, no clock of its own.
//  - qps <= 0 means no limit (client-go installs no limiter for a negative QPS).
#pragma once

#include <cstdint>

#include "sim/time.h"

namespace kcsim::client {

inline constexpr double kDefaultQps = 5;            // rest/config.go DefaultQPS
inline constexpr std::uint32_t kDefaultBurst = 10;  // rest/config.go DefaultBurst

class TokenBucket {
 public:
  TokenBucket(double qps, std::uint32_t burst);

  sim::Time reserve(sim::Time now);

  bool unlimited() const { return qps_ <= 0; }
  // The tokens at `now` (negative: reservations waiting), without taking one.
  double tokens_at(sim::Time now) const;

 private:
  double qps_;
  double burst_;
  double tokens_;
  sim::Time last_ = 0;
};

}  // namespace kcsim::client
