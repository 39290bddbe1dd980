#include "model/apiserver/component/apiserver_instance.h"

#include "model/apiserver/component/apiserver_names.h"
#include "model/apiserver/server/apiserver_cluster.h"
#include "model/etcd/component/etcd_actions.h"
#include "model/etcd/component/etcd_instance.h"
#include "model/etcd/member/etcd_cluster.h"
#include "model/runner/world.h"
#include "sim/invariant.h"

namespace kcsim::apiserver {
namespace {

// The run's etcd cluster: the component that owns memberAdd.
etcd::EtcdCluster& etcd_cluster(runner::World& world) {
  auto* owner = dynamic_cast<etcd::EtcdInstance*>(world.action_owner(etcd::kMemberAddKey));
  KCSIM_ASSERT_MSG(owner != nullptr,
                   "spec.cluster.apiServers needs spec.cluster.etcd (the replicas store there)");
  return owner->cluster();
}

}  // namespace

ApiServerInstance::ApiServerInstance(runner::World& world, const ApiServerSpec& spec)
    : cluster_(std::make_unique<ApiServerCluster>(world.simulation(), to_config(spec),
                                                  spec.replicas, world.zones(),
                                                  etcd_cluster(world).shared_state())) {
  const ApiServerCluster* c = cluster_.get();
  world.add_role(kAnyReplicaRole, [c](sim::Rng& rng) { return c->any(rng); });
  world.add_state("apiserver.ready_replicas",
                  [c] { return static_cast<double>(c->ready_replicas()); });
  world.add_state("apiserver.live_replicas",
                  [c] { return static_cast<double>(c->live_replicas()); });
  world.add_state("apiserver.relists", [c] { return static_cast<double>(c->relists()); });
  world.add_state("apiserver.watches", [c] { return static_cast<double>(c->watches()); });
  for (int code : {200, 201, 404, 409, 410, 429, 500, 503, 504}) {
    world.add_state("apiserver.answered_" + std::to_string(code),
                    [c, code] { return static_cast<double>(c->answered(code)); });
  }
  world.add_state("apiserver.answered_2xx",
                  [c] { return static_cast<double>(c->answered_class(2)); });
  world.add_state("apiserver.answered_5xx",
                  [c] { return static_cast<double>(c->answered_class(5)); });
  world.add_state("apiserver.conflicts",
                  [c] { return static_cast<double>(c->shared().conflicts); });
  world.add_state("apiserver.lists", [c] { return static_cast<double>(c->shared().lists); });
  world.add_state("apiserver.watches_opened",
                  [c] { return static_cast<double>(c->shared().watches_opened); });
  world.add_state("apiserver.rolling", [c] { return c->rolling() ? 1.0 : 0.0; });
  world.add_state("apiserver.rollouts_done",
                  [c] { return static_cast<double>(c->rollouts_done()); });
}

ApiServerInstance::~ApiServerInstance() = default;

std::function<void()> ApiServerInstance::apply(const scenario::TimelineEntry&, runner::World&) {
  cluster_->rolling_restart();  // rollingRestart: apiServers, the one action
  return {};
}

}  // namespace kcsim::apiserver
