// The parameters of one Raft node, with etcd's defaults.
//
// Sources: etcd-io/raft raft.go (Config) and etcd server/etcdserver/raft.go, which
// sets ElectionTick 10 and HeartbeatTick 1 (from --election-timeout 1000ms and
// --heartbeat-interval 100ms), MaxSizePerMsg 1 MiB, MaxInflightMsgs 4096/8 = 512,
// PreVote true and CheckQuorum true (etcd >= 3.4 turns both on).
//
// Contract: `validate()` returns an error text for a config a node cannot run
// with; RaftNode asserts it is valid.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/etcd/raft/entry.h"

namespace kcsim::etcd::raft {

enum class ReadOnlyOption : std::uint8_t {
  // ReadIndex confirms leadership with a round of heartbeats to a quorum
  // (thesis 6.4). etcd's default.
  kSafe,
  // ReadIndex trusts the leader lease (check_quorum must be on); unsafe when clocks
  // drift, as the thesis (6.4.1) warns.
  kLeaseBased,
};

struct Config {
  NodeId id = kNoNode;

  // The initial membership of a new cluster. Used only when the storage is empty:
  // the node then bootstraps as etcd's RawNode.Bootstrap does (one conf-change
  // entry per member at term 1, committed). A member that joins an existing
  // cluster, or restarts, leaves these empty and reads its membership from the
  // storage and the log.
  std::vector<NodeId> voters{};
  std::vector<NodeId> learners{};

  // Ticks without hearing from a leader before a follower campaigns, and between
  // leader quorum checks. The randomized timeout is drawn uniformly from
  // [election_tick_min, election_tick_max) after every role change; 0 for both
  // means etcd's [election_tick, 2 * election_tick).
  int election_tick = 10;
  int election_tick_min = 0;
  int election_tick_max = 0;
  // Ticks between leader heartbeats.
  int heartbeat_tick = 1;

  // The last index applied to the state machine, when restarting. 0 means the
  // storage's snapshot index: entries after it are applied again.
  Index applied = 0;

  std::uint64_t max_size_per_msg_bytes = 1024 * 1024;
  // Committed entries per Ready; 0 means max_size_per_msg_bytes (as etcd).
  std::uint64_t max_committed_size_per_ready_bytes = 0;
  // Appends in flight per follower in replicate state.
  std::size_t max_inflight_msgs = 512;
  // Bytes in flight per follower; 0 means no limit.
  std::uint64_t max_inflight_bytes = 0;

  bool check_quorum = true;
  bool pre_vote = true;
  ReadOnlyOption read_only_option = ReadOnlyOption::kSafe;
  bool disable_proposal_forwarding = false;
  // A leader removed from the membership steps down when the removal applies.
  bool step_down_on_removal = true;

  int randomized_election_min_ticks() const {
    return election_tick_min > 0 ? election_tick_min : election_tick;
  }
  int randomized_election_max_ticks() const {
    return election_tick_max > 0 ? election_tick_max : 2 * election_tick;
  }

  std::optional<std::string> validate() const;
};

}  // namespace kcsim::etcd::raft
