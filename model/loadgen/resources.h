// The REST names of the kinds (pods, configmaps, ...) as a scenario names a load's
// resource, and the objects a load generator writes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/apiserver/objects/kinds.h"

namespace kcsim::loadgen {

// The kind of a plural, lower-case REST resource name ("pods"), nullopt if unknown.
std::optional<api::Kind> kind_of_resource(std::string_view resource);
// The known names, comma-separated, for messages.
std::string known_resources();
// Cluster-scoped kinds (namespaces, nodes, persistentvolumes) have no namespace.
bool is_namespaced(api::Kind kind);
// A new object of `kind` named `name` whose encoding is `bytes` long.
api::ObjectPtr make_object(api::Kind kind, std::string namespace_, std::string name,
                           std::uint32_t bytes);

}  // namespace kcsim::loadgen
