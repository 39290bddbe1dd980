// Counters and gauges of one watch cache, named after the real metrics
// (staging/src/k8s.io/apiserver/pkg/storage/cacher/metrics/metrics.go, and
// endpoints/handlers/watch.go for apiserver_watch_events_total). The server exports
// them with its labels (resource, replica).
#pragma once

#include <cstddef>
#include <cstdint>

namespace kcsim::apiserver::watchcache {

struct Metrics {
  // apiserver_watch_cache_events_received_total: events taken from etcd's watch.
  std::uint64_t events_received_total = 0;
  // apiserver_watch_cache_events_dispatched_total: events dispatched to watchers (one
  // per event, however many watchers get it).
  std::uint64_t events_dispatched_total = 0;
  // kcsim's own: watchers looked at by dispatches (the index's effect; what a server can
  // charge dispatch CPU by). With the spec.nodeName index a pod event looks at the
  // watchers of its node and the unindexed ones, not at every kubelet's.
  std::uint64_t dispatch_candidates_total = 0;
  // apiserver_watch_events_total: events handed to watchers (one per delivery, bookmarks
  // included). The real one is counted by the watch handler as it writes them.
  std::uint64_t watch_events_total = 0;
  std::uint64_t watch_event_bytes_total = 0;  // their encoded_bytes (apiserver_watch_events_sizes)
  // apiserver_watch_cache_initializations_total.
  std::uint64_t initializations_total = 0;
  // apiserver_watch_cache_resource_version (gauge).
  std::int64_t resource_version = 0;
  // apiserver_watch_cache_capacity (gauge) and its changes
  // (apiserver_watch_cache_capacity_increase_total / _decrease_total).
  std::size_t capacity = 0;
  std::uint64_t capacity_increase_total = 0;
  std::uint64_t capacity_decrease_total = 0;
  // apiserver_registered_watchers (gauge).
  std::size_t registered_watchers = 0;
  // apiserver_terminated_watchers_total: watchers closed for unresponsiveness.
  std::uint64_t terminated_watchers_total = 0;
  // apiserver_cache_list_total / _fetched_objects_total / _returned_objects_total.
  std::uint64_t cache_list_total = 0;
  std::uint64_t cache_list_fetched_objects_total = 0;
  std::uint64_t cache_list_returned_objects_total = 0;
  // apiserver_watch_cache_consistent_read_total{success, fallback}.
  std::uint64_t consistent_read_total = 0;
  std::uint64_t consistent_read_fallback_total = 0;
  // Reads answered 429 or 504 by the cache, and watches answered 410.
  std::uint64_t reads_rejected_not_ready_total = 0;
  std::uint64_t reads_too_large_rv_total = 0;
  std::uint64_t watches_expired_total = 0;
};

}  // namespace kcsim::apiserver::watchcache
