// From a scenario's DistSpec (a plain value the parser validated) to the kernel's
// samplable sim::Distribution.
#pragma once

#include "model/scenario/dist_spec.h"
#include "sim/distributions.h"

namespace kcsim::runner {

sim::Distribution to_distribution(const scenario::DistSpec& spec);

}  // namespace kcsim::runner
