#include "model/apiserver/admission/defaults.h"

#include <variant>

#include "model/apiserver/objects/build.h"
#include "sim/invariant.h"

namespace kcsim::apiserver::admission {
namespace {

bool default_pod_spec(api::PodBody& pod) {
  bool changed = false;
  if (pod.scheduler_name.empty()) {
    pod.scheduler_name = kDefaultSchedulerName;
    changed = true;
  }
  if (pod.termination_grace_period_seconds < 0) {
    pod.termination_grace_period_seconds = kDefaultTerminationGracePeriodSeconds;
    changed = true;
  }
  for (api::Container& c : pod.containers) {
    if (c.requests == api::ResourceList{} && c.limits != api::ResourceList{}) {
      c.requests = c.limits;
      changed = true;
    }
  }
  return changed;
}

bool reset_pod_status(api::PodBody& pod) {
  api::PodBody fresh;
  const bool changed = pod.phase != fresh.phase || !pod.conditions.empty() || !pod.pod_ip.empty() ||
                       !pod.host_ip.empty() || pod.start_time.has_value();
  pod.phase = fresh.phase;
  pod.conditions.clear();
  pod.pod_ip.clear();
  pod.host_ip.clear();
  pod.start_time.reset();
  return changed;
}

template <typename Workload>
bool default_workload(Workload& w) {
  bool changed = default_pod_spec(w.pod_template.spec);
  if (w.selector.empty() && !w.pod_template.labels.empty()) {
    w.selector = w.pod_template.labels;
    changed = true;
  }
  return changed;
}

}  // namespace

api::ObjectPtr apply_defaults(const api::ObjectPtr& object) {
  KCSIM_ASSERT(object != nullptr);
  api::Object copy = *object;
  bool changed = false;
  if (auto* pod = std::get_if<api::PodBody>(&copy.body)) {
    changed = default_pod_spec(*pod);
  } else if (auto* rs = std::get_if<api::ReplicaSetBody>(&copy.body)) {
    changed = default_workload(*rs);
  } else if (auto* deployment = std::get_if<api::DeploymentBody>(&copy.body)) {
    changed = default_workload(*deployment);
  } else if (auto* sts = std::get_if<api::StatefulSetBody>(&copy.body)) {
    changed = default_workload(*sts);
  }
  if (!changed) return object;
  return api::seal(std::move(copy));
}

api::ObjectPtr prepare_for_create(const api::ObjectPtr& object) {
  KCSIM_ASSERT(object != nullptr);
  if (object->kind() != api::Kind::kPod) return object;
  api::Object copy = *object;
  if (!reset_pod_status(std::get<api::PodBody>(copy.body))) return object;
  return api::seal(std::move(copy));
}

}  // namespace kcsim::apiserver::admission
