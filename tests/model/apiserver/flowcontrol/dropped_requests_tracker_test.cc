// Retry-After under sustained rejection and after it.
#include "model/apiserver/flowcontrol/dropped_requests_tracker.h"

#include <gtest/gtest.h>

namespace kcsim::flowcontrol {
namespace {

TEST(DroppedRequests, StartsAtOneSecond) {
  DroppedRequestsStats stats;
  EXPECT_EQ(stats.retry_after_seconds(), 1);
  stats.record_dropped(0);
  EXPECT_EQ(stats.retry_after_seconds(), 1);
}

TEST(DroppedRequests, DoublesUnderSustainedRejectionUpTo32) {
  DroppedRequestsStats stats;
  std::int64_t previous = 1;
  std::vector<std::int64_t> seen;
  // 10 drops every second for a minute.
  for (int second = 0; second < 60; ++second) {
    for (int i = 0; i < 10; ++i) {
      stats.record_dropped(second * sim::kSecond + i * 10 * sim::kMillisecond);
    }
    const std::int64_t now = stats.retry_after_seconds();
    EXPECT_GE(now, previous);  // never decreases while overloaded
    EXPECT_TRUE(now == previous || now == 2 * previous) << "doubles, one step at a time";
    if (now != previous) seen.push_back(now);
    previous = now;
  }
  EXPECT_EQ(seen, (std::vector<std::int64_t>{2, 4, 8, 16, 32}));
  EXPECT_EQ(stats.retry_after_seconds(), kMaxRetryAfterSeconds);
}

TEST(DroppedRequests, DecaysByOnePerSecondOfRareDrops) {
  DroppedRequestsStats stats;
  for (int second = 0; second < 60; ++second) {
    for (int i = 0; i < 10; ++i)
      stats.record_dropped(second * sim::kSecond);
  }
  ASSERT_EQ(stats.retry_after_seconds(), 32);
  // Without any drop nothing re-evaluates: it holds (the real tracker does too).
  // Then one drop every other second: fewer than retryAfter in the window, so it steps
  // down by one at each of them, once the overload has left the window.
  std::int64_t previous = 32;
  bool decreased = false;
  for (int second = 100; second < 400; second += 2) {
    stats.record_dropped(second * sim::kSecond);
    const std::int64_t now = stats.retry_after_seconds();
    EXPECT_LE(now, previous);
    EXPECT_GE(now, previous - 1);  // linear decrease
    decreased = decreased || now < previous;
    previous = now;
  }
  EXPECT_TRUE(decreased);
  EXPECT_EQ(stats.retry_after_seconds(), 1);
}

}  // namespace
}  // namespace kcsim::flowcontrol
