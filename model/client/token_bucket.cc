#include "model/client/token_bucket.h"

#include <algorithm>

#include "sim/invariant.h"

namespace kcsim::client {

TokenBucket::TokenBucket(double qps, std::uint32_t burst)
    : qps_(qps), burst_(static_cast<double>(burst)), tokens_(static_cast<double>(burst)) {
  KCSIM_ASSERT_MSG(qps <= 0 || burst >= 1, "a rate-limited client needs a burst of at least 1");
}

double TokenBucket::tokens_at(sim::Time now) const {
  const sim::Time elapsed = std::max<sim::Time>(0, now - last_);
  // rate.Limiter.advance: tokens accrue for the time since the last reservation.
  return std::min(burst_, tokens_ + static_cast<double>(elapsed) * qps_ / 1e9);
}

sim::Time TokenBucket::reserve(sim::Time now) {
  if (unlimited()) return 0;
  KCSIM_ASSERT(now >= last_);
  tokens_ = tokens_at(now) - 1.0;
  last_ = now;
  if (tokens_ >= 0) return 0;
  // rate.Limit.durationFromTokens: the deficit's refill time, truncated to nanoseconds.
  return static_cast<sim::Time>(-tokens_ * 1e9 / qps_);
}

}  // namespace kcsim::client
