#include "model/scenario/targets.h"

#include <charconv>

namespace kcsim::scenario {
namespace {

constexpr std::string_view kEtcdPrefix = "etcd-";

void add_process_and_host(Targets& targets, const std::string& name) {
  targets.processes.insert(name);
  targets.hosts.insert(name);
}

// Adds PREFIX-0 .. PREFIX-(count-1) as both process and host.
void add_numbered(Targets& targets, std::string_view prefix, std::uint64_t count) {
  for (std::uint64_t i = 0; i < count; ++i) {
    add_process_and_host(targets, std::string(prefix) + "-" + std::to_string(i));
  }
}

}  // namespace

std::optional<std::uint64_t> etcd_member_number(std::string_view name) {
  if (!name.starts_with(kEtcdPrefix)) return std::nullopt;
  const std::string_view digits = name.substr(kEtcdPrefix.size());
  if (digits.empty() || (digits.size() > 1 && digits.front() == '0')) return std::nullopt;
  std::uint64_t number = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return number;
}

bool is_new_etcd_member(const ClusterSpec& cluster, std::string_view name) {
  const std::optional<std::uint64_t> number = etcd_member_number(name);
  return cluster.etcd && number && *number >= cluster.etcd->members;
}

Targets known_targets(const ClusterSpec& cluster, const std::vector<std::string>& added_members) {
  Targets targets;
  if (cluster.ping_mesh) add_numbered(targets, "ping", cluster.ping_mesh->hosts);
  if (cluster.etcd) {
    targets.etcd_initial_members = cluster.etcd->members;
    for (std::uint64_t i = 0; i < cluster.etcd->members; ++i) {
      targets.etcd_members.insert(std::string(kEtcdPrefix) + std::to_string(i));
    }
    for (const std::string& name : added_members) {
      if (is_new_etcd_member(cluster, name)) targets.etcd_members.insert(name);
    }
    for (const std::string& name : targets.etcd_members)
      add_process_and_host(targets, name);
    // The synthetic clients, watchers, compactors and lease keepers run on hosts of
    // their own names.
    if (cluster.etcd->clients.qps > 0) add_numbered(targets, "client", cluster.etcd->clients.count);
    add_numbered(targets, "watcher", cluster.etcd->watchers.count);
    add_numbered(targets, "compactor", cluster.etcd->compactors.count);
    add_numbered(targets, "lease", cluster.etcd->leases.count);
    targets.etcd_roles.insert("etcd/leader");
    // A single member leads itself: there is no follower to point at.
    if (targets.etcd_members.size() >= 2) targets.etcd_roles.insert("etcd/follower");
    targets.roles.insert(targets.etcd_roles.begin(), targets.etcd_roles.end());
  }
  return targets;
}

}  // namespace kcsim::scenario
