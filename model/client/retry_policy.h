// When client-go sends a request again (rest/with_retry.go, rest/request.go), as a pure
// function of the attempt's outcome.
//
// Contract (withRetry.IsNextRetry and checkWait):
//  - Attempts are counted; after the attempt that makes the count exceed `max_retries`
//    (10 by default: NewRequest's maxRetries) there is no retry, so a request is sent at
//    most max_retries + 1 times.
//  - A server answer is retried when its code is 429 or any 5xx AND it carries a
//    Retry-After header: the wait is that many seconds (then the rate limiter again).
//  - A transport error is retried only when the request's error check says so, with an
//    artificial "Retry-After: 1" (retryAfterResponse): for Do() (GET, LIST, and every
//    other verb), only a GET whose connection broke ("connection reset by peer", an EOF:
//    IsConnectionReset || IsProbableEOF); writes are not idempotent and are not retried.
//    For Watch(), a broken connection or a timeout (IsProbableEOF || IsTimeout).
//  - Anything else ends the request with its status.
#pragma once

#include <optional>

#include "model/apiserver/api/wire.h"
#include "model/client/errors.h"
#include "sim/time.h"

namespace kcsim::client {

inline constexpr int kDefaultMaxRetries = 10;  // rest/request.go NewRequest: maxRetries

// The wait before the next attempt, or nullopt for no retry. `attempts` counts the
// attempts made so far, this one included (>= 1).
std::optional<sim::Time> retry_wait(api::Verb verb, const Status& status, int attempts,
                                    int max_retries);

}  // namespace kcsim::client
