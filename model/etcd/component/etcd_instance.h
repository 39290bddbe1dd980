// One run's etcd: the EtcdCluster built from an EtcdSpec, its roles and states in the
// World, its timeline actions at run time, and its outputs.
//
// Contract:
//  - The constructor builds everything at time 0, in a fixed order (members, clients,
//    watchers, compactors, lease keepers), so process ids depend only on the spec.
//  - memberAdd adds etcd-N (the parser accepted only new etcd-N names); memberRemove
//    and memberPromote resolve their target when they fire and are traced as skipped
//    when it names no process (no leader at that moment).
#pragma once

#include <memory>

#include "model/component/component.h"
#include "model/etcd/component/etcd_spec.h"

namespace kcsim::etcd {

class EtcdCluster;

class EtcdInstance final : public component::Instance {
 public:
  EtcdInstance(runner::World& world, const EtcdSpec& spec);
  ~EtcdInstance() override;

  std::function<void()> apply(const scenario::TimelineEntry& entry, runner::World& world) override;
  std::vector<component::RunOutput> outputs() const override;
  // The cluster, for the components built on it (the API servers).
  EtcdCluster& cluster() { return *cluster_; }

 private:
  void add_states(runner::World& world);

  std::unique_ptr<EtcdCluster> cluster_;
};

}  // namespace kcsim::etcd
