// ApiServerSpec: spec.cluster.apiServers, the kube-apiserver replicas a scenario runs.
//
// Contract:
//  - Each default is written once, in ApiServerConfig (server/apiserver_config.h, which
//    names kube-apiserver's flags and sources); this struct copies them.
//  - Replicas are apiserver-0..N-1, each on a host of the same name, spread over the
//    zones as etcd's members are; each runs kube-apiserver's etcd compactor as the
//    process apiserver-N-compactor on the same host.
//  - The replicas need an etcd cluster (spec.cluster.etcd) to store into.
#pragma once

#include <cstdint>

#include "model/apiserver/server/apiserver_config.h"
#include "sim/time.h"

namespace kcsim::apiserver {

inline constexpr std::uint64_t kApiServerReplicasMax = 32;

struct ApiServerSpec {
  std::uint64_t replicas = 3;  // an HA control plane (kubeadm's HA topology runs 3)
  std::uint64_t cpus = ApiServerConfig{}.cores;
  std::uint64_t max_requests_inflight =
      static_cast<std::uint64_t>(ApiServerConfig{}.max_requests_inflight);
  std::uint64_t max_mutating_requests_inflight =
      static_cast<std::uint64_t>(ApiServerConfig{}.max_mutating_requests_inflight);
  bool enable_priority_and_fairness = ApiServerConfig{}.enable_priority_and_fairness;
  sim::Time request_timeout = ApiServerConfig{}.request_timeout;
  sim::Time min_request_timeout = ApiServerConfig{}.min_request_timeout;
  sim::Time shutdown_delay = ApiServerConfig{}.shutdown_delay;
  sim::Time etcd_compaction_interval = ApiServerConfig{}.etcd_compaction_interval;
  bool consistent_list_from_cache = ApiServerConfig{}.consistent_list_from_cache;
  sim::Time per_request_cpu = ApiServerConfig{}.cost.per_request;
  // Bytes a core encodes or decodes a second: 1e9 / CostConfig::per_byte_ns.
  std::uint64_t encode_bytes_per_second =
      static_cast<std::uint64_t>(1e9 / ApiServerConfig{}.cost.per_byte_ns);
};

// The replica configuration the spec describes.
ApiServerConfig to_config(const ApiServerSpec& spec);

}  // namespace kcsim::apiserver
