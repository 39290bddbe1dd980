// A kube-apiserver replica (kube-apiserver 1.32-1.34): a process that serves the API on
// kApiRequestPort (api/wire.h), stores into etcd through an etcd::KvClient, keeps one
// watch cache per resource fed by an etcd watch, and serves its clients' watches from
// those caches.
//
// The request path (staging/src/k8s.io/apiserver/pkg/server/config.go
// DefaultBuildHandlerChain, pkg/endpoints/handlers/):
//  1. Arrival. A replica shutting down answers 503 (the listener is closed: a client
//     retries elsewhere). Otherwise the request gets its deadline, --request-timeout
//     (60s) from arrival, after which it is answered 504 Timeout whatever it waits on
//     (the timeout filter), and its seats are freed.
//  2. The gate (request_gate.h): API Priority and Fairness, or the max-inflight
//     filter. A rejection is 429 with Retry-After; a queued request waits.
//  3. Execution: a CPU job for the decode (the request body) and, for a write, the
//     admission chain; then the storage call or the watch cache; then a CPU job for the
//     encode of the response (its bytes and objects: request_cost.h); then the answer,
//     on kApiResponsePort over the request's stream, and the gate's finish.
//  4. Reads: a GET or LIST goes where the watch cache routes it (watch_cache.h: RV "0"
//     and RV N from the cache, waiting for freshness; exact reads, continuations and
//     reads while the cache is not ready from etcd). A consistent LIST (RV unset) with
//     ConsistentListFromCache on (cacher.go GetList, 1.31+): etcd's current revision
//     first (Registry::current_resource_version, a Range with limit 1), then the cache
//     serves it once it has caught up to that revision, asking etcd for progress
//     notifications every 100 ms meanwhile (ResourceCache::request_progress); after 3 s
//     (blockTimeout) it falls back to etcd. apiserver_watch_cache_consistent_read_total
//     counts them {success, fallback}.
//  5. Watches: api_watches.h.
// Readiness (/readyz): every watch cache initialised and no shutdown under way;
// published in the replica's view (apiserver_shared.h) for roles, states and the
// rolling restart.
// Graceful shutdown (a Terminate on kTerminatePort, as SIGTERM): --shutdown-delay-
// duration (0) with /readyz failing, then the listener closes (new requests 503), the
// watches close (--shutdown-watch-termination-grace-period 0), in-flight requests
// finish, up to --request-timeout; then the process exits. A crash skips all of it:
// the kernel resets every stream.
// Compaction: kube-apiserver's compactor runs beside the replica as its own process
// (etcd::EtcdCompactor, apiserver-N-compactor).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "model/apiserver/api/wire.h"
#include "model/apiserver/server/api_watches.h"
#include "model/apiserver/server/apiserver_shared.h"
#include "model/apiserver/server/registry.h"
#include "model/apiserver/server/request_gate.h"
#include "model/apiserver/server/resource_cache.h"
#include "model/etcd/member/kv_client.h"
#include "sim/port.h"
#include "sim/process.h"

namespace kcsim::apiserver {

// SIGTERM to a replica: shut down gracefully, then exit.
struct Terminate {};
inline constexpr sim::Port<Terminate> kTerminatePort{"apiserver.terminate"};

class ApiServer final : public sim::Process {
 public:
  static constexpr sim::Time kCpuSlice = sim::kMillisecond;

  ApiServer(sim::ProcessContext context, std::shared_ptr<ApiServerShared> shared,
            std::size_t index);
  ~ApiServer() override;

  void start() override;
  void on_crash() override;

  // /readyz: every watch cache initialised and no shutdown under way.
  bool ready() const;
  std::size_t in_flight() const { return requests_.size(); }
  std::size_t watches() const { return watches_.size(); }
  // Watch caches relisted from etcd after their first list.
  std::uint64_t relists() const;
  const ResourceCache& cache(api::Kind kind) const {
    return *caches_.at(static_cast<std::size_t>(kind));
  }

 private:
  struct Request {
    sim::ProcessId client = sim::kNoProcess;
    api::ApiRequest request;
    sim::Time received = 0;
    sim::Time deadline = 0;
    sim::TimerId timeout;
    bool executing = false;
    bool consistent_fallback = false;  // a consistent read the cache handed to etcd
  };

  void on_request(sim::ProcessId from, const api::ApiRequest& request);
  void execute(std::uint64_t ticket);
  void run_request(std::uint64_t ticket);
  void read(std::uint64_t ticket);
  // A consistent LIST from the cache: etcd's current revision, then the cache.
  void consistent_list(std::uint64_t ticket, watchcache::ListRequest list);
  void on_read_answer(watchcache::ReadAnswer answer);
  void read_from_etcd(std::uint64_t ticket);
  void watch(std::uint64_t ticket);
  // Charges the encode, then finishes with `response`.
  void respond(std::uint64_t ticket, api::ApiResponse response, std::uint64_t objects,
               bool decoded_from_etcd);
  // Ends the request: metrics, the answer (unless `send` is false), the gate's finish.
  void finish(std::uint64_t ticket, api::ApiResponse response, bool send = true);
  // Runs `cost` of CPU as slices of at most kCpuSlice (processor sharing, roughly).
  void run_sliced(sim::Time cost, std::function<void()> done);
  void answer_now(sim::ProcessId client, const api::ApiRequest& request, api::ApiResponse response);
  void timed_out(std::uint64_t ticket);
  void gate_outputs();
  void schedule_gate();
  void drain_cache(api::Kind kind, watchcache::Outbox outbox);
  void terminate();
  void maybe_exit();

  std::shared_ptr<ApiServerShared> shared_;
  std::size_t index_;
  const ApiServerConfig& config_;
  ApiServerMetrics& metrics_;
  etcd::KvClient etcd_;
  std::vector<std::unique_ptr<ResourceCache>> caches_;  // by Kind
  std::unique_ptr<RequestGate> gate_;
  ApiWatches watches_;
  std::unique_ptr<Registry> registry_;
  std::map<std::uint64_t, Request> requests_;  // by ticket, until answered
  std::uint64_t next_ticket_ = 1;
  sim::TimerId gate_timer_;
  sim::Time gate_timer_at_ = sim::kTimeNever;
  bool terminating_ = false;      // SIGTERM received: /readyz fails
  bool listener_closed_ = false;  // after --shutdown-delay-duration: new requests refused
};

}  // namespace kcsim::apiserver
