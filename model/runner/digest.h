// The run's digest: what happened, in a few lines a person reads after every run, even
// when no check asks (the timeline's faults as they fired, and each component's own
// lines: World::add_digest). Values carry units (scenario/human_value.h).
//
// Contract:
//  - TimelineDigest keeps the first kFiredShownMax entries fired and counts the rest,
//    so it stays bounded however long the timeline runs.
//  - The lines are a function of the run: the same (scenario, seed), the same digest.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "sim/time.h"

namespace kcsim::runner {

class TimelineDigest {
 public:
  static constexpr std::size_t kFiredShownMax = 12;

  void fired(sim::Time now, std::string text);
  // "timeline: 10s crash etcd/leader, 20s restart etcd-1" or "timeline: nothing fired".
  std::string line() const;

 private:
  std::vector<std::pair<sim::Time, std::string>> shown_;
  std::size_t more_ = 0;
};

}  // namespace kcsim::runner
