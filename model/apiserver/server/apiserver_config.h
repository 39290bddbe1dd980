// The flags of a kube-apiserver replica that the model uses, with kube-apiserver
// 1.32-1.34's defaults under the real flag names, and the CPU cost model's constants
// with the figures they come from.
//
// Sources (kubernetes/kubernetes):
//  - staging/src/k8s.io/apiserver/pkg/server/options/server_run_options.go and
//    staging/src/k8s.io/apiserver/pkg/server/config.go (NewConfig):
//    --max-requests-inflight 400, --max-mutating-requests-inflight 200,
//    --request-timeout 1m, --min-request-timeout 1800 (a watch lasts a random time in
//    [1800s, 3600s), pkg/endpoints/handlers/watch.go), --shutdown-delay-duration 0,
//    --shutdown-send-retry-after false, --enable-priority-and-fairness true (with APF
//    on, the two inflight limits add up to APF's server concurrency limit, 600).
//  - staging/src/k8s.io/apiserver/pkg/server/options/etcd.go:
//    --etcd-compaction-interval 5m; storagebackend/config.go: the etcd client's
//    keep-alive (30s, 10s) and dial timeout (20s), as etcd::WatchStreamConfig has them.
//  - pkg/features/kube_features.go, staging/src/k8s.io/apiserver/pkg/features/
//    kube_features.go: --feature-gates ConsistentListFromCache, beta and on by default
//    since 1.31: a LIST without resourceVersion is served by the watch cache once it has
//    caught up with etcd's current revision (cacher.go GetList); off, it reads etcd.
//  - staging/src/k8s.io/apiserver/pkg/storage/cacher/cacher.go: bookmarks go to every
//    watcher that asked for them about once a minute (bookmarkFrequency = 1m; the real
//    one sends them at the watcher's deadline minus 2s, or every minute, whichever is
//    first; kcsim sends them every minute).
#pragma once

#include <cstdint>

#include "sim/time.h"

namespace kcsim::apiserver {

// CPU time a request costs a replica (request_cost.h). Estimates:
//  - per_request: the fixed path of a request through the handler chain (authn, authz,
//    audit off, APF or max-inflight, routing, a small decode and encode). kube-apiserver
//    serves about 5,000-10,000 light requests a second on a 16-core control-plane VM in
//    the scalability tests (sig-scalability's 5,000-node load test runs at 100-300 qps
//    per replica with a few cores busy): about 300us of CPU each.
//  - per_byte: encoding and decoding the objects. Go's protobuf marshal of Kubernetes
//    objects runs at roughly 100-300 MB/s a core, JSON 2-3x slower
//    (k8s.io/apimachinery/pkg/runtime/serializer benchmarks; KEP-5116, streaming list
//    encoding, measures LISTs of hundreds of MB taking seconds): 5ns a byte (200 MB/s).
//    A LIST of 150,000 pods of ~4 KB (600 MB) thus costs 3 s of CPU, as it does for real.
//  - per_object: filtering, deep-copying and conversion per object a LIST or watch
//    event touches (the cacher's filter and the versioning decoder): 2us.
//  - admission: the mutating and validating admission chain of a write: 100us.
//  - watch_event: sending one event to one watcher from the watch cache (the cacher
//    serializes an event once per format and shares it: cachingObject): 5us plus the
//    per-byte cost once per event, not per watcher.
struct CostConfig {
  sim::Time per_request = 300 * sim::kMicrosecond;
  double per_byte_ns = 5.0;
  sim::Time per_object = 2 * sim::kMicrosecond;
  sim::Time admission = 100 * sim::kMicrosecond;
  sim::Time watch_event = 5 * sim::kMicrosecond;
};

struct ApiServerConfig {
  // A control-plane VM of 8 vCPUs (GOMAXPROCS = 8): what kubeadm-style HA control planes
  // of a few hundred nodes run on (GKE/EKS/AKS control planes of 500-1,000 nodes use
  // 8-16 vCPU VMs; the 5,000-node scalability tests use 64-core masters).
  std::uint32_t cores = 8;
  std::int64_t max_requests_inflight = 400;               // --max-requests-inflight
  std::int64_t max_mutating_requests_inflight = 200;      // --max-mutating-requests-inflight
  bool enable_priority_and_fairness = true;               // --enable-priority-and-fairness
  sim::Time request_timeout = 60 * sim::kSecond;          // --request-timeout
  sim::Time min_request_timeout = 1800 * sim::kSecond;    // --min-request-timeout (watches)
  sim::Time shutdown_delay = 0;                           // --shutdown-delay-duration
  bool shutdown_send_retry_after = false;                 // --shutdown-send-retry-after
  sim::Time etcd_compaction_interval = 5 * sim::kMinute;  // --etcd-compaction-interval
  sim::Time etcd_request_timeout = 60 * sim::kSecond;     // storage calls: the request's deadline
  sim::Time bookmark_interval = sim::kMinute;             // cacher.go bookmarkFrequency
  bool consistent_list_from_cache = true;                 // --feature-gates ConsistentListFromCache
  // A watch's etcd connection, as storagebackend/factory/etcd3.go dials it.
  sim::Time etcd_keepalive_time = 30 * sim::kSecond;
  sim::Time etcd_keepalive_timeout = 10 * sim::kSecond;
  sim::Time etcd_dial_timeout = 20 * sim::kSecond;
  CostConfig cost;
};

}  // namespace kcsim::apiserver
