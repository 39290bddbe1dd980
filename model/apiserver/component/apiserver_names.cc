#include "model/apiserver/component/apiserver_names.h"

#include <string>

namespace kcsim::apiserver {

void add_apiserver_targets(const ApiServerSpec& spec, scenario::Targets& targets) {
  targets.add_numbered("apiserver", spec.replicas);
  for (std::uint64_t i = 0; i < spec.replicas; ++i) {
    targets.processes.insert("apiserver-" + std::to_string(i) + "-compactor");
  }
  targets.roles.insert(kAnyReplicaRole);
}

}  // namespace kcsim::apiserver
