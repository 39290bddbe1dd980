// The API servers' timeline action:
//   rollingRestart: apiServers    restarts the replicas one at a time, as a rolling
//                                 update of the control plane does: each replica shuts
//                                 down gracefully (server/graceful_shutdown.h), starts
//                                 again, and the next one goes only once it is ready
//                                 (/readyz: its watch caches initialised).
// Instantaneous (no `for:`): the rollout runs on by itself. What it does at run time:
// ApiServerInstance.
#pragma once

#include <string_view>
#include <vector>

#include "model/component/component.h"

namespace kcsim::apiserver {

inline constexpr std::string_view kRollingRestartKey = "rollingRestart";

std::vector<component::ActionSpec> apiserver_actions();

}  // namespace kcsim::apiserver
