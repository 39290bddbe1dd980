// The names a scenario may point at: processes, hosts and roles, derived from its cluster
// by its components, and from what its timeline adds.
//
// Contract:
//  - Each component adds its own names (Component::add_targets, component.h), in the
//    registry's order; the rules live with the component (pingMesh: ping-0..N-1; etcd:
//    model/etcd/component/etcd_names.h). Each process runs on the host of the same name
//    (one process per host, for now).
//  - A role names whichever process holds it when the timeline entry fires; the runner
//    resolves it then (`etcd/follower` picks one follower; the runner's choice is seeded).
//  - A name an action creates (memberAdd: etcd-3) is a target for every entry of the
//    timeline, whatever its time: the parser hands the components the timeline's raw
//    (key, value) pairs first; the entries themselves are validated, with positions, by
//    the timeline parser.
//  - Sets are ordered (std::set), so listing them in messages is deterministic.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/scenario/scenario.h"

namespace kcsim::component {
class Registry;
}

namespace kcsim::scenario {

using NameSet = std::set<std::string, std::less<>>;

struct Targets {
  NameSet processes;
  NameSet hosts;
  NameSet roles;
  // etcd's sets, filled by the etcd component (etcd_names.h) and read by its actions:
  // the members (initial and added), the roles that name one of them, and etcd.members
  // (memberAdd names start at etcd-<this>).
  NameSet etcd_members;
  NameSet etcd_roles;
  std::optional<std::uint64_t> etcd_initial_members;

  bool is_process_or_role(std::string_view name) const {
    return processes.contains(name) || roles.contains(name);
  }
  bool is_host_or_role(std::string_view name) const {
    return hosts.contains(name) || roles.contains(name);
  }
  // A process on a host of the same name.
  void add_process_and_host(const std::string& name) {
    processes.insert(name);
    hosts.insert(name);
  }
  // PREFIX-0 .. PREFIX-(count-1), each a process on a host of the same name.
  void add_numbered(std::string_view prefix, std::uint64_t count) {
    for (std::uint64_t i = 0; i < count; ++i) {
      add_process_and_host(std::string(prefix) + "-" + std::to_string(i));
    }
  }
};

// N for a name PREFIX-N (N in decimal, no leading zero, fits 64 bits): one spelling per
// name, so that etcd-3 and etcd-03 are not two members.
std::optional<std::uint64_t> name_number(std::string_view name, std::string_view prefix);
inline std::optional<std::uint64_t> etcd_member_number(std::string_view name) {
  return name_number(name, "etcd-");
}

// The names of `cluster` as `registry`'s components give them; `timeline`: the raw
// (key, value) pairs of the timeline's entries whose value is a single name.
struct RawAction {
  std::string key;
  std::string value;
};
Targets known_targets(const component::Registry& registry, const ClusterSpec& cluster,
                      const std::vector<RawAction>& timeline);

// With the built-in components; `added_members`: the values of the timeline's memberAdd
// entries (defined in model/component/builtin/).
Targets known_targets(const ClusterSpec& cluster,
                      const std::vector<std::string>& added_members = {});

}  // namespace kcsim::scenario
