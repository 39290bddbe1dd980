// The etcd component: spec.cluster.etcd, registered in the built-in registry after the
// ping mesh.
//
// Declares (see component.h for what each part is for):
//  - settings: EtcdSpec (etcd_spec.h) read with etcd_schema() (etcd_schema.h), kept in
//    ClusterSpec::etcd;
//  - names: etcd_names.h; actions: memberAdd, memberRemove, memberPromote (etcd_actions.h);
//  - build: an EtcdCluster (members, clients, watchers, compactors, lease keepers) with
//    roles etcd/leader and etcd/follower, and the states checks read:
//      etcd.has_leader, etcd.linearizable, etcd.linearizability_unknown,
//      etcd.seconds_since_ack, etcd.safety_violations, etcd.voters, etcd.learners,
//      etcd.watch_violations, etcd.watch_segments_checked, etcd.lease_violations,
//      etcd.compact_revision
//    (booleans 1 or 0); its metrics are the members' and clients' (etcd_*);
//  - outputs: history.porcupine.json, the clients' history for an outside
//    linearizability checker.
#pragma once

#include <memory>

#include "model/component/component_of.h"
#include "model/etcd/component/etcd_spec.h"

namespace kcsim::etcd {

class EtcdComponent final : public component::ComponentOf<EtcdSpec> {
 public:
  EtcdComponent();

  std::string_view key() const override { return "etcd"; }
  const std::vector<component::ActionSpec>& actions() const override { return actions_; }
  scenario::Schema<EtcdSpec> schema() const override;
  const EtcdSpec* find(const scenario::ClusterSpec& cluster) const override {
    return cluster.etcd ? &*cluster.etcd : nullptr;
  }

 protected:
  void add_names(const EtcdSpec& spec, const std::vector<component::RawAction>& timeline,
                 scenario::Targets& targets) const override;
  std::unique_ptr<component::Instance> make(runner::World& world,
                                            const EtcdSpec& spec) const override;
  EtcdSpec& emplace(scenario::ClusterSpec& cluster) const override {
    return cluster.etcd.emplace();
  }

 private:
  std::vector<component::ActionSpec> actions_;
};

}  // namespace kcsim::etcd
