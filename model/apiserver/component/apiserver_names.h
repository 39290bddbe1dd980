// The names spec.cluster.apiServers gives the timeline and the checks: the replicas
// apiserver-0..N-1 (processes and hosts), their compactors apiserver-N-compactor
// (processes on the replicas' hosts), and the role apiserver/any (a live replica, drawn
// from the run's role stream).
#pragma once

#include <vector>

#include "model/apiserver/component/apiserver_spec.h"
#include "model/component/component.h"
#include "model/scenario/targets.h"

namespace kcsim::apiserver {

inline constexpr const char* kAnyReplicaRole = "apiserver/any";

void add_apiserver_targets(const ApiServerSpec& spec, scenario::Targets& targets);

}  // namespace kcsim::apiserver
