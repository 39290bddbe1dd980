#include "model/client/load_balancer.h"

#include <utility>

#include "sim/invariant.h"

namespace kcsim::client {

LoadBalancer::LoadBalancer(std::vector<sim::ProcessId> backends, BalancerMode mode,
                           std::string host)
    : backends_(std::move(backends)), mode_(mode), host_(std::move(host)) {
  KCSIM_ASSERT_MSG(!backends_.empty(), "a load balancer needs at least one backend");
}

sim::ProcessId LoadBalancer::pick(sim::Rng& rng,
                                  const std::function<bool(sim::ProcessId)>& refused) {
  if (mode_ == BalancerMode::kRoundRobin) {
    for (std::size_t tried = 0; tried < backends_.size(); ++tried) {
      const sim::ProcessId backend = backends_[next_];
      next_ = (next_ + 1) % backends_.size();
      if (!refused(backend)) return backend;
    }
    return sim::kNoProcess;
  }
  // Random without replacement: the untried backends are candidates[0, left).
  std::vector<sim::ProcessId> candidates = backends_;
  for (std::size_t left = candidates.size(); left > 0; --left) {
    const std::size_t index = rng.below(left);
    const sim::ProcessId backend = candidates[index];
    if (!refused(backend)) return backend;
    std::swap(candidates[index], candidates[left - 1]);
  }
  return sim::kNoProcess;
}

}  // namespace kcsim::client
