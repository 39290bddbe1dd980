// A run's kube-apiserver replicas: apiserver-0..N-1 on hosts of the same names spread
// over the zones as etcd's members are (replica i in zone i mod Z), each with its etcd
// compactor apiserver-N-compactor on the same host, over an existing etcd cluster.
//
// What it publishes for scenarios (the component registers them):
//  - `any(rng)`: a live replica (for crash targets), kNoProcess when none is up;
//  - `ready_replicas()`: replicas whose /readyz succeeds (watch caches initialised);
//  - `rolling_restart()`: the replicas restarted one at a time (apiserver.h's graceful
//    shutdown, then a start; the next only once the restarted one is ready), polled
//    every kRollPoll; `rollouts_done()` counts the rollouts finished.
// The replicas and their compactors start 2 election timeouts + 1 heartbeat (2.1s with
// etcd's defaults) into the run: etcd boots and elects first, as a control plane boots.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/apiserver/server/apiserver_shared.h"
#include "sim/random.h"
#include "sim/simulation.h"

namespace kcsim::etcd {
struct ClusterState;
}

namespace kcsim::apiserver {

class ApiServerCluster {
 public:
  static constexpr sim::Time kRollPoll = 100 * sim::kMillisecond;

  ApiServerCluster(sim::Simulation& simulation, ApiServerConfig config, std::size_t replicas,
                   const std::vector<std::string>& zones, std::shared_ptr<etcd::ClusterState> etcd);

  const std::vector<sim::ProcessId>& replicas() const { return shared_->replicas; }
  const std::vector<sim::ProcessId>& compactors() const { return compactors_; }
  sim::ProcessId any(sim::Rng& rng) const;
  bool ready(std::size_t index) const;
  std::size_t ready_replicas() const;
  std::size_t live_replicas() const;
  // Watch caches relisted, summed over the live replicas' current incarnations.
  std::uint64_t relists() const;
  std::size_t watches() const;

  void rolling_restart();
  bool rolling() const { return rolling_; }
  std::uint64_t rollouts_done() const { return rollouts_done_; }

  const ApiServerShared& shared() const { return *shared_; }
  // Requests answered with HTTP `code`, or with any code of a hundred (5: 5xx), over
  // every replica and incarnation.
  std::uint64_t answered(int code) const;
  std::uint64_t answered_class(int hundred) const;

 private:
  void roll(std::size_t index, bool terminated);

  sim::Simulation& simulation_;
  std::shared_ptr<ApiServerShared> shared_;
  std::shared_ptr<etcd::ClusterState> etcd_;
  std::vector<sim::ProcessId> compactors_;
  bool rolling_ = false;
  std::uint64_t rollouts_done_ = 0;
};

}  // namespace kcsim::apiserver
