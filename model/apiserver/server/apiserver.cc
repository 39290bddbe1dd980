#include "model/apiserver/server/apiserver.h"

#include <string>
#include <utility>
#include <variant>

#include "model/apiserver/server/request_cost.h"
#include "model/apiserver/server/selection.h"
#include "sim/cpu.h"
#include "sim/invariant.h"

namespace kcsim::apiserver {
namespace {

constexpr sim::Label kApiResponse{"apiserver.response"};
constexpr sim::Label kRequestTimeout{"apiserver.request_timeout"};
constexpr sim::Label kGateTimer{"apiserver.gate"};
constexpr sim::Label kShutdownDeadline{"apiserver.shutdown_deadline"};
constexpr sim::Label kShutdownDelay{"apiserver.shutdown_delay"};

// The response's envelope (status line, headers, the list's metadata) and the
// per-object overhead of a list item.
constexpr std::uint64_t kEnvelopeBytes = 200;

std::uint64_t response_bytes(const api::ApiResponse& response) {
  std::uint64_t bytes = kEnvelopeBytes;
  if (response.object.object != nullptr) bytes += response.object.object->encoded_bytes;
  for (const api::Versioned& item : response.items) {
    if (item.object != nullptr) bytes += item.object->encoded_bytes;
  }
  return bytes;
}

api::ApiResponse error_response(api::Code code, api::Reason reason, std::string message,
                                std::int64_t retry_after = 0) {
  api::ApiResponse response;
  response.code = code;
  response.reason = reason;
  response.message = std::move(message);
  response.retry_after_seconds = retry_after;
  return response;
}

}  // namespace

ApiServer::ApiServer(sim::ProcessContext context, std::shared_ptr<ApiServerShared> shared,
                     std::size_t index)
    : Process(context),
      shared_(std::move(shared)),
      index_(index),
      config_(shared_->config),
      metrics_(shared_->metrics),
      etcd_(Process::context(), shared_->etcd_endpoints, index),
      gate_(make_request_gate(config_, Process::context().now(), metrics_.registry(),
                              Process::context().name())),
      watches_(Process::context(), config_.min_request_timeout, *gate_) {
  ApiServerMetrics* metrics = &metrics_;
  registry_ = std::make_unique<Registry>(
      Process::context(), etcd_, config_.request_timeout,
      [metrics](std::string_view operation, api::Kind kind, double seconds) {
        metrics->etcd_duration(operation, kind).record(seconds);
      },
      [metrics](api::Kind kind, std::int64_t objects_read) {
        metrics->storage_lists(kind).inc();
        metrics->storage_list_fetched(kind).add(static_cast<double>(objects_read));
      });
  caches_.reserve(api::kKindCount);
  for (std::size_t k = 0; k < api::kKindCount; ++k) {
    caches_.push_back(std::make_unique<ResourceCache>(
        Process::context(), registry_->store(), shared_->etcd_endpoints, index + k, config_,
        static_cast<api::Kind>(k), metrics_, [this](api::Kind kind, watchcache::Outbox outbox) {
          drain_cache(kind, std::move(outbox));
        }));
  }
}

ApiServer::~ApiServer() = default;

void ApiServer::start() {
  handle(api::kApiRequestPort, [this](sim::ProcessId from, const api::ApiRequest& request) {
    on_request(from, request);
  });
  handle(etcd::kResponsePort, [this](sim::ProcessId, const etcd::ClientResponse& response) {
    etcd_.on_response(response);
  });
  handle(etcd::kWatchMessagePort, [this](sim::ProcessId, const etcd::WatchMessage& message) {
    for (auto& cache : caches_) {
      if (cache->on_watch_message(message)) return;
    }
  });
  handle(kTerminatePort, [this](sim::ProcessId, const Terminate&) { terminate(); });
  ReplicaView& view = shared_->views.at(index_);
  view = ReplicaView{};
  view.up = true;
  view.server = this;
  for (auto& cache : caches_)
    cache->start();
}

void ApiServer::on_crash() {
  // Take back what this incarnation added to the shared gauges.
  for (const auto& [ticket, r] : requests_) {
    if (r.executing) metrics_.inflight(api::is_mutating(r.request.verb)).dec();
  }
  for (auto& cache : caches_)
    cache->withdraw_metrics();
  ReplicaView& view = shared_->views.at(index_);
  view.up = false;
  view.server = nullptr;
}

bool ApiServer::ready() const {
  if (terminating_) return false;
  for (const auto& cache : caches_) {
    if (!cache->ready()) return false;
  }
  return true;
}

std::uint64_t ApiServer::relists() const {
  std::uint64_t n = 0;
  for (const auto& cache : caches_)
    n += cache->relists();
  return n;
}

void ApiServer::on_request(sim::ProcessId from, const api::ApiRequest& request) {
  if (listener_closed_) {
    // The listener is closed: a real client's new connection would be refused and go
    // elsewhere. kcsim's kernel refuses only dials to a dead process, so the replica
    // answers 503 with Retry-After 1: the client retries, elsewhere once it has exited.
    answer_now(from, request,
               error_response(api::Code::kServiceUnavailable, api::Reason::kServiceUnavailable,
                              "apiserver is shutting down", 1));
    return;
  }
  const std::uint64_t ticket = next_ticket_++;
  Request& r = requests_[ticket];
  r.client = from;
  r.request = request;
  r.received = now();
  r.deadline = now() + config_.request_timeout;
  r.timeout =
      after(config_.request_timeout, kRequestTimeout, [this, ticket] { timed_out(ticket); });
  const ResourceCache& cache = *caches_.at(static_cast<std::size_t>(request.kind));
  if (cache.ready()) {  // APF's LIST estimate reads the object count
    gate_->set_object_count(request.kind, static_cast<std::int64_t>(cache.cache().store().size()));
  }
  const RequestGate::Decision decision = gate_->admit(ticket, r.request, now());
  switch (decision.outcome) {
    case RequestGate::Outcome::kRejected:
      finish(ticket, error_response(api::Code::kTooManyRequests, api::Reason::kTooManyRequests,
                                    "Too many requests, please try again later.",
                                    decision.retry_after_seconds));
      break;
    case RequestGate::Outcome::kQueued:
      break;
    case RequestGate::Outcome::kExecute:
      execute(ticket);
      break;
  }
  gate_outputs();
}

void ApiServer::execute(std::uint64_t ticket) {
  const auto it = requests_.find(ticket);
  if (it == requests_.end()) {  // answered 504 while it was queued: give its seats back
    gate_->finish(ticket, now());
    return;
  }
  Request& r = it->second;
  r.executing = true;
  metrics_.inflight(api::is_mutating(r.request.verb)).inc();
  RequestWork work;
  work.verb = r.request.verb;
  work.objects = r.request.object != nullptr ? 1 : 0;
  work.bytes = r.request.body_bytes;
  context().cpu().run(request_cost(config_.cost, work), [this, ticket] { run_request(ticket); });
}

void ApiServer::run_request(std::uint64_t ticket) {
  const auto it = requests_.find(ticket);
  if (it == requests_.end()) return;  // timed out meanwhile
  const api::ApiRequest& request = it->second.request;
  switch (request.verb) {
    case api::Verb::kGet:
    case api::Verb::kList:
      read(ticket);
      return;
    case api::Verb::kWatch:
      watch(ticket);
      return;
    case api::Verb::kCreate:
    case api::Verb::kUpdate:
    case api::Verb::kPatch:
    case api::Verb::kDelete:
      registry_->write(request, it->second.deadline, [this, ticket](api::ApiResponse response) {
        respond(ticket, std::move(response), 1, true);
      });
      return;
  }
}

void ApiServer::read(std::uint64_t ticket) {
  Request& r = requests_.at(ticket);
  const api::ApiRequest& request = r.request;
  ResourceCache& cache = *caches_.at(static_cast<std::size_t>(request.kind));
  watchcache::ReadAnswer answer;
  if (request.verb == api::Verb::kGet) {
    watchcache::GetRequest get;
    get.ticket = ticket;
    get.rv_match = request.options.rv_match;
    get.resource_version = request.options.resource_version;
    get.namespace_ = request.namespace_;
    get.name = request.name;
    answer = cache.cache().get(get, now());
  } else {
    auto selectors = selection_of(request);
    if (const auto* error = std::get_if<std::string>(&selectors)) {
      finish(ticket, error_response(api::Code::kBadRequest, api::Reason::kBadRequest, *error));
      return;
    }
    watchcache::ListRequest list;
    list.ticket = ticket;
    list.rv_match = request.options.rv_match;
    list.resource_version = request.options.resource_version;
    list.limit = request.options.limit;
    list.has_continue = !request.options.continue_token.empty();
    list.selection = std::move(std::get<Selectors>(selectors).selection);
    watchcache::FromEtcd reason = watchcache::FromEtcd::kNo;
    switch (cache.cache().route_list(list, &reason)) {
      case watchcache::ListRoute::kEtcd:
        read_from_etcd(ticket);
        return;
      case watchcache::ListRoute::kCacheAfterEtcdRevision:
        consistent_list(ticket, std::move(list));
        return;
      case watchcache::ListRoute::kCache:
        break;
    }
    answer = cache.cache().list(list, now());
  }
  on_read_answer(std::move(answer));
  cache.after_input();
}

void ApiServer::consistent_list(std::uint64_t ticket, watchcache::ListRequest list) {
  const Request& r = requests_.at(ticket);
  const api::Kind kind = r.request.kind;
  registry_->current_resource_version(
      kind, r.deadline,
      [this, ticket, kind, list = std::move(list)](std::int64_t revision,
                                                   api::ApiResponse failure) mutable {
        if (!requests_.contains(ticket)) return;  // answered 504 meanwhile
        if (revision == 0) {  // the error of GetCurrentResourceVersion, as the client gets it
          respond(ticket, std::move(failure), 0, false);
          return;
        }
        list.etcd_current_revision = revision;
        ResourceCache& cache = *caches_.at(static_cast<std::size_t>(kind));
        on_read_answer(cache.cache().list(list, now()));
        cache.after_input();
      });
}

void ApiServer::on_read_answer(watchcache::ReadAnswer answer) {
  const std::uint64_t ticket = answer.ticket;
  if (!requests_.contains(ticket)) return;  // timed out while it waited
  switch (answer.outcome) {
    case watchcache::ReadOutcome::kServed:
      respond(ticket, std::move(answer.response), answer.fetched, false);
      return;
    case watchcache::ReadOutcome::kFromEtcd:
      if (answer.from_etcd == watchcache::FromEtcd::kFreshnessTimeout) {
        requests_.at(ticket).consistent_fallback = true;
      }
      read_from_etcd(ticket);
      return;
    case watchcache::ReadOutcome::kWaiting:
      return;  // a ReadAnswer with this ticket comes in the cache's outbox
  }
}

void ApiServer::read_from_etcd(std::uint64_t ticket) {
  const Request& r = requests_.at(ticket);
  auto done = [this, ticket](api::ApiResponse response) {
    const auto it = requests_.find(ticket);
    if (it != requests_.end() && it->second.consistent_fallback) {
      metrics_.consistent_reads(it->second.request.kind, response.code == api::Code::kOk, true)
          .inc();
    }
    const std::uint64_t objects = response.items.size() + (response.object.object ? 1 : 0);
    respond(ticket, std::move(response), objects, true);
  };
  if (r.request.verb == api::Verb::kGet) {
    registry_->get(r.request, r.deadline, std::move(done));
  } else {
    // The selectors parsed when the read began (read()).
    registry_->list(r.request, std::get<Selectors>(selection_of(r.request)), r.deadline,
                    std::move(done));
  }
}

void ApiServer::watch(std::uint64_t ticket) {
  Request& r = requests_.at(ticket);
  ResourceCache& cache = *caches_.at(static_cast<std::size_t>(r.request.kind));
  auto selectors = selection_of(r.request);
  if (const auto* error = std::get_if<std::string>(&selectors)) {
    api::ApiResponse rejection =
        error_response(api::Code::kBadRequest, api::Reason::kBadRequest, *error);
    api::ApiResponse status;
    status.code = watches_.reject(r.client, r.request, std::move(rejection));
    finish(ticket, std::move(status), /*send=*/false);
    return;
  }
  const ApiWatches::Opened opened =
      watches_.open(r.client, r.request, std::get<Selectors>(selectors).selection, cache);
  if (opened.events > 0) {
    run_sliced(watch_event_cost(config_.cost, opened.bytes, opened.events), [] {});
  }
  // The watch is registered (or refused): its request is done; the stream carries it on.
  api::ApiResponse status;
  status.code = opened.code;
  finish(ticket, std::move(status), /*send=*/false);
}

void ApiServer::respond(std::uint64_t ticket, api::ApiResponse response, std::uint64_t objects,
                        bool decoded_from_etcd) {
  if (!requests_.contains(ticket)) return;  // answered 504 already
  response.body_bytes =
      static_cast<std::uint32_t>(std::min<std::uint64_t>(response_bytes(response), UINT32_MAX));
  RequestWork work;
  work.verb = api::Verb::kGet;  // the encode: no admission
  work.objects = objects;
  work.bytes = response.body_bytes * (decoded_from_etcd ? 2u : 1u);
  const sim::Time cost = request_cost(config_.cost, work) - config_.cost.per_request;
  run_sliced(cost, [this, ticket, response = std::move(response)]() mutable {
    finish(ticket, std::move(response));
  });
}

void ApiServer::run_sliced(sim::Time cost, std::function<void()> done) {
  // Go's scheduler shares the cores among goroutines (preemption every 10ms, and a
  // large encode yields at every write): a 50ms LIST encode does not hold a core while
  // short requests wait. The CPU here is FIFO, so a long job runs as slices of at most
  // kCpuSlice, each queued behind the jobs that arrived meanwhile.
  if (cost <= kCpuSlice) {
    context().cpu().run(cost, std::move(done));
    return;
  }
  context().cpu().run(kCpuSlice, [this, cost, done = std::move(done)]() mutable {
    run_sliced(cost - kCpuSlice, std::move(done));
  });
}

void ApiServer::finish(std::uint64_t ticket, api::ApiResponse response, bool send) {
  const auto it = requests_.find(ticket);
  if (it == requests_.end()) return;
  Request r = std::move(it->second);
  requests_.erase(it);
  cancel(r.timeout);
  if (r.executing) metrics_.inflight(api::is_mutating(r.request.verb)).dec();
  metrics_.requests(r.request, response.code).inc();
  ++shared_->answered_by_code[static_cast<int>(response.code)];
  if (r.request.verb == api::Verb::kList && response.code == api::Code::kOk) ++shared_->lists;
  if (response.reason == api::Reason::kConflict) ++shared_->conflicts;
  if (r.request.verb == api::Verb::kWatch && response.code == api::Code::kOk) {
    ++shared_->watches_opened;
  }
  if (r.request.verb != api::Verb::kWatch) {
    metrics_.duration(r.request).record(sim::to_seconds(now() - r.received));
  }
  if (send) answer_now(r.client, r.request, std::move(response));
  // A request still queued stays in the gate: it is finished when dispatched (execute).
  if (r.executing) gate_->finish(ticket, now());
  gate_outputs();
  maybe_exit();
}

void ApiServer::answer_now(sim::ProcessId client, const api::ApiRequest& request,
                           api::ApiResponse response) {
  response.request_id = request.request_id;
  if (response.body_bytes == 0) response.body_bytes = kEnvelopeBytes;
  const std::uint64_t bytes = response.body_bytes;
  if (request.stream != sim::kNoStream) {
    context().send_on_stream(request.stream, api::kApiResponsePort, client, bytes, kApiResponse,
                             std::move(response));
  } else {
    context().send(api::kApiResponsePort, client, bytes, kApiResponse, std::move(response));
  }
}

void ApiServer::timed_out(std::uint64_t ticket) {
  // The timeout filter answers; the handler's work, if any, runs on and is dropped.
  finish(ticket, error_response(api::Code::kGatewayTimeout, api::Reason::kTimeout,
                                "request did not complete within the allowed duration"));
}

void ApiServer::gate_outputs() {
  // finish() calls back here: loop until the gate has nothing more to say.
  for (;;) {
    std::vector<RequestGate::TimedOut> timed_out = gate_->take_timed_out();
    std::vector<std::uint64_t> dispatched = gate_->take_dispatched();
    if (timed_out.empty() && dispatched.empty()) break;
    for (const RequestGate::TimedOut& t : timed_out) {
      finish(t.ticket,
             error_response(api::Code::kTooManyRequests, api::Reason::kTooManyRequests,
                            "Too many requests, please try again later.", t.retry_after_seconds));
    }
    for (std::uint64_t ticket : dispatched)
      execute(ticket);
  }
  schedule_gate();
}

void ApiServer::schedule_gate() {
  const sim::Time next = gate_->next_event();
  if (next == gate_timer_at_) return;
  if (gate_timer_at_ != sim::kTimeNever) cancel(gate_timer_);
  gate_timer_at_ = next;
  if (next == sim::kTimeNever) return;
  gate_timer_ = after(next > now() ? next - now() : 0, kGateTimer, [this] {
    gate_timer_at_ = sim::kTimeNever;
    gate_->advance(now());
    gate_outputs();
  });
}

void ApiServer::drain_cache(api::Kind kind, watchcache::Outbox outbox) {
  ResourceCache& cache = *caches_.at(static_cast<std::size_t>(kind));
  if (!outbox.deliveries.empty()) {
    const ApiWatches::Opened written = watches_.deliver(kind, outbox.deliveries, cache);
    if (written.events > 0) {
      run_sliced(watch_event_cost(config_.cost, written.bytes, written.events), [] {});
    }
  }
  watches_.terminate(kind, outbox.terminations);
  for (watchcache::ReadAnswer& answer : outbox.reads_done)
    on_read_answer(std::move(answer));
  // The conditional progress requester's calls: one RequestWatchProgress per period
  // with reads waiting (not sent while the cache's etcd watch is not connected).
  for (std::uint64_t i = 0; i < outbox.progress_requests; ++i)
    cache.request_progress();
}

void ApiServer::terminate() {
  if (terminating_) return;
  terminating_ = true;  // /readyz fails from now on
  // --shutdown-delay-duration: keep serving while the load balancer notices.
  after(config_.shutdown_delay, kShutdownDelay, [this] {
    listener_closed_ = true;
    watches_.close_all();  // --shutdown-watch-termination-grace-period 0
    after(config_.request_timeout, kShutdownDeadline, [this] { context().exit(); });
    maybe_exit();
  });
}

void ApiServer::maybe_exit() {
  if (listener_closed_ && requests_.empty()) context().exit();
}

}  // namespace kcsim::apiserver
