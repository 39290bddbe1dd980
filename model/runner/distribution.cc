#include "model/runner/distribution.h"

#include "sim/invariant.h"

namespace kcsim::runner {

sim::Distribution to_distribution(const scenario::DistSpec& spec) {
  using Kind = scenario::DistSpec::Kind;
  const std::vector<double>& p = spec.params;
  switch (spec.kind) {
    case Kind::kConstant:
      return sim::Distribution::constant(p.at(0));
    case Kind::kLognormal:
      return sim::Distribution::lognormal(p.at(0), p.at(1));
    case Kind::kUniform:
      return sim::Distribution::uniform(p.at(0), p.at(1));
    case Kind::kExponential:
      return sim::Distribution::exponential(p.at(0));
    case Kind::kNormal:
      return sim::Distribution::normal(p.at(0), p.at(1));
    case Kind::kPareto:
      return sim::Distribution::pareto(p.at(0), p.at(1));
    case Kind::kEmpirical:
      return sim::Distribution::empirical(p);
  }
  KCSIM_ASSERT_MSG(false, "every DistSpec kind is mapped");
  return sim::Distribution{};
}

}  // namespace kcsim::runner
