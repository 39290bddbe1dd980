// The built-in components, registered in a fixed order: pingMesh, then etcd. The order
// fixes process ids and so every shipped scenario's trace hash: append new components
// at the end.
//
// The entry points that take no registry (parse_scenario, load_scenario, known_targets,
// run_scenario, unknown_check_names) use this one; they are defined beside it, in
// model/component/builtin/, the one library that links every component.
#pragma once

#include "model/component/registry.h"

namespace kcsim::component {

const Registry& builtin_components();

}  // namespace kcsim::component
