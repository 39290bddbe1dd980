// The names a scenario may point at: processes, hosts and roles, derived from its cluster.
//
// Contract:
//  - The one place where naming rules live. Today:
//      pingMesh.hosts = N  -> hosts and processes ping-0..ping-(N-1)
//      etcd.members = N    -> hosts and processes etcd-0..etcd-(N-1),
//                             roles etcd/leader and (with 2 or more members)
//                             etcd/follower
//    Each process runs on the host of the same name (one process per host, for now).
//  - A role names whichever process holds it when the timeline entry fires; the runner
//    resolves it then. `etcd/follower` picks one follower (the runner's choice is seeded).
//  - Later components add their rules here, and the parser accepts their names at once.
//  - Sets are ordered (std::set), so listing them in messages is deterministic.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "model/scenario/scenario.h"

namespace kcsim::scenario {

struct Targets {
  std::set<std::string, std::less<>> processes;
  std::set<std::string, std::less<>> hosts;
  std::set<std::string, std::less<>> roles;

  bool is_process_or_role(std::string_view name) const {
    return processes.contains(name) || roles.contains(name);
  }
  bool is_host_or_role(std::string_view name) const {
    return hosts.contains(name) || roles.contains(name);
  }
};

Targets known_targets(const ClusterSpec& cluster);

}  // namespace kcsim::scenario
