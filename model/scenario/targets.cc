#include "model/scenario/targets.h"

namespace kcsim::scenario {
namespace {

// Adds PREFIX-0 .. PREFIX-(count-1) as both process and host.
void add_numbered(Targets& targets, std::string_view prefix, std::uint64_t count) {
  for (std::uint64_t i = 0; i < count; ++i) {
    const std::string name = std::string(prefix) + "-" + std::to_string(i);
    targets.processes.insert(name);
    targets.hosts.insert(name);
  }
}

}  // namespace

Targets known_targets(const ClusterSpec& cluster) {
  Targets targets;
  if (cluster.ping_mesh) add_numbered(targets, "ping", cluster.ping_mesh->hosts);
  if (cluster.etcd) {
    add_numbered(targets, "etcd", cluster.etcd->members);
    targets.roles.insert("etcd/leader");
    // A single member leads itself: there is no follower to point at.
    if (cluster.etcd->members >= 2) targets.roles.insert("etcd/follower");
  }
  return targets;
}

}  // namespace kcsim::scenario
