#include "model/client/errors.h"

namespace kcsim::client {
namespace {

// The reason decides when there is one; otherwise the code (apimachinery's
// reasonAndCodeForError, with kNone as the unknown reason).
bool reason_or_code(const Status& status, api::Reason reason, api::Code code) {
  if (status.transport != Transport::kNone) return false;
  if (status.reason == reason) return true;
  return status.reason == api::Reason::kNone && status.code == code;
}

}  // namespace

std::string_view to_string(Transport transport) {
  switch (transport) {
    case Transport::kNone:
      return "none";
    case Transport::kConnectionRefused:
      return "connection refused";
    case Transport::kDialTimeout:
      return "dial timeout";
    case Transport::kConnectionReset:
      return "connection reset";
    case Transport::kConnectionLost:
      return "http2: client connection lost";
    case Transport::kDeadlineExceeded:
      return "context deadline exceeded";
  }
  return "unknown";
}

Status Status::from_response(const api::ApiResponse& response) {
  Status status;
  status.code = response.code;
  status.reason = response.reason;
  status.message = response.message;
  status.retry_after_seconds = response.retry_after_seconds;
  return status;
}

Status Status::transport_error(Transport transport) {
  Status status;
  status.transport = transport;
  status.message = std::string(to_string(transport));
  return status;
}

bool Status::ok() const {
  const auto value = static_cast<std::uint16_t>(code);
  return transport == Transport::kNone && value >= 200 && value < 300;
}

std::string Status::code_label() const {
  if (transport != Transport::kNone) return "<error>";
  return std::to_string(static_cast<std::uint16_t>(code));
}

bool is_conflict(const Status& status) {
  return reason_or_code(status, api::Reason::kConflict, api::Code::kConflict);
}
bool is_already_exists(const Status& status) {
  return status.transport == Transport::kNone && status.reason == api::Reason::kAlreadyExists;
}
bool is_not_found(const Status& status) {
  return reason_or_code(status, api::Reason::kNotFound, api::Code::kNotFound);
}
bool is_gone(const Status& status) {
  // Reason Gone is not in the wire's reasons: a 410 without a reason is Gone.
  return status.transport == Transport::kNone && status.reason == api::Reason::kNone &&
         status.code == api::Code::kGone;
}
bool is_resource_expired(const Status& status) {
  return status.transport == Transport::kNone && status.reason == api::Reason::kExpired;
}
bool is_expired_error(const Status& status) {
  return is_resource_expired(status) || is_gone(status);
}
bool is_too_many_requests(const Status& status) {
  return reason_or_code(status, api::Reason::kTooManyRequests, api::Code::kTooManyRequests);
}
bool is_timeout(const Status& status) {
  return reason_or_code(status, api::Reason::kTimeout, api::Code::kGatewayTimeout);
}
bool is_service_unavailable(const Status& status) {
  return reason_or_code(status, api::Reason::kServiceUnavailable, api::Code::kServiceUnavailable);
}
bool is_internal_error(const Status& status) {
  return reason_or_code(status, api::Reason::kInternalError, api::Code::kInternalError);
}

}  // namespace kcsim::client
