// The API client load component: spec.cluster.apiClients (loadgen_spec.h), registered
// after apiServers in the built-in registry.
//
// Declares: settings ApiClientsSpec (in ClusterSpec::components under "apiClients");
// names: per group the processes and hosts <group>-0..N-1 and <group>-watch-0..M-1;
// metrics: rest_client_* (client/client_metrics.h) and loadgen_* (group.h); build: the
// replicas are the processes apiserver-0, apiserver-1, ... (World::resolve_process, up to
// the first missing one), behind the "kubernetes" load balancer or, with `direct`, dialed
// in turn. Client hosts are spread over the zones in turn.
#pragma once

#include <memory>
#include <vector>

#include "model/component/component_of.h"
#include "model/loadgen/loadgen_spec.h"
#include "sim/ids.h"

namespace kcsim::loadgen {

class ApiClientsComponent final : public component::ComponentOf<ApiClientsSpec> {
 public:
  std::string_view key() const override { return "apiClients"; }
  scenario::Schema<ApiClientsSpec> schema() const override;

 protected:
  void add_names(const ApiClientsSpec& spec, const std::vector<component::RawAction>& timeline,
                 scenario::Targets& targets) const override;
  std::unique_ptr<component::Instance> make(runner::World& world,
                                            const ApiClientsSpec& spec) const override;
};

// The replicas a client finds: apiserver-0, apiserver-1, ... up to the first missing.
std::vector<sim::ProcessId> find_replicas(runner::World& world);

}  // namespace kcsim::loadgen
