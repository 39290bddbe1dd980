// Defaulting and create-time preparation of objects, as kube-apiserver applies them
// before admission plugins and validation.
//
// Contract:
//  - `apply_defaults(object)` answers a new version with the defaults a real apiserver
//    fills in (pkg/apis/core/v1/defaults.go SetDefaults_PodSpec, SetDefaults_Pod;
//    pkg/apis/apps/v1/defaults.go), or the same pointer when nothing changes:
//      pod: spec.schedulerName "default-scheduler" when empty; a negative
//      terminationGracePeriodSeconds becomes 30 (kcsim's int cannot be "unset"); a
//      container with limits and no requests gets requests = limits.
//      replica set / deployment / stateful set: selector defaults to the template's
//      labels when empty (apps/v1 requires it; kept for tests that omit it).
//    The real defaulting runs in the codec, on every decode of a request body: a
//    CREATE's, an UPDATE's, and the object a PATCH yields (endpoints/handlers/patch.go
//    decodes the patched JSON), so the registry applies it to all three.
//  - `prepare_for_create(object)` resets a pod's status to phase Pending
//    (pkg/registry/core/pod/strategy.go PrepareForCreate); the same pointer when it is
//    already so. Other kinds pass unchanged.
//  - Pure: no process, no clock.
#pragma once

#include "model/apiserver/objects/kinds.h"

namespace kcsim::apiserver::admission {

inline constexpr std::int64_t kDefaultTerminationGracePeriodSeconds = 30;
inline constexpr const char* kDefaultSchedulerName = "default-scheduler";

api::ObjectPtr apply_defaults(const api::ObjectPtr& object);
api::ObjectPtr prepare_for_create(const api::ObjectPtr& object);

}  // namespace kcsim::apiserver::admission
