// The knobs of one watch cache (kube-apiserver's Cacher for one resource), with the
// real defaults of kube-apiserver 1.32-1.34 and where each comes from (paths in
// kubernetes/kubernetes, under staging/src/k8s.io/apiserver/pkg/storage/cacher/).
//
//  - lower_bound_capacity 100, upper_bound_capacity 102400 (100 * 1024): the event
//    history's capacity bounds (watch_cache.go defaultLowerBoundCapacity,
//    defaultUpperBoundCapacity). The capacity starts at the lower bound.
//  - event_fresh_duration 75 s: the history window aims to cover this much time
//    (watch_cache.go eventFreshDuration = defaultBookmarkFrequency + 15 s).
//  - block_timeout 3 s: how long a read waits for the cache to reach a resourceVersion
//    before it fails with "Too large resource version" (watch_cache.go blockTimeout);
//    the client is told to retry after 1 s (resourceVersionTooHighRetrySeconds).
//  - bookmark_frequency 1 min: each bookmark-watching watcher gets a bookmark about
//    every minute, or 2 s before its deadline if that is sooner (cacher.go
//    defaultBookmarkFrequency, cache_watcher.go nextBookmarkTime). Watchers are kept
//    in 1 s buckets (cacher.go watcherBookmarkTimeBuckets), popped by a timer of
//    1 s (the real one is jittered, wait.Jitter(time.Second, 0.25): 1 to 1.25 s; here
//    a fixed 1 s, so that the cache needs no random stream).
//  - progress_request_period 100 ms: while a read waits for freshness, the cache asks
//    etcd for a progress notification this often (progress/watch_progress.go
//    progressRequestPeriod).
//  - dispatch budget: a watcher whose buffer is full at a dispatch may be waited for,
//    within a shared time budget refilled by 50 ms every second up to 100 ms
//    (time_budget.go refreshPerSecond, maxBudget); while waiting, dispatching stops.
//  - incoming_capacity 100: events stored in the cache but not yet dispatched (cacher.go
//    `incoming: make(chan watchCacheEvent, 100)`); when full, the cache takes no more
//    events from etcd (the reflector blocks).
//  - Watch buffer sizes (watch_cache.go suggestedWatchChannelSize): ceil(capacity / 75)
//    clamped to at least 10 and at most 10 for a watcher on the indexed trigger
//    (a kubelet's spec.nodeName pod watch), 1000 for another watcher of an indexed
//    resource, 100 for a resource without an index.
//  - relist_period 1 s: after the cache's etcd watch breaks, it lists again after this
//    (cacher.go wait.Until(..., time.Second, ...)); the server owns that timer.
//  - retry-after of a 429 while the cache is not ready: int(clamp(exp(0.06 *
//    downtime_seconds), 1, 30)) (util.go calculateRetryAfterForUnreadyCache).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "model/apiserver/objects/kinds.h"
#include "sim/time.h"

namespace kcsim::apiserver::watchcache {

// The value an object is indexed under for the indexed trigger (cacher.go
// indexedTriggerFunc): pods use spec.nodeName (pkg/registry/core/pod/storage,
// NodeNameTriggerFunc). Empty function: the resource has no indexed trigger.
using TriggerFunc = std::function<std::string(const api::Object&)>;

inline constexpr std::size_t kDefaultLowerBoundCapacity = 100;
inline constexpr std::size_t kDefaultUpperBoundCapacity = 100 * 1024;
inline constexpr sim::Time kEventFreshDuration = 75 * sim::kSecond;
inline constexpr sim::Time kBlockTimeout = 3 * sim::kSecond;
inline constexpr std::int64_t kTooLargeRvRetrySeconds = 1;
inline constexpr sim::Time kBookmarkFrequency = sim::kMinute;
inline constexpr sim::Time kBookmarkTick = sim::kSecond;
inline constexpr sim::Time kBookmarkBeforeDeadline = 2 * sim::kSecond;
inline constexpr sim::Time kProgressRequestPeriod = 100 * sim::kMillisecond;
inline constexpr sim::Time kDispatchBudgetRefresh = 50 * sim::kMillisecond;
inline constexpr sim::Time kDispatchBudgetRefreshPeriod = sim::kSecond;
inline constexpr sim::Time kDispatchBudgetMax = 100 * sim::kMillisecond;
inline constexpr std::size_t kIncomingCapacity = 100;
inline constexpr std::size_t kMinWatchChanSize = 10;
inline constexpr std::size_t kMaxWatchChanSizeWithIndexAndTrigger = 10;
inline constexpr std::size_t kMaxWatchChanSizeWithIndexWithoutTrigger = 1000;
inline constexpr std::size_t kMaxWatchChanSizeWithoutIndex = 100;
inline constexpr sim::Time kRelistPeriod = sim::kSecond;
// Reads waiting for freshness at once: API Priority and Fairness bounds the requests
// in flight at a replica far below this (--max-requests-inflight 400); more is a bug.
inline constexpr std::size_t kMaxWaitingReads = 1 << 16;

struct WatchCacheConfig {
  api::Kind kind = api::Kind::kPod;
  std::size_t lower_bound_capacity = kDefaultLowerBoundCapacity;
  std::size_t upper_bound_capacity = kDefaultUpperBoundCapacity;
  sim::Time event_fresh_duration = kEventFreshDuration;
  sim::Time block_timeout = kBlockTimeout;
  sim::Time bookmark_frequency = kBookmarkFrequency;
  sim::Time progress_request_period = kProgressRequestPeriod;
  std::size_t incoming_capacity = kIncomingCapacity;
  // ConsistentListFromCache (beta, on since 1.31) with etcd supporting
  // RequestWatchProgress: a LIST without resourceVersion is served from the cache.
  bool consistent_list_from_cache = true;
  TriggerFunc trigger;  // empty: no indexed trigger
};

// The spec.nodeName trigger of pods.
TriggerFunc pod_node_name_trigger();

// The retry-after, in seconds, of a 429 "storage is (re)initializing" after the cache
// has been unready for `downtime`.
std::int64_t retry_after_for_unready_cache(sim::Time downtime);

}  // namespace kcsim::apiserver::watchcache
