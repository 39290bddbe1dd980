#include "model/scenario/dist_spec.h"

namespace kcsim::scenario {

const char* dist_kind_name(DistSpec::Kind kind) {
  switch (kind) {
    case DistSpec::Kind::kConstant:
      return "constant";
    case DistSpec::Kind::kLognormal:
      return "lognormal";
    case DistSpec::Kind::kUniform:
      return "uniform";
    case DistSpec::Kind::kExponential:
      return "exponential";
    case DistSpec::Kind::kNormal:
      return "normal";
    case DistSpec::Kind::kPareto:
      return "pareto";
    case DistSpec::Kind::kEmpirical:
      return "empirical";
  }
  return "?";
}

}  // namespace kcsim::scenario
