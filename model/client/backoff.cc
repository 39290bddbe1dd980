#include "model/client/backoff.h"

#include "sim/invariant.h"

namespace kcsim::client {

ExponentialBackoff::ExponentialBackoff(BackoffConfig config, sim::Time now)
    : config_(config), step_(config.initial), last_start_(now) {
  KCSIM_ASSERT(config.initial > 0);
  KCSIM_ASSERT(config.cap >= config.initial);
  KCSIM_ASSERT(config.factor >= 1.0);
}

sim::Time ExponentialBackoff::next(sim::Time now, sim::Rng& rng) {
  if (now - last_start_ > config_.reset_after) {
    step_ = config_.initial;
    capped_ = false;
  }
  last_start_ = now;
  const sim::Time duration = step_;
  if (!capped_) {
    const auto grown = static_cast<sim::Time>(static_cast<double>(step_) * config_.factor);
    if (grown > config_.cap) {
      step_ = config_.cap;
      capped_ = true;  // Steps = 0: the cap from now on
    } else {
      step_ = grown;
    }
  }
  if (config_.jitter <= 0) return duration;
  return duration +
         static_cast<sim::Time>(rng.unit() * config_.jitter * static_cast<double>(duration));
}

}  // namespace kcsim::client
