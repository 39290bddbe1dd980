// The replica's side of its clients' watches: one stream per WATCH (opened by the
// client, sim/network.h), its events from the resource's watch cache, its deadline.
//
// Contract:
//  - open(): the watch cache's answer decides. Started: the response's headers (an
//    ApiResponse 200 on kApiResponsePort over the stream), the initial events, then the
//    live deliveries the cache hands out (deliver), each written to the stream on
//    kWatchEventPort and acknowledged to the cache. An ERROR event (410 Expired) is
//    written, then the stream closed. A rejection (429 while the cache initialises)
//    is answered as an ApiResponse on kApiResponsePort over the stream, which is closed.
//  - A watch ends when its client closes the stream (cancel_watch), when its deadline
//    passes (timeoutSeconds, or --min-request-timeout x [1, 2) drawn per watch as
//    pkg/endpoints/handlers/watch.go does; the server closes the stream), when the
//    cache terminates it (slow, reinitialising: closed) or when the replica goes (the
//    kernel resets the stream).
//  - Events are written with their modelled size: the object's encoded bytes plus a
//    small envelope (the watch event frame).
//  - Every table is freed with its watch: a stream, a watcher and a deadline timer per
//    open watch, nothing more.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <utility>
#include <vector>

#include "model/apiserver/api/wire.h"
#include "model/apiserver/server/request_gate.h"
#include "model/apiserver/watchcache/requests.h"
#include "sim/process.h"
#include "sim/random.h"

namespace kcsim::apiserver {

class ResourceCache;

class ApiWatches {
 public:
  static constexpr std::uint64_t kEventEnvelopeBytes = 64;

  ApiWatches(sim::ProcessContext& owner, sim::Time min_request_timeout, RequestGate& gate)
      : owner_(owner),
        min_request_timeout_(min_request_timeout),
        gate_(gate),
        rng_(owner.rng("watch_timeout")) {}

  struct Opened {
    api::Code code = api::Code::kOk;  // the rejection's code, or 200 (an ERROR event too)
    std::uint64_t events = 0;         // written now: the initial ones
    std::uint64_t bytes = 0;
  };
  // Registers the WATCH `request` from `client` with `cache`.
  Opened open(sim::ProcessId client, const api::ApiRequest& request,
              const watchcache::Selection& selection, ResourceCache& cache);
  // Answers the WATCH `request` with `rejection` (an HTTP error before the stream: 400
  // for a bad selector) and closes its stream; returns the code.
  api::Code reject(sim::ProcessId client, const api::ApiRequest& request,
                   api::ApiResponse rejection);
  // Writes the cache's deliveries and ends the watchers it terminated; returns the bytes
  // written.
  Opened deliver(api::Kind kind, const std::vector<watchcache::Delivery>& deliveries,
                 ResourceCache& cache);
  void terminate(api::Kind kind, const std::vector<watchcache::Termination>& terminations);
  // Closes every watch (graceful shutdown).
  void close_all();

  std::size_t size() const { return by_stream_.size(); }

 private:
  struct Watch {
    sim::ProcessId client = sim::kNoProcess;
    std::uint64_t request_id = 0;
    api::Kind kind = api::Kind::kPod;
    watchcache::WatcherId watcher = 0;
    ResourceCache* cache = nullptr;
    sim::TimerId deadline;
    std::uint64_t gate_token = 0;
  };

  sim::Time draw_timeout(const api::ApiRequest& request);
  void write(sim::StreamId stream, const Watch& watch, const api::WatchEvent& event);
  // Forgets the watch on `stream` and tells its cache (`cancel`) unless the cache ended it.
  void forget(sim::StreamId stream, bool cancel);

  sim::ProcessContext& owner_;
  sim::Time min_request_timeout_;
  RequestGate& gate_;  // counts the watches for APF's estimates
  sim::Rng rng_;
  std::map<sim::StreamId, Watch> by_stream_;
  std::map<std::pair<api::Kind, watchcache::WatcherId>, sim::StreamId> by_watcher_;
};

}  // namespace kcsim::apiserver
