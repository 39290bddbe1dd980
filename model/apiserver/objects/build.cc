#include "model/apiserver/objects/build.h"

#include <algorithm>
#include <memory>
#include <variant>

#include "sim/invariant.h"

namespace kcsim::api {
namespace {

template <std::size_t I>
Body default_body_at(std::size_t index) {
  if constexpr (I < kKindCount) {
    if (index == I) return Body(std::in_place_index<I>);
    return default_body_at<I + 1>(index);
  } else {
    KCSIM_ASSERT_MSG(false, "kind out of range");
    return Body();
  }
}

bool pod_spec_equal(const PodBody& a, const PodBody& b) {
  return a.node_name == b.node_name && a.scheduler_name == b.scheduler_name &&
         a.priority == b.priority && a.containers == b.containers &&
         a.tolerations == b.tolerations && a.node_selector == b.node_selector &&
         a.node_affinity == b.node_affinity &&
         a.termination_grace_period_seconds == b.termination_grace_period_seconds;
}

}  // namespace

ObjectPtr seal(Object object) {
  KCSIM_ASSERT(static_cast<std::size_t>(object.kind()) < kKindCount);
  object.encoded_bytes = encoded_bytes(object);
  return std::make_shared<const Object>(std::move(object));
}

Object blank(Kind kind, std::string namespace_, std::string name) {
  Object object;
  object.meta.name = std::move(name);
  object.meta.namespace_ = std::move(namespace_);
  object.body = default_body_at<0>(static_cast<std::size_t>(kind));
  return object;
}

ObjectPtr make_pod(std::string namespace_, std::string name, PodBody body, StringMap labels) {
  Object object = blank(Kind::kPod, std::move(namespace_), std::move(name));
  object.body = std::move(body);
  object.meta.labels = std::move(labels);
  return seal(std::move(object));
}

ObjectPtr make_node(std::string name, NodeBody body, StringMap labels) {
  Object object = blank(Kind::kNode, "", std::move(name));
  object.body = std::move(body);
  object.meta.labels = std::move(labels);
  return seal(std::move(object));
}

ObjectPtr make_lease(std::string namespace_, std::string name, LeaseBody body) {
  Object object = blank(Kind::kLease, std::move(namespace_), std::move(name));
  object.body = std::move(body);
  return seal(std::move(object));
}

ObjectPtr with_node_name(const Object& pod, std::string node_name) {
  return with(pod, [&](Object& o) { std::get<PodBody>(o.body).node_name = std::move(node_name); });
}

ObjectPtr with_phase(const Object& pod, std::string phase) {
  return with(pod, [&](Object& o) { std::get<PodBody>(o.body).phase = std::move(phase); });
}

ObjectPtr with_labels(const Object& object, StringMap labels) {
  std::sort(labels.begin(), labels.end());
  return with(object, [&](Object& o) { o.meta.labels = std::move(labels); });
}

ObjectPtr with_finalizers(const Object& object, std::vector<std::string> finalizers) {
  return with(object, [&](Object& o) { o.meta.finalizers = std::move(finalizers); });
}

ObjectPtr with_precondition(const Object& object, std::int64_t resource_version) {
  return with(object, [&](Object& o) { o.meta.resource_version = resource_version; });
}

ObjectPtr with_renew_time(const Object& lease, sim::Time renew_time) {
  return with(lease, [&](Object& o) { std::get<LeaseBody>(o.body).renew_time = renew_time; });
}

void set_label(StringMap& map, std::string key, std::string value) {
  auto it =
      std::lower_bound(map.begin(), map.end(), key,
                       [](const auto& entry, const std::string& k) { return entry.first < k; });
  if (it != map.end() && it->first == key) {
    it->second = std::move(value);
    return;
  }
  map.insert(it, {std::move(key), std::move(value)});
}

std::optional<std::string_view> label_value(const StringMap& map, std::string_view key) {
  auto it = std::lower_bound(map.begin(), map.end(), key,
                             [](const auto& entry, std::string_view k) { return entry.first < k; });
  if (it == map.end() || it->first != key) return std::nullopt;
  return std::string_view(it->second);
}

bool tracks_generation(Kind kind) {
  switch (kind) {
    case Kind::kPod:
    case Kind::kReplicaSet:
    case Kind::kDeployment:
    case Kind::kStatefulSet:
    case Kind::kService:
    case Kind::kPersistentVolume:
    case Kind::kPersistentVolumeClaim:
      return true;
    default:
      return false;
  }
}

bool spec_equal(const Object& a, const Object& b) {
  KCSIM_ASSERT(a.kind() == b.kind());
  switch (a.kind()) {
    case Kind::kPod:
      return pod_spec_equal(a.as<PodBody>(), b.as<PodBody>());
    case Kind::kReplicaSet: {
      const auto& x = a.as<ReplicaSetBody>();
      const auto& y = b.as<ReplicaSetBody>();
      return x.replicas == y.replicas && x.selector == y.selector &&
             x.pod_template == y.pod_template;
    }
    case Kind::kDeployment: {
      const auto& x = a.as<DeploymentBody>();
      const auto& y = b.as<DeploymentBody>();
      return x.replicas == y.replicas && x.selector == y.selector &&
             x.pod_template == y.pod_template && x.max_surge == y.max_surge &&
             x.max_unavailable == y.max_unavailable &&
             x.revision_history_limit == y.revision_history_limit &&
             x.progress_deadline_seconds == y.progress_deadline_seconds;
    }
    case Kind::kStatefulSet: {
      const auto& x = a.as<StatefulSetBody>();
      const auto& y = b.as<StatefulSetBody>();
      return x.replicas == y.replicas && x.selector == y.selector &&
             x.pod_template == y.pod_template && x.service_name == y.service_name &&
             x.pod_management_policy == y.pod_management_policy &&
             x.volume_claim_templates == y.volume_claim_templates;
    }
    case Kind::kService: {
      const auto& x = a.as<ServiceBody>();
      const auto& y = b.as<ServiceBody>();
      return x.type == y.type && x.selector == y.selector && x.cluster_ip == y.cluster_ip &&
             x.ports == y.ports;
    }
    case Kind::kPersistentVolume: {
      const auto& x = a.as<PersistentVolumeBody>();
      const auto& y = b.as<PersistentVolumeBody>();
      return x.capacity_bytes == y.capacity_bytes && x.storage_class == y.storage_class &&
             x.claim_namespace == y.claim_namespace && x.claim_name == y.claim_name &&
             x.node_affinity == y.node_affinity;
    }
    case Kind::kPersistentVolumeClaim: {
      const auto& x = a.as<PersistentVolumeClaimBody>();
      const auto& y = b.as<PersistentVolumeClaimBody>();
      return x.request_bytes == y.request_bytes && x.storage_class == y.storage_class &&
             x.volume_name == y.volume_name;
    }
    default:
      return a.body == b.body;
  }
}

}  // namespace kcsim::api
