// kube-apiserver's watch cache of one resource at one replica (the Cacher, its
// watchCache and its cacheWatchers, staging/src/k8s.io/apiserver/pkg/storage/cacher/),
// as a pure state machine: no Simulation, no clock, no random draw. Inputs: the events
// of the cache's etcd watch, requests, acknowledgements and `now`; outputs: answers,
// deliveries to watchers, terminations, progress requests and the next wake-up time.
// The defaults and their sources are in config.h.
//
// Lifecycle (cacher.go startCaching, ready.go, delegator.go; 1.31+ with
// ResilientWatchCacheInitialization on):
//  - Not ready at creation. `replace(items, list_rv, now)` (the LIST of the reflector)
//    makes it ready (apiserver_watch_cache_initializations_total). `apply` / `progress`
//    then follow etcd's watch, in revision order.
//  - `reset(now)`: the etcd watch broke; the cache is not ready and every watcher is
//    terminated (the real one terminates them when it starts relisting, 1 s later; the
//    server owns that delay, kRelistPeriod). The server relists and calls `replace`.
//  - While not ready: LIST and WATCH answer 429 TooManyRequests "storage is
//    (re)initializing" with Retry-After from the downtime; GET, and a LIST with a limit
//    and no selector, go to etcd; Exact and continue LISTs always go to etcd. Reads
//    waiting for freshness when the cache resets keep waiting: a relist that reaches
//    their RV serves them, else they time out.
//  - The wire's RvMatch cannot say "RV N without resourceVersionMatch", whose LIST with
//    a limit the real delegator sends to etcd as a legacy exact read; the client maps
//    such a request to kExact or kNotOlderThan itself.
//
// Reads (delegator.go GetList/Get, cacher.go GetList, watch_cache.go
// waitUntilFreshAndBlock):
//  - LIST RV unset (consistent read): the server first gets etcd's current revision
//    (route_list says so) and passes it; the cache answers once its RV reaches it, or
//    after block_timeout tells the server to read from etcd (FromEtcd::kFreshnessTimeout,
//    apiserver_watch_cache_consistent_read_total{fallback="true"}). While any read
//    waits (RV N too) and consistent_list_from_cache is on, the cache asks etcd for
//    progress every 100 ms (Outbox::progress_requests; watch_cache.go
//    WaitUntilFreshAndList counts waiters for the progress requester only then).
//  - route_list: a paged LIST without selectors while the cache is not ready goes to
//    etcd before any revision read (shouldDelegateListOnNotReadyCache comes first).
//  - LIST RV "0": whatever the cache has, limit ignored (computeListLimit).
//  - LIST RV N (NotOlderThan): waits until the cache RV >= N; after block_timeout,
//    504 Timeout "Too large resource version" with Retry-After 1.
//  - A limit with RV unset or NotOlderThan: the first page comes from the cache with a
//    continue token "<list_rv>:<last key>\0" (PrepareContinueToken; the form of
//    storage::encode_continue, kcsim's own); the continuation goes to etcd
//    (FromEtcd::kContinue).
//  - GET RV unset: etcd. GET RV 0 / N: the cache, with the same wait as LIST.
//
// Watches (cacher.go Watch, watch_cache.go getAllEventsSinceLocked,
// cache_watcher.go convertToWatchEvent / process):
//  - RV unset or "0": synthetic ADDED events of the cache's current matching objects,
//    then every later change (WatchFromStorageWithoutResourceVersion is off, so an
//    unset RV is served by the cache exactly like "0").
//  - RV N: the history after N, then every later change; N older than the history
//    window (oldest_servable_rv) gives one ERROR event, 410 Expired "too old resource
//    version". N newer than the cache: the watcher is registered and receives nothing
//    until the cache passes N (the real cacher does not block a watch).
//  - Per watcher, a change is converted by its selection: new and old version match:
//    MODIFIED; only the new: ADDED; only the old: DELETED (the old object with the
//    change's resourceVersion); neither: nothing. A deletion is DELETED when the last
//    version matched.
//  - Each watcher has a buffer (config.h sizes). A live event or bookmark occupies a slot
//    until the server `ack`s it (has written it to the stream). At a dispatch, watchers
//    with a full buffer are waited for within the dispatch budget: dispatching stops (new
//    etcd events queue in `incoming`, up to 100, then `can_apply` is false) until they
//    drain or the budget runs out; those still full are then terminated (kSlow,
//    apiserver_terminated_watchers_total) and the client relists or resumes.
//  - Bookmarks: a watcher that allows them gets one about every bookmark_frequency
//    (1 min; or 2 s before its deadline), with the RV of the last dispatched event or
//    etcd progress notification, if that is newer than what it started from (a bookmark
//    finding the buffer full is dropped, as nonblockingAdd does).
//
// Not modelled: WatchList (sendInitialEvents streaming lists), ListFromCacheSnapshot
// pagination from cache (1.34 beta), the cachingObject serialization cache (the
// server charges encoding per delivery), watch timeouts (the server closes a watch at
// its deadline with cancel_watch), and the jitter of the bookmark timer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/apiserver/api/wire.h"
#include "model/apiserver/objects/object.h"
#include "model/apiserver/watchcache/config.h"
#include "model/apiserver/watchcache/history.h"
#include "model/apiserver/watchcache/metrics.h"
#include "model/apiserver/watchcache/requests.h"
#include "model/apiserver/watchcache/store.h"
#include "model/apiserver/watchcache/time_budget.h"
#include "model/apiserver/watchcache/watchers.h"
#include "sim/time.h"

namespace kcsim::apiserver::watchcache {

// Where the server sends a LIST before any waiting (delegator.go shouldDelegateList and
// the consistent-read step).
enum class ListRoute : std::uint8_t {
  kEtcd,                    // see the FromEtcd reason
  kCacheAfterEtcdRevision,  // get etcd's current revision, then call list()
  kCache,                   // call list()
};

class WatchCache {
 public:
  WatchCache(WatchCacheConfig config, sim::Time now);

  // --- feeding, from the server's etcd watch --------------------------------------
  void replace(const std::vector<api::Versioned>& items, std::int64_t list_rv, sim::Time now);
  // False while dispatching waits for a slow watcher and `incoming` is full: the server
  // must hold further events (the reflector blocks) and retry after the next wake-up
  // or ack.
  bool can_apply() const;
  // `version.object` is the new version (ADDED, MODIFIED) or, for DELETED, the last
  // version (null: the stored one); `version.resource_version` is the event's revision.
  void apply(api::WatchEventType type, const std::string& key, api::Versioned version,
             sim::Time now);
  void progress(std::int64_t revision, sim::Time now);
  void reset(sim::Time now);

  // --- requests -----------------------------------------------------------------------
  ListRoute route_list(const ListRequest& request, FromEtcd* reason) const;
  ReadAnswer list(const ListRequest& request, sim::Time now);
  ReadAnswer get(const GetRequest& request, sim::Time now);
  WatchAnswer watch(const WatchRequest& request, sim::Time now);
  // The client closed the watch, or its deadline passed (the server ends it).
  void cancel_watch(WatcherId id, sim::Time now);
  // The server wrote `count` of the watcher's delivered live events to its stream.
  void ack(WatcherId id, std::size_t count, sim::Time now);

  // --- time ---------------------------------------------------------------------------
  void advance(sim::Time now);
  sim::Time next_wakeup() const;  // kTimeNever when nothing is due

  Outbox take_outbox();
  const Outbox& outbox() const { return outbox_; }

  // --- state ----------------------------------------------------------------------------
  bool ready() const { return ready_; }
  std::int64_t resource_version() const { return resource_version_; }
  const History& history() const { return history_; }
  const Store& store() const { return store_; }
  const Metrics& metrics() const { return metrics_; }
  std::size_t watcher_count() const { return watchers_.size(); }
  const Watcher* watcher(WatcherId id) const { return watchers_.find(id); }
  bool dispatch_blocked() const { return stall_.has_value(); }
  std::size_t waiting_reads() const { return waiting_.size(); }

 private:
  struct Incoming {
    bool bookmark = false;  // an etcd progress notification: moves the bookmark RV
    CacheEvent event;
    std::int64_t resource_version = 0;
  };
  struct Blocked {
    WatcherId watcher = 0;
    api::WatchEvent event;
  };
  struct Stall {
    sim::Time started = 0;
    sim::Time deadline = 0;
    std::int64_t resource_version = 0;
    std::vector<Blocked> blocked;
  };
  struct WaitingRead {
    std::uint64_t ticket = 0;
    bool is_list = true;
    bool consistent = false;
    ListRequest list;
    GetRequest get;
    std::int64_t min_rv = 0;
    sim::Time deadline = 0;
  };

  void dispatch_or_queue(Incoming incoming, sim::Time now);
  void dispatch(const Incoming& incoming, sim::Time now);
  void dispatch_event(const CacheEvent& event, sim::Time now);
  void dispatch_bookmarks(sim::Time now);
  void finish_stall(sim::Time now);
  void drain_incoming(sim::Time now);
  void deliver(Watcher& watcher, api::WatchEvent event);
  void terminate(WatcherId id, TerminationReason reason);
  void schedule_bookmark(const Watcher& watcher, sim::Time now);
  std::optional<api::WatchEvent> convert(const Watcher& watcher, const CacheEvent& event) const;
  std::size_t watch_buffer_size(bool trigger_used) const;

  void rv_advanced(sim::Time now);
  ReadAnswer serve_list(const ListRequest& request);
  ReadAnswer serve_get(const GetRequest& request);
  ReadAnswer not_ready_answer(std::uint64_t ticket, sim::Time now);
  // Queues a read until the cache reaches its min_rv (or its deadline, block_timeout
  // from now): waitUntilFreshAndBlock; the answer says it waits.
  ReadAnswer wait_for_rv(WaitingRead waiting, sim::Time now);
  ReadAnswer too_large_answer(std::uint64_t ticket, std::int64_t min_rv);
  void time_out_reads(sim::Time now);

  WatchCacheConfig config_;
  bool ready_ = false;
  sim::Time unready_since_;
  std::int64_t resource_version_ = 0;  // watch_cache.go resourceVersion
  std::int64_t list_rv_ = 0;           // listResourceVersion
  std::int64_t dispatched_rv_ = 0;     // lastProcessedResourceVersion of the dispatcher
  Store store_;
  History history_;
  Watchers watchers_;
  WatcherId next_watcher_ = 1;
  BookmarkBuckets bookmarks_;
  TimeBudget budget_;
  std::optional<Stall> stall_;
  std::deque<Incoming> incoming_;
  std::vector<WaitingRead> waiting_;  // in arrival order
  sim::Time next_progress_request_ = sim::kTimeNever;
  Outbox outbox_;
  Metrics metrics_;
  std::vector<WatcherId> candidates_;  // reused per dispatch
};

}  // namespace kcsim::apiserver::watchcache
