// The REST names of the kinds (pods, configmaps, ...) as a scenario names a load's
// resource, and the objects a load generator writes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/apiserver/objects/kinds.h"
#include "model/apiserver/objects/resource.h"

namespace kcsim::loadgen {

// A resource is named by its plural REST name (api::kind_of_resource, objects/resource.h);
// these are the known names, comma-separated, for messages.
std::string known_resources();
// A new object of `kind` named `name` whose encoding is `bytes` long.
std::shared_ptr<api::Object> make_object(api::Kind kind, std::string namespace_, std::string name,
                                         std::uint32_t bytes);

}  // namespace kcsim::loadgen
