// One resource's watch cache at a replica, fed as kube-apiserver's Cacher feeds it: a
// reflector that LISTs the resource's prefix from etcd (through the replica's
// storage::Store, as the cacher's listerWatcher lists through the etcd3 store), then
// watches it from the next revision, over one etcd watch (etcd::WatchStream, clientv3's
// transparent resume).
//
// Contract:
//  - start() lists; the list's items and revision `replace` the cache (it becomes
//    ready), and the etcd watch starts at revision + 1 with prev_kv (DELETED events
//    carry the last version) and progress notifications.
//  - Progress: the cache's Outbox::progress_requests (a read waits for freshness: the
//    conditionalProgressRequester, every 100 ms) become RequestWatchProgress calls on
//    the cache's own etcd watch stream (request_progress; the real requester sends them
//    with the watch's gRPC metadata, so on the same stream). Progress notifications
//    reach the cache in order with the events, as `progress(revision)`.
//  - Events go to the cache in revision order. While the cache cannot take more (a
//    slow watcher stalls its dispatch: can_apply false) they wait here, as the real
//    reflector blocks on the cacher's incoming channel; they are fed again at the next
//    wake-up or ack. An etcd PUT whose create revision equals its mod revision is
//    ADDED, another PUT MODIFIED, a DELETE DELETED.
//  - The etcd watch halted (compacted, no leader) or a list failed: the cache resets
//    (not ready, its watchers terminated) and lists again after kRelistPeriod (1s,
//    cacher.go's wait.Until), counted in relists().
//  - After every input the owner drains the cache's outbox (`drain`), and the cache's
//    next wake-up is armed as a timer of the owner's incarnation.
//  - The cache's own counters are exported to the replicas' metrics as they move.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "model/apiserver/server/apiserver_config.h"
#include "model/apiserver/server/apiserver_metrics.h"
#include "model/apiserver/storage/store.h"
#include "model/apiserver/watchcache/watch_cache.h"
#include "model/etcd/member/watch_stream.h"
#include "sim/process.h"

namespace kcsim::apiserver {

class ResourceCache final : public etcd::WatchStreamHandler {
 public:
  using Drain = std::function<void(api::Kind, watchcache::Outbox)>;

  ResourceCache(sim::ProcessContext& owner, storage::Store& store,
                const std::vector<sim::ProcessId>& endpoints, std::size_t first_endpoint,
                const ApiServerConfig& config, api::Kind kind, ApiServerMetrics& metrics,
                Drain drain);

  void start();
  // A message of this cache's etcd watch (false: another stream's).
  bool on_watch_message(const etcd::WatchMessage& message);
  // Call after any input given to cache() from outside (a request, an ack).
  void after_input();
  // RequestWatchProgress on the cache's etcd watch (false: the watch is not connected).
  bool request_progress() { return stream_.request_progress(); }
  // Takes back what this cache added to the shared gauges (the replica crashed).
  void withdraw_metrics();

  watchcache::WatchCache& cache() { return cache_; }
  const watchcache::WatchCache& cache() const { return cache_; }
  api::Kind kind() const { return kind_; }
  bool ready() const { return cache_.ready(); }
  std::uint64_t relists() const { return relists_; }

  void on_watch_events(const etcd::mvcc::WatchResponse& response) override;
  void on_watch_progress(std::int64_t revision) override;
  void on_watch_halted(etcd::ClientError error, std::int64_t compact_revision) override;

 private:
  struct Pending {
    api::WatchEventType type = api::WatchEventType::kAdded;
    std::string key;
    api::Versioned version;
    bool progress = false;
  };

  void list();
  void on_list(storage::ListResult result);
  void relist_later();
  void feed();
  void schedule_wakeup();
  void export_metrics();

  sim::ProcessContext& owner_;
  storage::Store& store_;
  const ApiServerConfig& config_;
  api::Kind kind_;
  std::string prefix_;
  ApiServerMetrics& metrics_;
  Drain drain_;
  watchcache::WatchCache cache_;
  etcd::WatchStream stream_;
  std::deque<Pending> pending_;  // events the cache could not take yet
  bool listing_ = false;
  bool draining_ = false;
  bool listed_once_ = false;
  std::uint64_t relists_ = 0;
  std::uint64_t generation_ = 0;  // +1 per list: a halted watch's late answers are stale
  sim::TimerId wakeup_;
  sim::Time wakeup_at_ = sim::kTimeNever;
  watchcache::Metrics exported_;  // what was exported last
};

}  // namespace kcsim::apiserver
