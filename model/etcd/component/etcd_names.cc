#include "model/etcd/component/etcd_names.h"

#include <string>

#include "model/etcd/component/etcd_actions.h"

namespace kcsim::etcd {

bool is_new_member(const EtcdSpec& spec, std::string_view name) {
  const std::optional<std::uint64_t> number = scenario::etcd_member_number(name);
  return number && *number >= spec.members;
}

void add_etcd_targets(const EtcdSpec& spec, const std::vector<component::RawAction>& timeline,
                      scenario::Targets& targets) {
  targets.etcd_initial_members = spec.members;
  for (std::uint64_t i = 0; i < spec.members; ++i) {
    targets.etcd_members.insert("etcd-" + std::to_string(i));
  }
  for (const component::RawAction& raw : timeline) {
    if (raw.key == kMemberAddKey && is_new_member(spec, raw.value)) {
      targets.etcd_members.insert(raw.value);
    }
  }
  for (const std::string& name : targets.etcd_members)
    targets.add_process_and_host(name);
  if (spec.clients.qps > 0) targets.add_numbered("client", spec.clients.count);
  targets.add_numbered("watcher", spec.watchers.count);
  targets.add_numbered("compactor", spec.compactors.count);
  targets.add_numbered("lease", spec.leases.count);
  targets.etcd_roles.insert("etcd/leader");
  // A single member leads itself: there is no follower to point at.
  if (targets.etcd_members.size() >= 2) targets.etcd_roles.insert("etcd/follower");
  targets.roles.insert(targets.etcd_roles.begin(), targets.etcd_roles.end());
}

}  // namespace kcsim::etcd
