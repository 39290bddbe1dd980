#include "model/loadgen/resources.h"

#include <array>
#include <memory>
#include <utility>

namespace kcsim::loadgen {
namespace {

struct Resource {
  std::string_view name;
  api::Kind kind;
};

constexpr std::array<Resource, api::kKindCount> kResources = {{
    {"namespaces", api::Kind::kNamespace},
    {"nodes", api::Kind::kNode},
    {"pods", api::Kind::kPod},
    {"leases", api::Kind::kLease},
    {"replicasets", api::Kind::kReplicaSet},
    {"deployments", api::Kind::kDeployment},
    {"statefulsets", api::Kind::kStatefulSet},
    {"services", api::Kind::kService},
    {"endpoints", api::Kind::kEndpoints},
    {"endpointslices", api::Kind::kEndpointSlice},
    {"persistentvolumes", api::Kind::kPersistentVolume},
    {"persistentvolumeclaims", api::Kind::kPersistentVolumeClaim},
    {"volumeattachments", api::Kind::kVolumeAttachment},
    {"events", api::Kind::kEvent},
    {"configmaps", api::Kind::kConfigMap},
}};

// A default body of the kind's alternative (Body's order is Kind's).
template <std::size_t... I>
api::Body body_of(api::Kind kind, std::index_sequence<I...>) {
  api::Body body;
  const auto index = static_cast<std::size_t>(kind);
  ((index == I ? (body.emplace<I>(), 0) : 0), ...);
  return body;
}

}  // namespace

std::optional<api::Kind> kind_of_resource(std::string_view resource) {
  for (const Resource& r : kResources) {
    if (r.name == resource) return r.kind;
  }
  return std::nullopt;
}

std::string known_resources() {
  std::string out;
  for (const Resource& r : kResources) {
    if (!out.empty()) out += ", ";
    out += r.name;
  }
  return out;
}

bool is_namespaced(api::Kind kind) {
  return kind != api::Kind::kNamespace && kind != api::Kind::kNode &&
         kind != api::Kind::kPersistentVolume && kind != api::Kind::kVolumeAttachment;
}

api::ObjectPtr make_object(api::Kind kind, std::string namespace_, std::string name,
                           std::uint32_t bytes) {
  auto object = std::make_shared<api::Object>();
  object->meta.name = std::move(name);
  if (is_namespaced(kind)) object->meta.namespace_ = std::move(namespace_);
  object->body = body_of(kind, std::make_index_sequence<api::kKindCount>{});
  object->encoded_bytes = bytes;
  return object;
}

}  // namespace kcsim::loadgen
