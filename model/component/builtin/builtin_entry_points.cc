// The entry points that take no registry (load.h, targets.h) use the built-in components.
#include "model/component/builtin.h"
#include "model/etcd/component/etcd_actions.h"
#include "model/scenario/load.h"
#include "model/scenario/targets.h"

namespace kcsim::scenario {

Result<Scenario, ScenarioError> parse_scenario(std::string_view text, std::string_view file_name,
                                               const std::vector<std::string>& sets) {
  return parse_scenario(component::builtin_components(), text, file_name, sets);
}

Result<Scenario, ScenarioError> load_scenario(const std::string& path,
                                              const std::vector<std::string>& sets) {
  return load_scenario(component::builtin_components(), path, sets);
}

Targets known_targets(const ClusterSpec& cluster, const std::vector<std::string>& added_members) {
  std::vector<RawAction> timeline;
  for (const std::string& name : added_members) {
    timeline.push_back(RawAction{std::string(etcd::kMemberAddKey), name});
  }
  return known_targets(component::builtin_components(), cluster, timeline);
}

}  // namespace kcsim::scenario
