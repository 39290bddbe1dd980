// The statuses of the storage layer, with kube-apiserver's codes, reasons and messages
// (k8s.io/apimachinery/pkg/api/errors/errors.go; etcd3/errors.go).
#pragma once

#include <string>
#include <string_view>

#include "model/apiserver/api/wire.h"
#include "model/apiserver/objects/object.h"
#include "model/etcd/member/wire.h"

namespace kcsim::apiserver::storage {

// The outcome of a call, as metav1.Status (api/wire.h).
struct Status {
  api::Code code = api::Code::kOk;
  api::Reason reason = api::Reason::kNone;
  std::string message;
  bool ok() const { return code == api::Code::kOk || code == api::Code::kCreated; }
};

Status ok_status();
Status created_status();
// 409 AlreadyExists: `pods "web-1" already exists`.
Status already_exists(api::Kind kind, std::string_view name);
// 404 NotFound: `pods "web-1" not found`.
Status not_found(api::Kind kind, std::string_view name);
// 409 Conflict: `Operation cannot be fulfilled on pods "web-1": the object has been
// modified; please apply your changes to the latest version and try again`.
Status conflict(api::Kind kind, std::string_view name);
// 409 Conflict on a failed precondition (registry's uid/RV preconditions on delete).
Status precondition_failed(api::Kind kind, std::string_view name, std::string_view detail);
// 400 BadRequest with `message`.
Status bad_request(std::string message);
// 410 Expired with `message` (etcd3/errors.go's texts below).
Status expired(std::string message);
inline constexpr std::string_view kListExpired =
    "The resourceVersion for the provided list is too old.";
inline constexpr std::string_view kContinueExpired =
    "The provided continue parameter is too old to display a consistent list result. You "
    "can start a new list without the continue parameter, or use the continue token in "
    "this response to retrieve the remainder of the results. Continuing with the provided "
    "token results in an inconsistent list - objects that were created, modified, or "
    "deleted between the time the first chunk was returned and now may show up in the "
    "list.";
// 500 InternalError with `message`.
Status internal_error(std::string message);
// An etcd client error as kube-apiserver answers it (store.h's contract).
Status from_etcd(etcd::ClientError error);

}  // namespace kcsim::apiserver::storage
