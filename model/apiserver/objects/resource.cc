#include "model/apiserver/objects/resource.h"

#include <array>

namespace kcsim::api {
namespace {

// In Kind's order. Groups and versions as served by kube-apiserver 1.32-1.34.
constexpr std::array<ResourceInfo, kKindCount> kResources{{
    {Kind::kNamespace, "Namespace", "namespaces", "", "v1", false, "namespaces"},
    {Kind::kNode, "Node", "nodes", "", "v1", false, "minions"},
    {Kind::kPod, "Pod", "pods", "", "v1", true, "pods"},
    {Kind::kLease, "Lease", "leases", "coordination.k8s.io", "v1", true, "leases"},
    {Kind::kReplicaSet, "ReplicaSet", "replicasets", "apps", "v1", true, "replicasets"},
    {Kind::kDeployment, "Deployment", "deployments", "apps", "v1", true, "deployments"},
    {Kind::kStatefulSet, "StatefulSet", "statefulsets", "apps", "v1", true, "statefulsets"},
    {Kind::kService, "Service", "services", "", "v1", true, "services/specs"},
    {Kind::kEndpoints, "Endpoints", "endpoints", "", "v1", true, "services/endpoints"},
    {Kind::kEndpointSlice, "EndpointSlice", "endpointslices", "discovery.k8s.io", "v1", true,
     "endpointslices"},
    {Kind::kPersistentVolume, "PersistentVolume", "persistentvolumes", "", "v1", false,
     "persistentvolumes"},
    {Kind::kPersistentVolumeClaim, "PersistentVolumeClaim", "persistentvolumeclaims", "", "v1",
     true, "persistentvolumeclaims"},
    {Kind::kVolumeAttachment, "VolumeAttachment", "volumeattachments", "storage.k8s.io", "v1",
     false, "volumeattachments"},
    {Kind::kEvent, "Event", "events", "", "v1", true, "events"},
    {Kind::kConfigMap, "ConfigMap", "configmaps", "", "v1", true, "configmaps"},
}};

constexpr bool in_kind_order() {
  for (std::size_t i = 0; i < kResources.size(); ++i) {
    if (static_cast<std::size_t>(kResources[i].kind) != i) return false;
  }
  return true;
}
static_assert(in_kind_order());

}  // namespace

const ResourceInfo& resource_of(Kind kind) {
  return kResources.at(static_cast<std::size_t>(kind));
}

std::optional<Kind> kind_of_resource(std::string_view resource) {
  for (const ResourceInfo& info : kResources) {
    if (resource == info.resource) return info.kind;
    if (info.group.empty()) continue;
    if (resource.size() == info.resource.size() + 1 + info.group.size() &&
        resource.starts_with(info.resource) && resource[info.resource.size()] == '.' &&
        resource.ends_with(info.group)) {
      return info.kind;
    }
  }
  return std::nullopt;
}

std::string_view kind_name(Kind kind) {
  return resource_of(kind).kind_name;
}

std::string qualified_resource(Kind kind) {
  const ResourceInfo& info = resource_of(kind);
  std::string out(info.resource);
  if (!info.group.empty()) out.append(".").append(info.group);
  return out;
}

bool is_namespaced(Kind kind) {
  return resource_of(kind).namespaced;
}

}  // namespace kcsim::api
