// A simulation with fake replicas (tests/model/client/fake_replica.h) and the load
// generator's processes built by hand, without a scenario.
#pragma once

#include <memory>
#include <string>

#include "model/loadgen/group.h"
#include "model/loadgen/list_watcher.h"
#include "model/loadgen/load_client.h"
#include "model/loadgen/resources.h"
#include "tests/model/client/fake_replica.h"

namespace kcsim::loadgen::testing {

struct LoadWorld : client::testing::World {
  std::shared_ptr<GroupContext> group(const ClientGroupSpec& spec) {
    return std::make_shared<GroupContext>(spec, api::kind_of_resource(spec.resource).value(),
                                          replicas, client::BalancerMode::kRandom, rest_metrics,
                                          sim.metrics());
  }
  void add_load_clients(const std::shared_ptr<GroupContext>& group) {
    for (std::uint64_t i = 0; i < group->spec.count; ++i) {
      const std::string name = group->spec.name + "-" + std::to_string(i);
      const sim::ProcessId id =
          sim.add_process(name, sim.add_host(name, "z"), [group](sim::ProcessContext context) {
            return std::make_unique<LoadClient>(context, group);
          });
      sim.start(id);
    }
  }
  sim::ProcessId add_watcher(const std::shared_ptr<GroupContext>& group) {
    const std::string name = group->spec.name + "-watch";
    const sim::ProcessId id =
        sim.add_process(name, sim.add_host(name, "z"), [group](sim::ProcessContext context) {
          return std::make_unique<ListWatcher>(context, group, 0);
        });
    sim.start(id);
    return id;
  }
  double metric(const std::string& name) const { return sim.metrics().query(name).value_or(-1); }

  std::shared_ptr<client::ClientMetrics> rest_metrics =
      std::make_shared<client::ClientMetrics>(sim.metrics());
};

}  // namespace kcsim::loadgen::testing
