#include "model/etcd/raft/config.h"

#include <algorithm>

namespace kcsim::etcd::raft {

std::optional<std::string> Config::validate() const {
  if (id == kNoNode) return "id must not be 0";
  if (heartbeat_tick <= 0) return "heartbeat_tick must be greater than 0";
  if (election_tick <= heartbeat_tick) return "election_tick must be greater than heartbeat_tick";
  if (randomized_election_min_ticks() <= heartbeat_tick) {
    return "election_tick_min must be greater than heartbeat_tick";
  }
  if (randomized_election_max_ticks() <= randomized_election_min_ticks()) {
    return "election_tick_max must be greater than election_tick_min";
  }
  if (max_inflight_msgs == 0) return "max_inflight_msgs must be greater than 0";
  if (max_size_per_msg_bytes == 0) return "max_size_per_msg_bytes must be greater than 0";
  if (read_only_option == ReadOnlyOption::kLeaseBased && !check_quorum) {
    return "check_quorum must be on for lease-based reads";
  }
  for (NodeId learner : learners) {
    if (std::find(voters.begin(), voters.end(), learner) != voters.end()) {
      return "a node cannot be both voter and learner";
    }
  }
  return std::nullopt;
}

}  // namespace kcsim::etcd::raft
