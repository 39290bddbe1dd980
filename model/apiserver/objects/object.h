// The Kubernetes objects kcsim's API server stores and its clients read: typed,
// immutable versions shared by reference.
//
// Contract (every component that touches an object relies on it):
//  - An Object is never changed once made. A write makes a new version (a new Object,
//    usually a copy of the old one with a field changed); etcd's store, every replica's
//    watch cache, every watcher and every informer hold the same version through an
//    `ObjectPtr` (a shared pointer to const). Nobody copies an object per watcher.
//  - An object's resourceVersion is etcd's mod revision of its key. It is known only
//    after etcd commits the write, so it travels beside the pointer (`Versioned`), as
//    the real apiserver sets it on decode rather than storing it. `meta.resource_version`
//    inside an Object is meaningful only in a request: the precondition of an update
//    (0: none). Stored versions carry 0 there.
//  - `encoded_bytes` is the modelled size of the object's protobuf encoding (what etcd
//    stores and what crosses the network; JSON is about 1.7x of it), computed once when
//    the version is made (objects/size.h), never per send.
//  - Kind-specific fields live in `body`, one struct per kind (objects/kinds.h). Only the
//    fields a controller, the scheduler, a kubelet or the API server itself reads are
//    modelled; the size accounts for the rest.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/time.h"

namespace kcsim::api {

// The resources of the API (their plural, lower-case REST names are in resource.h).
enum class Kind : std::uint8_t {
  kNamespace,
  kNode,
  kPod,
  kLease,
  kReplicaSet,
  kDeployment,
  kStatefulSet,
  kService,
  kEndpoints,
  kEndpointSlice,
  kPersistentVolume,
  kPersistentVolumeClaim,
  kVolumeAttachment,
  kEvent,
  kConfigMap,
};
inline constexpr std::size_t kKindCount = 15;

// Sorted by key, keys unique: equality and selectors do not depend on insertion order.
using StringMap = std::vector<std::pair<std::string, std::string>>;

struct OwnerReference {
  Kind kind = Kind::kReplicaSet;
  std::string name;
  std::string uid;
  bool controller = false;
  bool block_owner_deletion = false;
  friend bool operator==(const OwnerReference&, const OwnerReference&) = default;
};

struct ObjectMeta {
  std::string name;
  std::string namespace_;             // empty for cluster-scoped kinds
  std::string uid;                    // set by the API server on create
  std::int64_t resource_version = 0;  // in a request only: the update's precondition
  std::int64_t generation = 0;        // +1 on each spec change (set by the server)
  StringMap labels;
  StringMap annotations;
  std::vector<OwnerReference> owner_references;
  std::vector<std::string> finalizers;
  std::optional<sim::Time> deletion_timestamp;  // virtual time; set by a graceful delete
  std::optional<std::int64_t> deletion_grace_period_seconds;
  sim::Time creation_timestamp = 0;
  friend bool operator==(const ObjectMeta&, const ObjectMeta&) = default;
};

struct Object;
using ObjectPtr = std::shared_ptr<const Object>;

// A stored version and its resourceVersion (etcd's mod revision of its key).
struct Versioned {
  ObjectPtr object;
  std::int64_t resource_version = 0;
};

}  // namespace kcsim::api
