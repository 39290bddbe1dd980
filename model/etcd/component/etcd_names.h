// etcd's names in a scenario: what a timeline entry may target when the cluster runs etcd.
//
// Contract:
//  - etcd.members = N -> hosts and processes etcd-0..etcd-(N-1), roles etcd/leader and
//    (with 2 or more members, initial and added together) etcd/follower.
//  - memberAdd: etcd-M -> host and process etcd-M (M >= N), an etcd member like the
//    initial ones, a target for every entry wherever its memberAdd is; names that are
//    not valid new members are left out here, so that their entry reports them.
//  - The synthetic clients (when qps > 0), watchers, compactors and lease keepers run on
//    hosts of their own names: client-I, watcher-I, compactor-I, lease-I.
//  - Fills Targets' etcd sets (etcd_members, etcd_roles, etcd_initial_members), which
//    etcd's timeline actions check against.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "model/component/component.h"
#include "model/etcd/component/etcd_spec.h"
#include "model/scenario/targets.h"

namespace kcsim::etcd {

// Whether memberAdd may add `name`: etcd-N with N >= spec.members.
bool is_new_member(const EtcdSpec& spec, std::string_view name);

void add_etcd_targets(const EtcdSpec& spec, const std::vector<component::RawAction>& timeline,
                      scenario::Targets& targets);

}  // namespace kcsim::etcd
