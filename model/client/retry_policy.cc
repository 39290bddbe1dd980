#include "model/client/retry_policy.h"

#include "sim/invariant.h"

namespace kcsim::client {
namespace {

// The request's IsRetryableErrorFunc (request.go: request() for Do, Watch()).
bool transport_error_retryable(api::Verb verb, Transport transport) {
  const bool broken = transport == Transport::kConnectionReset;
  if (verb == api::Verb::kWatch) {
    // IsProbableEOF || IsTimeout: a dial timeout is a net timeout; the health check's
    // "client connection lost" is neither.
    return broken || transport == Transport::kDialTimeout;
  }
  // Only the HTTP method GET (a get or a list) is retried after a broken connection.
  return broken && (verb == api::Verb::kGet || verb == api::Verb::kList);
}

}  // namespace

std::optional<sim::Time> retry_wait(api::Verb verb, const Status& status, int attempts,
                                    int max_retries) {
  KCSIM_ASSERT(attempts >= 1);
  if (attempts > max_retries) return std::nullopt;
  if (status.transport != Transport::kNone) {
    if (!transport_error_retryable(verb, status.transport)) return std::nullopt;
    return 1 * sim::kSecond;  // retryAfterResponse: 500 with Retry-After: 1
  }
  const auto code = static_cast<std::uint16_t>(status.code);
  if (code != 429 && code < 500) return std::nullopt;
  if (status.retry_after_seconds <= 0) return std::nullopt;  // no Retry-After header
  return status.retry_after_seconds * sim::kSecond;
}

}  // namespace kcsim::client
