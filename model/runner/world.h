// The world a scenario describes, built in a Simulation: hosts spread over zones, the
// network's links, and the cluster's components, with the names the scenario's timeline
// and checks use.
//
// Contract:
//  - Components are built in a fixed order (ping mesh, then etcd, ...) so that process
//    ids, and with them the run, depend only on the scenario.
//  - `resolve_role("etcd/leader")` names the process holding a role at the moment it is
//    asked (kNoProcess when none does); components register their roles.
//  - `value(name)` answers a check's names: a state a component publishes
//    ("etcd.has_leader"), else a metric query (sim::Metrics::query), else the sum over a
//    metric's labelled series.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/checker/kv_operation.h"
#include "model/scenario/lookup.h"
#include "model/scenario/scenario.h"
#include "sim/random.h"
#include "sim/simulation.h"

namespace kcsim::etcd {
class EtcdCluster;
}

namespace kcsim::runner {

class World final : public scenario::Lookup {
 public:
  World(sim::Simulation& simulation, const scenario::Scenario& scenario);
  ~World() override;

  sim::Simulation& simulation() { return simulation_; }
  const std::vector<std::string>& zones() const { return zones_; }

  // Roles and states: what components publish.
  using RoleResolver = std::function<sim::ProcessId(sim::Rng&)>;
  void add_role(std::string role, RoleResolver resolver);
  void add_state(std::string name, std::function<double()> read);

  sim::ProcessId resolve_process(std::string_view name_or_role);
  std::vector<sim::HostId> resolve_hosts(std::string_view name_or_role);

  std::optional<double> value(std::string_view name) const override;

  // The etcd cluster, when the scenario has one (the timeline reconfigures it).
  etcd::EtcdCluster* etcd() { return etcd_; }

  // The clients' history of the etcd cluster, when the scenario has one.
  std::optional<checker::History> etcd_history() const;

 private:
  void build_network(const scenario::Scenario& scenario);
  void add_etcd(const scenario::EtcdSpec& spec);

  sim::Simulation& simulation_;
  std::vector<std::string> zones_;
  std::map<std::string, RoleResolver, std::less<>> roles_;
  std::map<std::string, std::function<double()>, std::less<>> states_;
  sim::Rng role_rng_;
  std::vector<std::shared_ptr<void>> components_;  // kept alive for the run
  etcd::EtcdCluster* etcd_ = nullptr;
};

}  // namespace kcsim::runner
