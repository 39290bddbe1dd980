#include "model/loadgen/verb_mix.h"

#include "sim/invariant.h"

namespace kcsim::loadgen {

VerbMix::VerbMix(const VerbWeights& weights)
    : verbs_{api::Verb::kGet,    api::Verb::kList,  api::Verb::kCreate,
             api::Verb::kUpdate, api::Verb::kPatch, api::Verb::kDelete} {
  const std::array<double, kVerbs> w = {weights.get,    weights.list,  weights.create,
                                        weights.update, weights.patch, weights.remove};
  double total = 0;
  for (double x : w) {
    KCSIM_ASSERT(x >= 0);
    total += x;
  }
  KCSIM_ASSERT_MSG(total > 0, "a verb mix needs a positive weight");
  double sum = 0;
  for (std::size_t i = 0; i < kVerbs; ++i) {
    sum += w[i];
    cumulative_[i] = sum / total;
  }
  cumulative_[kVerbs - 1] = 1.0;
}

api::Verb VerbMix::pick(sim::Rng& rng) const {
  const double u = rng.unit();
  for (std::size_t i = 0; i < kVerbs; ++i) {
    if (u < cumulative_[i]) return verbs_[i];
  }
  return verbs_[kVerbs - 1];
}

double VerbMix::probability(api::Verb verb) const {
  for (std::size_t i = 0; i < kVerbs; ++i) {
    if (verbs_[i] == verb) return cumulative_[i] - (i == 0 ? 0.0 : cumulative_[i - 1]);
  }
  return 0;
}

}  // namespace kcsim::loadgen
