#include "model/apiserver/storage/errors.h"

#include "model/apiserver/objects/resource.h"
#include "sim/invariant.h"

namespace kcsim::apiserver::storage {
namespace {

std::string quoted_object(api::Kind kind, std::string_view name) {
  return api::qualified_resource(kind) + " \"" + std::string(name) + "\"";
}

}  // namespace

Status ok_status() {
  return {};
}
Status created_status() {
  return Status{api::Code::kCreated, api::Reason::kNone, {}};
}

Status already_exists(api::Kind kind, std::string_view name) {
  return {api::Code::kConflict, api::Reason::kAlreadyExists,
          quoted_object(kind, name) + " already exists"};
}

Status not_found(api::Kind kind, std::string_view name) {
  return {api::Code::kNotFound, api::Reason::kNotFound, quoted_object(kind, name) + " not found"};
}

Status conflict(api::Kind kind, std::string_view name) {
  return {api::Code::kConflict, api::Reason::kConflict,
          "Operation cannot be fulfilled on " + quoted_object(kind, name) +
              ": the object has been modified; please apply your changes to the latest "
              "version and try again"};
}

Status precondition_failed(api::Kind kind, std::string_view name, std::string_view detail) {
  return {
      api::Code::kConflict, api::Reason::kConflict,
      "Operation cannot be fulfilled on " + quoted_object(kind, name) + ": " + std::string(detail)};
}

Status bad_request(std::string message) {
  return {api::Code::kBadRequest, api::Reason::kBadRequest, std::move(message)};
}

Status expired(std::string message) {
  return {api::Code::kGone, api::Reason::kExpired, std::move(message)};
}

Status internal_error(std::string message) {
  return {api::Code::kInternalError, api::Reason::kInternalError, std::move(message)};
}

Status from_etcd(etcd::ClientError error) {
  KCSIM_ASSERT(error != etcd::ClientError::kOk);
  if (error == etcd::ClientError::kClientTimeout) {
    return {api::Code::kGatewayTimeout, api::Reason::kTimeout,
            "Timeout: request did not complete within requested timeout - context deadline "
            "exceeded"};
  }
  if (error == etcd::ClientError::kCompacted) return expired(std::string(kListExpired));
  return internal_error(std::string(etcd::to_string(error)));
}

}  // namespace kcsim::apiserver::storage
