// What a caller of the API client sees when a request ends: the server's status (code,
// reason, message) or a transport error, and the predicates client code branches on,
// with k8s.io/apimachinery/pkg/api/errors' semantics (IsConflict, IsNotFound, ...).
//
// Contract:
//  - A Status is either a server's answer (`transport == kNone`, `code` set) or a
//    transport error (no HTTP status: the metrics' code label is "<error>", as
//    client-go's sanitize() writes it).
//  - The predicates follow apimachinery's reasonAndCodeForError: a known reason decides;
//    when the reason is none (an unstructured error), the HTTP code decides. So a 409
//    with reason AlreadyExists is not a Conflict, and a 410 with reason Expired is
//    IsResourceExpired but not IsGone (the reflector tests both: is_expired_error).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "model/apiserver/api/wire.h"

namespace kcsim::client {

// Transport errors, as Go's net/http and x/net/http2 report them to client-go.
enum class Transport : std::uint8_t {
  kNone,               // the server answered: see code and reason
  kConnectionRefused,  // every backend refused the dial ("connection refused")
  kDialTimeout,        // the dial found no answer within the dialer's timeout
  kConnectionReset,    // the connection broke under the request: reset or FIN (an EOF)
  kConnectionLost,     // the HTTP/2 health check gave up ("http2: client connection lost")
  kDeadlineExceeded,   // the request's own timeout passed ("context deadline exceeded")
};
std::string_view to_string(Transport transport);

struct Status {
  Transport transport = Transport::kNone;
  api::Code code = api::Code::kOk;
  api::Reason reason = api::Reason::kNone;
  std::string message;
  std::int64_t retry_after_seconds = 0;  // the answer's Retry-After, 0: none

  static Status from_response(const api::ApiResponse& response);
  static Status transport_error(Transport transport);

  bool ok() const;  // a 2xx answer
  // The code label of rest_client_requests_total: "200", "429", ... or "<error>".
  std::string code_label() const;
};

bool is_conflict(const Status& status);
bool is_already_exists(const Status& status);
bool is_not_found(const Status& status);
bool is_gone(const Status& status);
bool is_resource_expired(const Status& status);
// client-go tools/cache: isExpiredError = IsResourceExpired || IsGone.
bool is_expired_error(const Status& status);
bool is_too_many_requests(const Status& status);
bool is_timeout(const Status& status);  // the server's 504 Timeout
bool is_service_unavailable(const Status& status);
bool is_internal_error(const Status& status);

}  // namespace kcsim::client
