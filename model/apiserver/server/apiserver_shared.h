// What a run's kube-apiserver replicas share: their configuration, the etcd members
// they talk to, their metrics, and what each publishes for the observers outside it
// (roles, states, the rolling restart). Replicas publish here; none reads another's view.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "model/apiserver/server/apiserver_config.h"
#include "model/apiserver/server/apiserver_metrics.h"
#include "sim/ids.h"
#include "sim/metrics.h"

namespace kcsim::etcd {
struct ClusterState;
}

namespace kcsim::apiserver {

class ApiServer;

// What a replica publishes: set when it starts, cleared when it crashes or exits.
struct ReplicaView {
  bool up = false;
  const ApiServer* server = nullptr;  // read-only, for observers; null while down
};

struct ApiServerShared {
  ApiServerShared(sim::Metrics& registry, ApiServerConfig replica_config,
                  std::vector<sim::ProcessId> endpoints)
      : config(replica_config), etcd_endpoints(std::move(endpoints)), metrics(registry) {}
  ApiServerShared(const ApiServerShared&) = delete;
  ApiServerShared& operator=(const ApiServerShared&) = delete;

  ApiServerConfig config;
  std::vector<sim::ProcessId> etcd_endpoints;  // --etcd-servers
  std::vector<sim::ProcessId> replicas;        // apiserver-0..N-1
  std::vector<ReplicaView> views;              // by replica index
  ApiServerMetrics metrics;
  // Totals over every replica and incarnation, for the scenario's states (the labelled
  // apiserver_request_total series appear only as requests come, too late for a check's
  // names to be known before the run).
  std::map<int, std::uint64_t> answered_by_code;  // HTTP code -> requests answered
  std::uint64_t lists = 0;                        // LISTs answered 200
  std::uint64_t conflicts = 0;                    // 409 Conflict: a stale resourceVersion
  std::uint64_t watches_opened = 0;               // WATCHes registered
};

}  // namespace kcsim::apiserver
