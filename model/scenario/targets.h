// The names a scenario may point at: processes, hosts and roles, derived from its cluster
// and from the members its timeline adds.
//
// Contract:
//  - The one place where naming rules live. Today:
//      pingMesh.hosts = N  -> hosts and processes ping-0..ping-(N-1)
//      etcd.members = N    -> hosts and processes etcd-0..etcd-(N-1),
//                             roles etcd/leader and (with 2 or more members, initial
//                             and added together) etcd/follower
//      memberAdd: etcd-M   -> host and process etcd-M, an etcd member like the initial
//                             ones (M >= N: the initial members keep etcd-0..N-1)
//    Each process runs on the host of the same name (one process per host, for now).
//  - A role names whichever process holds it when the timeline entry fires; the runner
//    resolves it then. `etcd/follower` picks one follower (the runner's choice is seeded).
//  - An added member is a target for every entry of the timeline, whatever its time:
//    the parser collects the memberAdd names first (their entries are validated, with
//    positions, by the timeline parser); names that are not valid new members
//    (is_new_etcd_member() false) are left out here, so that the entry reports them.
//  - Later components add their rules here, and the parser accepts their names at once.
//  - Sets are ordered (std::set), so listing them in messages is deterministic.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/scenario/scenario.h"

namespace kcsim::scenario {

using NameSet = std::set<std::string, std::less<>>;

struct Targets {
  NameSet processes;
  NameSet hosts;
  NameSet roles;
  // etcd only: the members (initial and added) and the roles that name one of them.
  NameSet etcd_members;
  NameSet etcd_roles;
  // etcd.members when the cluster runs etcd; memberAdd names start at etcd-<this>.
  std::optional<std::uint64_t> etcd_initial_members;

  bool is_process_or_role(std::string_view name) const {
    return processes.contains(name) || roles.contains(name);
  }
  bool is_host_or_role(std::string_view name) const {
    return hosts.contains(name) || roles.contains(name);
  }
};

// N for a name of the form etcd-N (N in decimal, no leading zero, fits 64 bits).
std::optional<std::uint64_t> etcd_member_number(std::string_view name);

// Whether memberAdd may add `name` to `cluster`: it has etcd, and `name` is etcd-N with
// N >= etcd.members. (Adding a name twice is the timeline's concern.)
bool is_new_etcd_member(const ClusterSpec& cluster, std::string_view name);

// `added_members`: the values of the timeline's memberAdd entries, in any order; invalid
// ones are ignored (see the contract above).
Targets known_targets(const ClusterSpec& cluster,
                      const std::vector<std::string>& added_members = {});

}  // namespace kcsim::scenario
