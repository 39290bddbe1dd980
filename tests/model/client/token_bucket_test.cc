// The client-side rate limiter: golang.org/x/time/rate's reservations, in virtual time.
#include "model/client/token_bucket.h"

#include <gtest/gtest.h>

namespace kcsim::client {
namespace {

constexpr sim::Time kBucketMs = sim::kMillisecond;

TEST(TokenBucket, BurstThenQps) {
  TokenBucket bucket(kDefaultQps, kDefaultBurst);  // 5 qps, burst 10
  // Twenty requests at once: ten go now, then one every 200ms, in order.
  for (int k = 0; k < 20; ++k) {
    const sim::Time expected = k < 10 ? 0 : (k - 9) * 200 * kBucketMs;
    EXPECT_EQ(bucket.reserve(0), expected) << "request " << k;
  }
}

TEST(TokenBucket, RefillsAtQpsUpToBurst) {
  TokenBucket bucket(5, 10);
  for (int k = 0; k < 10; ++k)
    EXPECT_EQ(bucket.reserve(0), 0);
  // One second later: five tokens back, not more.
  for (int k = 0; k < 5; ++k)
    EXPECT_EQ(bucket.reserve(sim::kSecond), 0) << k;
  EXPECT_EQ(bucket.reserve(sim::kSecond), 200 * kBucketMs);
  // A long pause refills to the burst only.
  EXPECT_DOUBLE_EQ(bucket.tokens_at(sim::kHour), 10.0);
}

TEST(TokenBucket, BorrowedTokensDelayLaterCallers) {
  TokenBucket bucket(10, 1);
  EXPECT_EQ(bucket.reserve(0), 0);
  EXPECT_EQ(bucket.reserve(0), 100 * kBucketMs);
  // 50ms later the queue still holds the earlier reservation: 150ms more.
  EXPECT_EQ(bucket.reserve(50 * kBucketMs), 150 * kBucketMs);
}

TEST(TokenBucket, NonPositiveQpsIsNoLimit) {
  TokenBucket bucket(0, 10);
  for (int k = 0; k < 1000; ++k)
    EXPECT_EQ(bucket.reserve(0), 0);
}

}  // namespace
}  // namespace kcsim::client
