// The REST face of each Kind: its resource name, API group and version, scope, and the
// etcd key prefix kube-apiserver stores it under.
//
// Contract:
//  - `resource_of(kind)` is total over Kind; `kind_of_resource` parses a plural resource
//    name ("pods", "endpointslices") and, for grouped kinds, also the qualified
//    "deployments.apps" form that error messages use.
//  - `etcd_prefix` is the real key prefix under /registry. It is the resource name
//    except where history kept an older name: nodes are stored under "minions", services
//    under "services/specs" and endpoints under "services/endpoints" (pkg/registry/core/
//    node/storage/storage.go, service/storage/storage.go, endpoint/storage/storage.go;
//    `etcdctl get --prefix --keys-only /registry` on a real cluster shows them).
//  - `qualified_resource` is schema.GroupResource.String(): "pods" for the core group,
//    "deployments.apps" otherwise: the text k8s.io/apimachinery/pkg/api/errors puts in
//    messages ("pods \"web-1\" not found").
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/apiserver/objects/object.h"

namespace kcsim::api {

struct ResourceInfo {
  Kind kind;
  std::string_view kind_name;  // "Pod"
  std::string_view resource;   // "pods"
  std::string_view group;      // "" for core, "apps", "coordination.k8s.io", ...
  std::string_view version;    // "v1"
  bool namespaced;
  std::string_view etcd_prefix;  // "pods", "minions", "services/specs", ...
};

const ResourceInfo& resource_of(Kind kind);
std::optional<Kind> kind_of_resource(std::string_view resource);

std::string_view kind_name(Kind kind);
std::string qualified_resource(Kind kind);  // "pods", "deployments.apps"
bool is_namespaced(Kind kind);

}  // namespace kcsim::api
