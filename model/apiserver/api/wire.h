// What API clients and kube-apiserver replicas say to each other over the simulated
// network: one request, one response, and the events of a watch. Shared by the client
// (model/client/) and the server (model/apiserver/server/).
//
// Contract:
//  - Objects travel as ObjectPtr (shared, immutable; objects/object.h): a message costs
//    its modelled bytes on the network (`bytes` of ProcessContext::send, computed by the
//    sender from encoded_bytes), never a copy of the object.
//  - A request names the client's own request id, echoed in the response; a client
//    ignores answers to ids it no longer waits for.
//  - A watch is a stream (ProcessContext::open_stream): its events come as WatchEvent
//    messages on kWatchEventPort in resourceVersion order; the stream closing (FIN, reset,
//    the replica dying) ends it, and the client decides to resume or relist.
//  - Status codes and reasons are the real ones (k8s.io/apimachinery/pkg/api/errors):
//    the client maps them to the errors a caller sees (client/errors.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/apiserver/objects/kinds.h"
#include "model/apiserver/objects/object.h"
#include "sim/ids.h"
#include "sim/port.h"
#include "sim/time.h"

namespace kcsim::api {

enum class Verb : std::uint8_t {
  kGet,
  kList,
  kWatch,
  kCreate,
  kUpdate,
  kPatch,
  kDelete,
};
std::string_view to_string(Verb verb);  // "GET", "LIST", ... as apiserver_request_total's verb
// The verb as RBAC and FlowSchema rules name it: "get", "list", "watch", "create", ...
std::string_view verb_name(Verb verb);
bool is_mutating(Verb verb);

// resourceVersionMatch semantics of a GET, LIST or WATCH (staging/src/k8s.io/apiserver/
// pkg/storage/interfaces.go): RV unset = the most recent (a consistent read); RV "0" =
// any (whatever the cache has); NotOlderThan / Exact with a number.
enum class RvMatch : std::uint8_t { kUnset, kAny, kNotOlderThan, kExact };

struct ListOptions {
  std::string label_selector;  // "app=web,tier!=db", as Kubernetes writes it
  std::string field_selector;  // "spec.nodeName=node-3", "metadata.name=x"
  RvMatch rv_match = RvMatch::kUnset;
  std::int64_t resource_version = 0;
  std::int64_t limit = 0;  // 0: no limit
  std::string continue_token;
  bool allow_watch_bookmarks = true;
  sim::Time timeout = 0;  // a watch's timeoutSeconds; 0: the server's default
};

// Who asks, as API Priority and Fairness classifies it (flowcontrol/).
struct UserInfo {
  std::string name;                 // "system:node:node-3", "system:kube-scheduler"
  std::vector<std::string> groups;  // "system:nodes", "system:authenticated", ...
  std::string user_agent;
};

// The keys a PATCH sets to null: a JSON merge patch's {"metadata": {"labels": {"k":
// null}}} removes "k" (RFC 7386; a strategic merge patch's maps merge the same way).
// kcsim's objects hold string maps, which cannot hold a null, so the request carries
// the removed keys beside the patched fields.
struct PatchNulls {
  std::vector<std::string> labels;
  std::vector<std::string> annotations;
  friend bool operator==(const PatchNulls&, const PatchNulls&) = default;
};

struct ApiRequest {
  std::uint64_t request_id = 0;
  Verb verb = Verb::kGet;
  Kind kind = Kind::kPod;
  std::string namespace_;  // empty: cluster scope (or a cluster-scoped kind)
  std::string name;        // for GET, UPDATE, PATCH, DELETE (and a watch of one object)
  ObjectPtr object;        // the body of CREATE and UPDATE; of a PATCH, the patched fields
  PatchNulls patch_nulls;  // a PATCH's removed keys
  ListOptions options;
  std::optional<std::int64_t> grace_period_seconds;  // DELETE
  bool subresource_status = false;                   // PUT .../status
  UserInfo user;
  std::uint32_t body_bytes = 0;  // the request's size on the wire
  // The stream the request came on (sim/network.h): the client's HTTP/2 connection for
  // a unary request, answered on it (send_on_stream, so that a broken connection loses
  // the answer as TCP would); a WATCH's own stream, on which its events go and which
  // the server closes to end the watch (timeoutSeconds, shutdown).
  sim::StreamId stream = sim::kNoStream;
};

// The HTTP status and reason of a failed request (metav1.Status).
enum class Code : std::uint16_t {
  kOk = 200,
  kCreated = 201,
  kGone = 410,      // reason Expired: the resourceVersion is too old
  kConflict = 409,  // reason Conflict (stale RV) or AlreadyExists (create)
  kNotFound = 404,
  kTooManyRequests = 429,  // APF or max-inflight rejected it; Retry-After set
  kInternalError = 500,
  kServiceUnavailable = 503,
  kGatewayTimeout = 504,  // reason Timeout: the request ran past its deadline
  kBadRequest = 400,
  kUnprocessable = 422,  // reason Invalid
};

enum class Reason : std::uint8_t {
  kNone,
  kAlreadyExists,
  kConflict,
  kNotFound,
  kExpired,  // 410 Gone
  kTooManyRequests,
  kTimeout,
  kServiceUnavailable,
  kInternalError,
  kInvalid,
  kBadRequest,
};
std::string_view to_string(Reason reason);

struct ApiResponse {
  std::uint64_t request_id = 0;
  Code code = Code::kOk;
  Reason reason = Reason::kNone;
  std::string message;
  std::int64_t retry_after_seconds = 0;  // 429: the Retry-After header
  Versioned object;                      // GET, CREATE, UPDATE, PATCH, DELETE
  std::vector<Versioned> items;          // LIST
  std::int64_t list_resource_version = 0;
  std::string continue_token;  // more items follow: pass it back
  std::int64_t remaining_item_count = -1;
  std::uint32_t body_bytes = 0;
};

enum class WatchEventType : std::uint8_t { kAdded, kModified, kDeleted, kBookmark, kError };

// One event of a watch stream. A Bookmark carries only a resourceVersion; an Error
// (410 Expired when the requested version is older than the window) ends the watch.
struct WatchEvent {
  std::uint64_t request_id = 0;  // the WATCH request's id
  WatchEventType type = WatchEventType::kAdded;
  Versioned object;
  std::int64_t resource_version = 0;
  Code error_code = Code::kOk;
};

// A replica serves requests on kApiRequestPort and answers on kApiResponsePort; watch
// events arrive on kWatchEventPort over the watch's stream.
inline constexpr sim::Port<ApiRequest> kApiRequestPort{"apiserver.request"};
inline constexpr sim::Port<ApiResponse> kApiResponsePort{"apiserver.response"};
inline constexpr sim::Port<WatchEvent> kWatchEventPort{"apiserver.watch_event"};

}  // namespace kcsim::api
