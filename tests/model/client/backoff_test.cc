// The reflector's back-off: 800ms doubling to a 30s cap, jittered up to +100%, reset
// after 2 minutes without one.
#include "model/client/backoff.h"

#include <gtest/gtest.h>

#include <vector>

namespace kcsim::client {
namespace {

constexpr sim::Time kBackoffMs = sim::kMillisecond;

TEST(ExponentialBackoff, DoublesToTheCapWithJitterBelowTwice) {
  ExponentialBackoff backoff;
  sim::Rng rng(7);
  const std::vector<sim::Time> steps = {800 * kBackoffMs,   1600 * kBackoffMs,  3200 * kBackoffMs,
                                        6400 * kBackoffMs,  12800 * kBackoffMs, 25600 * kBackoffMs,
                                        30000 * kBackoffMs, 30000 * kBackoffMs};
  sim::Time now = 0;
  for (sim::Time step : steps) {
    const sim::Time wait = backoff.next(now, rng);
    EXPECT_GE(wait, step);
    EXPECT_LT(wait, 2 * step);
    now += sim::kSecond;  // calls close together: no reset
  }
}

TEST(ExponentialBackoff, ResetsAfterTwoQuietMinutes) {
  ExponentialBackoff backoff;
  sim::Rng rng(7);
  backoff.next(0, rng);
  backoff.next(sim::kSecond, rng);
  const sim::Time third = backoff.next(2 * sim::kSecond, rng);
  EXPECT_GE(third, 3200 * kBackoffMs);
  // More than 2 minutes after the last one: back to 800ms.
  const sim::Time after_quiet = backoff.next(2 * sim::kSecond + 2 * sim::kMinute + 1, rng);
  EXPECT_GE(after_quiet, 800 * kBackoffMs);
  EXPECT_LT(after_quiet, 1600 * kBackoffMs);
}

TEST(ExponentialBackoff, WithoutJitterTheStepsAreExact) {
  BackoffConfig config;
  config.jitter = 0;
  ExponentialBackoff backoff(config);
  sim::Rng rng(1);
  EXPECT_EQ(backoff.next(0, rng), 800 * kBackoffMs);
  EXPECT_EQ(backoff.next(0, rng), 1600 * kBackoffMs);
}

}  // namespace
}  // namespace kcsim::client
