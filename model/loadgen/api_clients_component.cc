#include "model/loadgen/api_clients_component.h"

#include <algorithm>
#include <string>

#include "model/client/client_metrics.h"
#include "model/loadgen/api_clients_schema.h"
#include "model/loadgen/group.h"
#include "model/loadgen/list_watcher.h"
#include "model/loadgen/load_client.h"
#include "model/loadgen/resources.h"
#include "model/runner/load_rates.h"
#include "model/runner/world.h"
#include "sim/invariant.h"

namespace kcsim::loadgen {

scenario::Schema<ApiClientsSpec> ApiClientsComponent::schema() const {
  return api_clients_schema();
}

void ApiClientsComponent::add_names(const ApiClientsSpec& spec,
                                    const std::vector<component::RawAction>&,
                                    scenario::Targets& targets) const {
  for (const ClientGroupSpec& group : spec.groups) {
    targets.add_numbered(group.name, group.count);
    targets.add_numbered(group.name + "-watch", group.watchers);
  }
}

namespace {

// "api clients web: open loop at 500/s: offered 498/s, sent ..." (runner/load_rates.h).
void add_load_digest(runner::World& world, const std::shared_ptr<GroupContext>& group) {
  const sim::Simulation* simulation = &world.simulation();
  world.add_digest("api clients " + group->spec.name, [group, simulation] {
    const ClientGroupSpec& spec = group->spec;
    const GroupMetrics& metrics = group->group_metrics;
    runner::LoadTotals load;
    const bool open = spec.mode == sim::LoadLoop::kOpen;
    load.loop = spec.mode;
    load.rate_per_second = open ? spec.rate : spec.rate * static_cast<double>(spec.count);
    load.in_flight_bound = spec.max_in_flight;
    load.offered = metrics.arrivals.value();
    load.dropped = metrics.dropped.value();
    load.acknowledged = metrics.completed.value();
    // Not 2xx: what was sent and neither answered 2xx nor still held.
    load.failed =
        std::max(0.0, load.offered - load.dropped - load.acknowledged - metrics.in_flight.value());
    return runner::load_rates_line(load, simulation->now());
  });
}

}  // namespace

std::vector<sim::ProcessId> find_replicas(runner::World& world) {
  std::vector<sim::ProcessId> replicas;
  for (std::size_t i = 0;; ++i) {
    const sim::ProcessId id = world.resolve_process("apiserver-" + std::to_string(i));
    if (id == sim::kNoProcess) break;
    replicas.push_back(id);
  }
  return replicas;
}

std::unique_ptr<component::Instance> ApiClientsComponent::make(runner::World& world,
                                                               const ApiClientsSpec& spec) const {
  sim::Simulation& simulation = world.simulation();
  const std::vector<sim::ProcessId> replicas = find_replicas(world);
  KCSIM_ASSERT_MSG(!replicas.empty(),
                   "spec.cluster.apiClients needs API server replicas (spec.cluster.apiServers)");
  auto rest_metrics = std::make_shared<client::ClientMetrics>(simulation.metrics());
  const client::BalancerMode mode =
      spec.direct ? client::BalancerMode::kRoundRobin : client::BalancerMode::kRandom;
  const std::vector<std::string>& zones = world.zones();
  std::size_t placed = 0;
  std::vector<sim::ProcessId> started;
  for (const ClientGroupSpec& group_spec : spec.groups) {
    const std::optional<api::Kind> kind = api::kind_of_resource(group_spec.resource);
    KCSIM_ASSERT(kind.has_value());
    auto group = std::make_shared<GroupContext>(group_spec, *kind, replicas, mode, rest_metrics,
                                                simulation.metrics());
    add_load_digest(world, group);
    for (std::uint64_t i = 0; i < group_spec.count; ++i) {
      const std::string name = group_spec.name + "-" + std::to_string(i);
      const sim::HostId host = simulation.add_host(name, zones[placed++ % zones.size()]);
      started.push_back(simulation.add_process(name, host, [group](sim::ProcessContext context) {
        return std::make_unique<LoadClient>(context, group);
      }));
    }
    for (std::uint64_t i = 0; i < group_spec.watchers; ++i) {
      const std::string name = group_spec.name + "-watch-" + std::to_string(i);
      const sim::HostId host = simulation.add_host(name, zones[placed++ % zones.size()]);
      started.push_back(simulation.add_process(name, host, [group, i](sim::ProcessContext context) {
        return std::make_unique<ListWatcher>(context, group, i);
      }));
    }
  }
  for (sim::ProcessId id : started)
    simulation.start(id);
  return std::make_unique<component::Instance>();
}

}  // namespace kcsim::loadgen
