// A group's verb mix: weights normalised into a draw, one uniform draw per request.
#pragma once

#include <array>
#include <cstddef>

#include "model/apiserver/api/wire.h"
#include "model/loadgen/loadgen_spec.h"
#include "sim/random.h"

namespace kcsim::loadgen {

class VerbMix {
 public:
  explicit VerbMix(const VerbWeights& weights);
  api::Verb pick(sim::Rng& rng) const;
  double probability(api::Verb verb) const;

 private:
  static constexpr std::size_t kVerbs = 6;
  std::array<api::Verb, kVerbs> verbs_;
  std::array<double, kVerbs> cumulative_;
};

// The loadgen metrics' verb label is api::verb_name(verb): "get", "list", "create", ...

}  // namespace kcsim::loadgen
