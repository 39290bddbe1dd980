// Defaulting and create-time preparation of objects, as kube-apiserver applies them
// before admission plugins and validation.
//
// Contract:
//  - `apply_defaults(object)` answers a new version with the defaults a real apiserver
//    fills in (pkg/apis/core/v1/defaults.go SetDefaults_PodSpec, SetDefaults_Pod;
//    pkg/apis/apps/v1/defaults.go), or the same pointer when nothing changes:
//      pod: spec.schedulerName "default-scheduler" when empty; a negative
//      terminationGracePeriodSeconds becomes 30 (kcsim's int cannot be "unset"); a
//      container with limits and no requests gets requests = limits; status is reset to
//      phase Pending on create (pkg/registry/core/pod/strategy.go PrepareForCreate).
//      replica set / deployment / stateful set: selector defaults to the template's
//      labels when empty (apps/v1 requires it; kept for tests that omit it).
//  - Pure: no process, no clock.
#pragma once

#include "model/apiserver/objects/kinds.h"

namespace kcsim::apiserver::admission {

inline constexpr std::int64_t kDefaultTerminationGracePeriodSeconds = 30;
inline constexpr const char* kDefaultSchedulerName = "default-scheduler";

api::ObjectPtr apply_defaults(const api::ObjectPtr& object);

}  // namespace kcsim::apiserver::admission
