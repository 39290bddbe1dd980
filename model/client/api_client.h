// An API client as client-go's REST client behaves on the wire, for a process that
// talks to kube-apiserver replicas: a load generator now, the controllers, the
// scheduler and the kubelets later.
//
// Contract:
//  - Callbacks, no blocking: `send(request, done)` (and get/list/create/update/patch/
//    remove) calls `done(result)` exactly once, unless the owner's incarnation ends first
//    (its timers and messages end with it). `done` never runs inside the call that
//    started the request. Result: the final Status (errors.h), the answer, the attempts.
//  - Rate limit: every request, and every retry, first takes a token from the client's
//    bucket (token_bucket.h), waiting in order; watches take none (request.go Watch():
//    "We specifically don't want to rate limit watches").
//  - One connection (http2_connection.h) carries every request and watch of the client.
//    A new one is dialed when there is none, to the backend the load balancer picks
//    (load_balancer.h). When it breaks, requests in flight on it fail with the transport
//    error, and watches on it end.
//  - Retries (retry_policy.h, rest/with_retry.go): 429 and 5xx answers with Retry-After
//    are sent again after that many seconds, a GET or LIST whose connection broke after
//    1s, at most `max_retries` times; each retry takes a token again.
//  - `timeout` (rest.Config.Timeout; 0, client-go's default, is none) bounds a request
//    from after its first token to its end, over all attempts: then kDeadlineExceeded.
//    Without it a request waits for its answer, or for its connection to break (the
//    health check bounds that); the server ends its own requests after 60s
//    (--request-timeout).
//  - Watches: `watch(request, callbacks)` opens a stream of its own to the connection's
//    replica (an HTTP/2 stream of the connection), sends the WATCH on it, and passes
//    each event to `on_event`. It ends once, with `on_end(WatchEnd)`: kError on an Error
//    event (a 410 Expired: relist), kClosed when its stream closes (the server ended it,
//    at timeoutSeconds or shutting down; or the connection broke: resume from the last
//    resourceVersion), kFailed when the WATCH request itself was refused (its status).
//    `stop(watch)` ends it from this side, without a callback. A reflector builds on
//    this (tools/cache/reflector.go), as the list-watch load generator does.
//  - The owner routes what arrives on api::kApiResponsePort to `on_response` and on
//    api::kWatchEventPort to `on_watch_event`; answers to attempts no longer waited for
//    are ignored.
//  - Bounds: the caller bounds its requests in flight (the load generator's
//    maxInFlight, a controller's workers); the client asserts at most kCallsMax calls
//    and watches at once, and frees each at its end.
//  - Bytes: a request costs its body (the object's encoded_bytes, protobuf as in-cluster
//    clients use) plus kRequestHeaderBytes of HTTP/2 headers (HPACK-compressed after the
//    first request of a connection; an estimate).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/apiserver/api/wire.h"
#include "model/client/client_metrics.h"
#include "model/client/errors.h"
#include "model/client/http2_connection.h"
#include "model/client/load_balancer.h"
#include "model/client/retry_policy.h"
#include "model/client/token_bucket.h"
#include "sim/process.h"
#include "sim/random.h"

namespace kcsim::client {

inline constexpr std::uint32_t kRequestHeaderBytes = 100;
inline constexpr std::size_t kCallsMax = std::size_t{1} << 20;

struct ClientConfig {
  double qps = kDefaultQps;  // <= 0: no client-side limit
  std::uint32_t burst = kDefaultBurst;
  int max_retries = kDefaultMaxRetries;
  sim::Time timeout = 0;  // rest.Config.Timeout: 0 is none
  ConnectionConfig connection;
  api::UserInfo user;  // who the requests say they are (APF classifies by it)
};

struct Result {
  Status status;
  api::ApiResponse response;  // the final answer (empty after a transport error)
  int attempts = 0;
  sim::Time latency = 0;                     // from the call to the end
  sim::ProcessId replica = sim::kNoProcess;  // where the last attempt went
};

struct WatchEnd {
  enum class Kind : std::uint8_t { kClosed, kError, kFailed };
  Kind kind = Kind::kClosed;
  // kClosed: the transport error when the connection broke (kNone: the server closed
  // it); kError: the Error event's code; kFailed: the WATCH request's final status.
  Status status;
  std::uint64_t events = 0;  // events delivered (bookmarks included)
};

struct WatchCallbacks {
  std::function<void(const api::WatchEvent&)> on_event;
  std::function<void(const WatchEnd&)> on_end;
};

class ApiClient {
 public:
  using Done = std::function<void(Result&&)>;
  using WatchId = std::uint64_t;

  // `metrics` may be null (no metrics). `rng_stream` names the client's random stream
  // (the load balancer's draws) within its process.
  ApiClient(sim::ProcessContext& owner, LoadBalancer balancer, ClientConfig config,
            ClientMetrics* metrics, std::string_view rng_stream = "apiclient");
  ApiClient(const ApiClient&) = delete;
  ApiClient& operator=(const ApiClient&) = delete;

  // The general form: `request.verb` is any but kWatch. Returns the call's id.
  std::uint64_t send(api::ApiRequest request, Done done);
  std::uint64_t get(api::Kind kind, std::string namespace_, std::string name, Done done);
  std::uint64_t list(api::Kind kind, std::string namespace_, api::ListOptions options, Done done);
  std::uint64_t create(api::ObjectPtr object, Done done);
  std::uint64_t update(api::ObjectPtr object, Done done);
  std::uint64_t patch(api::Kind kind, std::string namespace_, std::string name,
                      api::ObjectPtr patch, Done done);
  std::uint64_t remove(api::Kind kind, std::string namespace_, std::string name, Done done);

  WatchId watch(api::Kind kind, std::string namespace_, api::ListOptions options,
                WatchCallbacks callbacks);
  void stop(WatchId watch);

  void on_response(sim::ProcessId from, api::ApiResponse&& response);
  void on_watch_event(sim::ProcessId from, const api::WatchEvent& event);

  // The replica the connection goes to (kNoProcess when there is none).
  sim::ProcessId replica() const;
  const Http2Connection& connection() const { return connection_; }
  std::size_t in_flight() const { return calls_.size(); }
  std::size_t watches() const { return watches_.size(); }
  const LoadBalancer& balancer() const { return balancer_; }

 private:
  enum class Phase : std::uint8_t { kWaiting, kConnecting, kSent };
  struct Call {
    api::ApiRequest request;
    Done done;
    sim::Time started = 0;
    int attempts = 0;
    Phase phase = Phase::kWaiting;
    std::uint64_t attempt_id = 0;  // the request id of the attempt on the wire
    std::uint64_t connection = 0;  // the connection generation it was sent on
    sim::ProcessId replica = sim::kNoProcess;
    sim::TimerId deadline;
  };
  struct Watch {
    api::ApiRequest request;
    WatchCallbacks callbacks;
    int attempts = 0;
    Phase phase = Phase::kWaiting;
    std::uint64_t attempt_id = 0;
    std::uint64_t connection = 0;
    sim::StreamId stream = sim::kNoStream;
    bool established = false;
    std::uint64_t events = 0;
  };
  struct Attempt {
    std::uint64_t id = 0;  // the call's or watch's id
    bool watch = false;
  };

  std::uint64_t start_call(api::ApiRequest request, Done done);
  void throttle_then_attempt(std::uint64_t id);
  void attempt(std::uint64_t id);
  void attempt_watch(WatchId id);
  // Dials when there is no connection; false when no backend takes the dial.
  bool ensure_connection();
  void send_call(std::uint64_t id);
  void send_watch(WatchId id);
  void on_connected();
  void on_connection_lost(Transport transport);
  void attempt_failed(std::uint64_t id, Status status, api::ApiResponse&& response);
  void watch_attempt_failed(WatchId id, Status status);
  void finish(std::uint64_t id, Status status, api::ApiResponse&& response);
  void end_watch(WatchId id, WatchEnd::Kind kind, Status status);
  std::uint64_t new_attempt_id(std::uint64_t id, bool watch);
  void update_busy();

  sim::ProcessContext& owner_;
  LoadBalancer balancer_;
  ClientConfig config_;
  ClientMetrics* metrics_;
  sim::Rng rng_;
  TokenBucket bucket_;
  Http2Connection connection_;
  std::uint64_t next_id_ = 1;
  std::map<std::uint64_t, Call> calls_;                     // by call id
  std::map<WatchId, Watch> watches_;                        // by watch id
  std::map<std::uint64_t, Attempt> attempts_;               // by attempt (request) id, on the wire
  std::vector<std::pair<std::uint64_t, bool>> connecting_;  // (id, watch) waiting to dial
};

// The HTTP method of a verb, as client-go's metrics label it (a list is a GET).
std::string_view http_method(api::Verb verb);

}  // namespace kcsim::client
