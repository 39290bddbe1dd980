// Making objects and their new versions.
//
// Contract:
//  - `seal(object)` is the one way a version is born: it computes encoded_bytes
//    (size.h) and makes the shared pointer, once per version.
//  - `with(version, change)` copies the version, lets `change` edit the copy, and seals
//    it: the old version is untouched (object.h: objects are immutable). The named
//    `with_...` helpers are the common changes.
//  - `make_*` build a first version with the kind's defaults (kinds.h initialisers);
//    uid, creationTimestamp and generation are left for the API server to set on create.
//  - `spec_equal(a, b)` says whether two versions have the same spec (what
//    metadata.generation counts); `tracks_generation(kind)` says whether the kind's
//    strategy bumps generation on a spec change (pods (1.33+ PodObservedGenerationTracking,
//    on by default in 1.34), replica sets, deployments, stateful sets, services, PVs,
//    PVCs: pkg/registry/*/strategy.go PrepareForUpdate).
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "model/apiserver/objects/kinds.h"
#include "model/apiserver/objects/size.h"

namespace kcsim::api {

ObjectPtr seal(Object object);

template <typename Change>
ObjectPtr with(const Object& version, Change&& change) {
  Object copy = version;
  std::forward<Change>(change)(copy);
  return seal(std::move(copy));
}

// An object of `kind` with the kind's default body.
Object blank(Kind kind, std::string namespace_, std::string name);

ObjectPtr make_pod(std::string namespace_, std::string name, PodBody body, StringMap labels = {});
ObjectPtr make_node(std::string name, NodeBody body, StringMap labels = {});
ObjectPtr make_lease(std::string namespace_, std::string name, LeaseBody body);

// The named changes (each a new version).
ObjectPtr with_node_name(const Object& pod, std::string node_name);
ObjectPtr with_phase(const Object& pod, std::string phase);
ObjectPtr with_labels(const Object& object, StringMap labels);
ObjectPtr with_finalizers(const Object& object, std::vector<std::string> finalizers);
// The request form of an update: the same object with its precondition RV set.
ObjectPtr with_precondition(const Object& object, std::int64_t resource_version);
ObjectPtr with_renew_time(const Object& lease, sim::Time renew_time);

// Sets or replaces a label (StringMap stays sorted, keys unique).
void set_label(StringMap& map, std::string key, std::string value);
std::optional<std::string_view> label_value(const StringMap& map, std::string_view key);

bool tracks_generation(Kind kind);
bool spec_equal(const Object& a, const Object& b);

}  // namespace kcsim::api
