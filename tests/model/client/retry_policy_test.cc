// When client-go retries: 429/5xx with Retry-After, a broken GET after 1s, at most
// max_retries times; never a write after a broken connection.
#include "model/client/retry_policy.h"

#include <gtest/gtest.h>

namespace kcsim::client {
namespace {

Status answer(api::Code code, std::int64_t retry_after = 0) {
  Status status;
  status.code = code;
  status.retry_after_seconds = retry_after;
  return status;
}

TEST(RetryPolicy, TooManyRequestsWaitsRetryAfter) {
  EXPECT_EQ(retry_wait(api::Verb::kCreate, answer(api::Code::kTooManyRequests, 3), 1, 10),
            3 * sim::kSecond);
  EXPECT_EQ(retry_wait(api::Verb::kGet, answer(api::Code::kServiceUnavailable, 1), 1, 10),
            sim::kSecond);
}

TEST(RetryPolicy, NoRetryAfterHeaderNoRetry) {
  EXPECT_FALSE(retry_wait(api::Verb::kGet, answer(api::Code::kTooManyRequests), 1, 10));
  EXPECT_FALSE(retry_wait(api::Verb::kGet, answer(api::Code::kInternalError), 1, 10));
}

TEST(RetryPolicy, ClientErrorsAreFinal) {
  EXPECT_FALSE(retry_wait(api::Verb::kUpdate, answer(api::Code::kConflict, 1), 1, 10));
  EXPECT_FALSE(retry_wait(api::Verb::kGet, answer(api::Code::kNotFound, 1), 1, 10));
}

TEST(RetryPolicy, AtMostMaxRetries) {
  const Status busy = answer(api::Code::kTooManyRequests, 1);
  EXPECT_TRUE(retry_wait(api::Verb::kGet, busy, 10, 10));   // the 10th attempt: retried
  EXPECT_FALSE(retry_wait(api::Verb::kGet, busy, 11, 10));  // the 11th: final
  EXPECT_FALSE(retry_wait(api::Verb::kGet, busy, 1, 0));
}

TEST(RetryPolicy, BrokenConnectionRetriesReadsOnly) {
  const Status reset = Status::transport_error(Transport::kConnectionReset);
  EXPECT_EQ(retry_wait(api::Verb::kGet, reset, 1, 10), sim::kSecond);
  EXPECT_EQ(retry_wait(api::Verb::kList, reset, 1, 10), sim::kSecond);
  EXPECT_FALSE(retry_wait(api::Verb::kCreate, reset, 1, 10));
  EXPECT_FALSE(retry_wait(api::Verb::kUpdate, reset, 1, 10));
  EXPECT_FALSE(retry_wait(api::Verb::kDelete, reset, 1, 10));
  EXPECT_EQ(retry_wait(api::Verb::kWatch, reset, 1, 10), sim::kSecond);
}

TEST(RetryPolicy, OtherTransportErrorsAreFinalForRequests) {
  for (Transport t : {Transport::kConnectionRefused, Transport::kDialTimeout,
                      Transport::kConnectionLost, Transport::kDeadlineExceeded}) {
    EXPECT_FALSE(retry_wait(api::Verb::kGet, Status::transport_error(t), 1, 10)) << to_string(t);
  }
  // A watch retries a dial timeout (IsTimeout), not a refused dial.
  EXPECT_TRUE(
      retry_wait(api::Verb::kWatch, Status::transport_error(Transport::kDialTimeout), 1, 10));
  EXPECT_FALSE(
      retry_wait(api::Verb::kWatch, Status::transport_error(Transport::kConnectionRefused), 1, 10));
}

}  // namespace
}  // namespace kcsim::client
