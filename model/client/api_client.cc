#include "model/client/api_client.h"

#include <utility>

#include "sim/invariant.h"

namespace kcsim::client {
namespace {

constexpr sim::Label kThrottle{"apiclient.throttle"};
constexpr sim::Label kRetry{"apiclient.retry"};
constexpr sim::Label kDeadline{"apiclient.deadline"};
constexpr sim::Label kWatchStart{"apiclient.watch_start"};
constexpr sim::Label kRequest{"apiclient.request"};

std::uint64_t request_bytes(const api::ApiRequest& request) {
  return std::uint64_t{request.body_bytes} + kRequestHeaderBytes;
}

// The Status of a watch's Error event: a 410 is the watch cache's "too old resource
// version" (reason Expired), as the apiserver writes it.
Status error_event_status(const api::WatchEvent& event) {
  Status status;
  status.code = event.error_code;
  status.reason = event.error_code == api::Code::kGone ? api::Reason::kExpired : api::Reason::kNone;
  return status;
}

}  // namespace

std::string_view http_method(api::Verb verb) {
  switch (verb) {
    case api::Verb::kGet:
    case api::Verb::kList:
    case api::Verb::kWatch:
      return "GET";
    case api::Verb::kCreate:
      return "POST";
    case api::Verb::kUpdate:
      return "PUT";
    case api::Verb::kPatch:
      return "PATCH";
    case api::Verb::kDelete:
      return "DELETE";
  }
  return "GET";
}

ApiClient::ApiClient(sim::ProcessContext& owner, LoadBalancer balancer, ClientConfig config,
                     ClientMetrics* metrics, std::string_view rng_stream)
    : owner_(owner),
      balancer_(std::move(balancer)),
      config_(std::move(config)),
      metrics_(metrics),
      rng_(owner.rng(rng_stream)),
      bucket_(config_.qps, config_.burst),
      connection_(owner, config_.connection,
                  Http2Connection::Callbacks{
                      [this] { on_connected(); },
                      [this](Transport transport) { on_connection_lost(transport); }}) {
  KCSIM_ASSERT(config_.max_retries >= 0);
}

sim::ProcessId ApiClient::replica() const {
  return connection_.state() == Http2Connection::State::kOpen ? connection_.backend()
                                                              : sim::kNoProcess;
}

// --- requests ------------------------------------------------------------------------

std::uint64_t ApiClient::send(api::ApiRequest request, Done done) {
  KCSIM_ASSERT_MSG(request.verb != api::Verb::kWatch, "watches go through watch()");
  return start_call(std::move(request), std::move(done));
}

std::uint64_t ApiClient::get(api::Kind kind, std::string namespace_, std::string name, Done done) {
  api::ApiRequest request;
  request.verb = api::Verb::kGet;
  request.kind = kind;
  request.namespace_ = std::move(namespace_);
  request.name = std::move(name);
  return start_call(std::move(request), std::move(done));
}

std::uint64_t ApiClient::list(api::Kind kind, std::string namespace_, api::ListOptions options,
                              Done done) {
  api::ApiRequest request;
  request.verb = api::Verb::kList;
  request.kind = kind;
  request.namespace_ = std::move(namespace_);
  request.options = std::move(options);
  return start_call(std::move(request), std::move(done));
}

std::uint64_t ApiClient::create(api::ObjectPtr object, Done done) {
  KCSIM_ASSERT(object != nullptr);
  api::ApiRequest request;
  request.verb = api::Verb::kCreate;
  request.kind = object->kind();
  request.namespace_ = object->meta.namespace_;
  request.name = object->meta.name;
  request.object = std::move(object);
  return start_call(std::move(request), std::move(done));
}

std::uint64_t ApiClient::update(api::ObjectPtr object, Done done) {
  KCSIM_ASSERT(object != nullptr);
  api::ApiRequest request;
  request.verb = api::Verb::kUpdate;
  request.kind = object->kind();
  request.namespace_ = object->meta.namespace_;
  request.name = object->meta.name;
  request.object = std::move(object);
  return start_call(std::move(request), std::move(done));
}

std::uint64_t ApiClient::patch(api::Kind kind, std::string namespace_, std::string name,
                               api::ObjectPtr patch, Done done) {
  api::ApiRequest request;
  request.verb = api::Verb::kPatch;
  request.kind = kind;
  request.namespace_ = std::move(namespace_);
  request.name = std::move(name);
  request.object = std::move(patch);
  return start_call(std::move(request), std::move(done));
}

std::uint64_t ApiClient::remove(api::Kind kind, std::string namespace_, std::string name,
                                Done done) {
  api::ApiRequest request;
  request.verb = api::Verb::kDelete;
  request.kind = kind;
  request.namespace_ = std::move(namespace_);
  request.name = std::move(name);
  return start_call(std::move(request), std::move(done));
}

std::uint64_t ApiClient::start_call(api::ApiRequest request, Done done) {
  KCSIM_ASSERT_MSG(calls_.size() < kCallsMax, "an API client holds at most 2^20 calls");
  const std::uint64_t id = next_id_++;
  request.user = config_.user;
  if (request.body_bytes == 0 && request.object != nullptr) {
    request.body_bytes = request.object->encoded_bytes;
  }
  Call& call = calls_[id];
  call.request = std::move(request);
  call.done = std::move(done);
  call.started = owner_.now();
  // Throttle the first try before the timeout starts (request.go: request()).
  const sim::Time wait = bucket_.reserve(owner_.now());
  if (metrics_ != nullptr) {
    metrics_->rate_limiter_wait(http_method(call.request.verb), balancer_.host(), wait);
  }
  if (config_.timeout > 0) {
    call.deadline = owner_.after(wait + config_.timeout, kDeadline, [this, id] {
      if (calls_.contains(id)) {
        finish(id, Status::transport_error(Transport::kDeadlineExceeded), {});
      }
    });
  }
  owner_.after(wait, kThrottle, [this, id] { attempt(id); });
  return id;
}

void ApiClient::throttle_then_attempt(std::uint64_t id) {
  auto it = calls_.find(id);
  if (it == calls_.end()) return;
  // with_retry.go Before(): a retry is throttled by the client's limiter too.
  const sim::Time wait = bucket_.reserve(owner_.now());
  if (metrics_ != nullptr) {
    metrics_->rate_limiter_wait(http_method(it->second.request.verb), balancer_.host(), wait);
  }
  owner_.after(wait, kThrottle, [this, id] { attempt(id); });
}

void ApiClient::attempt(std::uint64_t id) {
  auto it = calls_.find(id);
  if (it == calls_.end()) return;
  ++it->second.attempts;
  if (connection_.state() == Http2Connection::State::kOpen) {
    send_call(id);
    return;
  }
  it->second.phase = Phase::kConnecting;
  connecting_.emplace_back(id, false);
  ensure_connection();
}

bool ApiClient::ensure_connection() {
  if (connection_.state() != Http2Connection::State::kNone) return true;
  const sim::ProcessId backend =
      balancer_.pick(rng_, [this](sim::ProcessId peer) { return owner_.connection_refused(peer); });
  if (backend == sim::kNoProcess) {
    on_connection_lost(Transport::kConnectionRefused);
    return false;
  }
  connection_.dial(backend);  // may connect (or fail) before it returns
  return true;
}

std::uint64_t ApiClient::new_attempt_id(std::uint64_t id, bool watch) {
  const std::uint64_t attempt_id = next_id_++;
  attempts_.emplace(attempt_id, Attempt{id, watch});
  return attempt_id;
}

void ApiClient::send_call(std::uint64_t id) {
  Call& call = calls_.at(id);
  call.phase = Phase::kSent;
  call.attempt_id = new_attempt_id(id, false);
  call.connection = connection_.generation();
  call.replica = connection_.backend();
  api::ApiRequest request = call.request;
  request.request_id = call.attempt_id;
  request.stream = connection_.stream();
  const std::uint64_t bytes = request_bytes(request);
  owner_.send_on_stream(connection_.stream(), api::kApiRequestPort, connection_.backend(), bytes,
                        kRequest, std::move(request));
  update_busy();
}

void ApiClient::on_connected() {
  std::vector<std::pair<std::uint64_t, bool>> waiting;
  waiting.swap(connecting_);
  for (const auto& [id, is_watch] : waiting) {
    if (connection_.state() != Http2Connection::State::kOpen) {
      connecting_.emplace_back(id, is_watch);  // lost meanwhile: handled by the loss
      continue;
    }
    if (is_watch) {
      auto it = watches_.find(id);
      if (it != watches_.end() && it->second.phase == Phase::kConnecting) send_watch(id);
    } else {
      auto it = calls_.find(id);
      if (it != calls_.end() && it->second.phase == Phase::kConnecting) send_call(id);
    }
  }
}

void ApiClient::on_connection_lost(Transport transport) {
  // Everything on the connection, or waiting for it, fails with the transport error.
  std::vector<std::pair<std::uint64_t, bool>> failed;
  failed.swap(connecting_);
  for (const auto& [attempt_id, attempt] : attempts_)
    failed.emplace_back(attempt.id, attempt.watch);
  const Status status = Status::transport_error(transport);
  for (const auto& [id, is_watch] : failed) {
    if (is_watch) {
      auto it = watches_.find(id);
      if (it == watches_.end() || it->second.phase == Phase::kWaiting) continue;
      if (it->second.established) {
        end_watch(id, WatchEnd::Kind::kClosed, status);
      } else {
        watch_attempt_failed(id, status);
      }
    } else {
      auto it = calls_.find(id);
      if (it == calls_.end() || it->second.phase == Phase::kWaiting) continue;
      attempt_failed(id, status, {});
    }
  }
}

void ApiClient::on_response(sim::ProcessId from, api::ApiResponse&& response) {
  auto found = attempts_.find(response.request_id);
  if (found == attempts_.end()) return;  // an answer no one waits for any more
  const Attempt attempt = found->second;
  if (from == connection_.backend()) connection_.heard();
  Status status = Status::from_response(response);
  if (attempt.watch) {
    auto it = watches_.find(attempt.id);
    KCSIM_ASSERT(it != watches_.end());
    if (status.ok()) {
      it->second.established = true;  // the watch's headers: its events follow
      return;
    }
    watch_attempt_failed(attempt.id, std::move(status));
    return;
  }
  attempts_.erase(found);
  auto it = calls_.find(attempt.id);
  KCSIM_ASSERT(it != calls_.end());
  it->second.attempt_id = 0;
  if (status.ok()) {
    finish(attempt.id, std::move(status), std::move(response));
  } else {
    attempt_failed(attempt.id, std::move(status), std::move(response));
  }
}

void ApiClient::attempt_failed(std::uint64_t id, Status status, api::ApiResponse&& response) {
  Call& call = calls_.at(id);
  if (call.attempt_id != 0) {
    attempts_.erase(call.attempt_id);
    call.attempt_id = 0;
  }
  const std::optional<sim::Time> wait =
      retry_wait(call.request.verb, status, call.attempts, config_.max_retries);
  if (!wait) {
    finish(id, std::move(status), std::move(response));
    return;
  }
  if (metrics_ != nullptr) {
    metrics_->retry(status.code_label(), http_method(call.request.verb), balancer_.host());
  }
  call.phase = Phase::kWaiting;
  owner_.after(*wait, kRetry, [this, id] { throttle_then_attempt(id); });
  update_busy();
}

void ApiClient::finish(std::uint64_t id, Status status, api::ApiResponse&& response) {
  auto node = calls_.extract(id);
  KCSIM_ASSERT(!node.empty());
  Call& call = node.mapped();
  if (call.attempt_id != 0) attempts_.erase(call.attempt_id);
  if (call.deadline.valid()) owner_.cancel(call.deadline);
  const sim::Time latency = owner_.now() - call.started;
  if (metrics_ != nullptr) {
    const std::string_view method = http_method(call.request.verb);
    metrics_->request_done(status.code_label(), method, balancer_.host());
    metrics_->request_latency(method, balancer_.host(), latency);
  }
  update_busy();
  Result result;
  result.status = std::move(status);
  result.response = std::move(response);
  result.attempts = call.attempts;
  result.latency = latency;
  result.replica = call.replica;
  if (call.done) call.done(std::move(result));
}

// --- watches -------------------------------------------------------------------------

ApiClient::WatchId ApiClient::watch(api::Kind kind, std::string namespace_,
                                    api::ListOptions options, WatchCallbacks callbacks) {
  KCSIM_ASSERT_MSG(watches_.size() < kCallsMax, "an API client holds at most 2^20 watches");
  const WatchId id = next_id_++;
  Watch& watch = watches_[id];
  watch.request.verb = api::Verb::kWatch;
  watch.request.kind = kind;
  watch.request.namespace_ = std::move(namespace_);
  watch.request.options = std::move(options);
  watch.request.user = config_.user;
  watch.callbacks = std::move(callbacks);
  // Not rate limited (request.go Watch()); started in an event of its own.
  owner_.after(0, kWatchStart, [this, id] { attempt_watch(id); });
  return id;
}

void ApiClient::attempt_watch(WatchId id) {
  auto it = watches_.find(id);
  if (it == watches_.end()) return;
  ++it->second.attempts;
  if (connection_.state() == Http2Connection::State::kOpen) {
    send_watch(id);
    return;
  }
  it->second.phase = Phase::kConnecting;
  connecting_.emplace_back(id, true);
  ensure_connection();
}

void ApiClient::send_watch(WatchId id) {
  Watch& watch = watches_.at(id);
  const sim::ProcessId backend = connection_.backend();
  const sim::StreamId stream = owner_.open_stream(backend);
  watch.stream = stream;
  watch.phase = Phase::kSent;
  watch.established = false;
  watch.connection = connection_.generation();
  watch.attempt_id = new_attempt_id(id, true);
  owner_.on_stream_closed(stream, [this, id, stream] {
    auto it = watches_.find(id);
    if (it == watches_.end() || it->second.stream != stream) return;
    it->second.stream = sim::kNoStream;  // closed by the other end already
    end_watch(id, WatchEnd::Kind::kClosed, Status{});
  });
  api::ApiRequest request = watch.request;
  request.request_id = watch.attempt_id;
  request.stream = stream;
  const std::uint64_t bytes = request_bytes(request);
  owner_.send_on_stream(stream, api::kApiRequestPort, backend, bytes, kRequest, std::move(request));
  update_busy();
}

void ApiClient::on_watch_event(sim::ProcessId from, const api::WatchEvent& event) {
  auto found = attempts_.find(event.request_id);
  if (found == attempts_.end() || !found->second.watch) return;
  const WatchId id = found->second.id;
  if (from == connection_.backend()) connection_.heard();
  Watch& watch = watches_.at(id);
  watch.established = true;
  if (event.type == api::WatchEventType::kError) {
    end_watch(id, WatchEnd::Kind::kError, error_event_status(event));
    return;
  }
  ++watch.events;
  // The handler may stop the watch: call a copy, not the one in the table.
  const std::function<void(const api::WatchEvent&)> on_event = watch.callbacks.on_event;
  if (on_event) on_event(event);
}

void ApiClient::watch_attempt_failed(WatchId id, Status status) {
  Watch& watch = watches_.at(id);
  attempts_.erase(watch.attempt_id);
  watch.attempt_id = 0;
  if (watch.stream != sim::kNoStream) {
    owner_.close_stream(watch.stream);
    watch.stream = sim::kNoStream;
  }
  const std::optional<sim::Time> wait =
      retry_wait(api::Verb::kWatch, status, watch.attempts, config_.max_retries);
  if (!wait) {
    end_watch(id, WatchEnd::Kind::kFailed, std::move(status));
    return;
  }
  if (metrics_ != nullptr) metrics_->retry(status.code_label(), "GET", balancer_.host());
  watch.phase = Phase::kWaiting;
  owner_.after(*wait, kRetry, [this, id] { attempt_watch(id); });
  update_busy();
}

void ApiClient::end_watch(WatchId id, WatchEnd::Kind kind, Status status) {
  auto node = watches_.extract(id);
  KCSIM_ASSERT(!node.empty());
  Watch& watch = node.mapped();
  if (watch.attempt_id != 0) attempts_.erase(watch.attempt_id);
  if (watch.stream != sim::kNoStream) owner_.close_stream(watch.stream);
  if (metrics_ != nullptr && kind == WatchEnd::Kind::kFailed) {
    metrics_->request_done(status.code_label(), "GET", balancer_.host());
  }
  update_busy();
  WatchEnd end;
  end.kind = kind;
  end.status = std::move(status);
  end.events = watch.events;
  if (watch.callbacks.on_end) watch.callbacks.on_end(end);
}

void ApiClient::stop(WatchId id) {
  auto node = watches_.extract(id);
  if (node.empty()) return;
  Watch& watch = node.mapped();
  if (watch.attempt_id != 0) attempts_.erase(watch.attempt_id);
  if (watch.stream != sim::kNoStream) owner_.close_stream(watch.stream);
  update_busy();
}

void ApiClient::update_busy() {
  // Busy while anything is on the wire: every entry of attempts_ is a request in flight
  // or a watch's stream.
  connection_.set_busy(!attempts_.empty());
}

}  // namespace kcsim::client
