// ProgressTracker: the membership, the leader's per-follower progress, and the
// votes of an election, as etcd-io/raft's tracker/ and quorum/ (majority configs
// only: single-step membership changes, no joint consensus).
//
// Contract:
//  - Every voter and every learner has a Progress; nothing else does.
//  - committed_index(): the largest index that a majority of voters have matched
//    (learners never count); an empty voter set commits everything (etcd's
//    convention, so that a removed-from-all config never blocks).
//  - Ordered maps throughout, so that every walk (broadcasts) has one order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "model/etcd/raft/entry.h"
#include "model/etcd/raft/progress.h"

namespace kcsim::etcd::raft {

enum class VoteResult : std::uint8_t { kPending, kLost, kWon };

struct VoteTally {
  std::size_t granted = 0;
  std::size_t rejected = 0;
  VoteResult result = VoteResult::kPending;
};

class ProgressTracker {
 public:
  ProgressTracker(std::size_t max_inflight_msgs, std::uint64_t max_inflight_bytes)
      : max_inflight_msgs_(max_inflight_msgs), max_inflight_bytes_(max_inflight_bytes) {}

  const std::set<NodeId>& voters() const { return voters_; }
  const std::set<NodeId>& learners() const { return learners_; }
  std::map<NodeId, Progress>& progress() { return progress_; }
  const std::map<NodeId, Progress>& progress() const { return progress_; }
  Progress* find(NodeId id);
  const Progress* find(NodeId id) const;
  bool is_voter(NodeId id) const { return voters_.contains(id); }
  // A config of one voter and no learners.
  bool is_singleton() const { return voters_.size() == 1 && learners_.empty(); }

  ConfState conf_state() const;
  std::string describe_config() const;

  // Applies a single-step change; `last_index` seeds a new member's progress.
  // Returns an error text and leaves the tracker unchanged if the change is not
  // allowed (removing the last voter, demoting a voter in one step).
  std::optional<std::string> apply(const ConfChange& change, Index last_index);
  // Replaces the membership (snapshot restore).
  void reset_to(const ConfState& conf_state, Index last_index);

  // Every progress back to probing from last_index + 1 (a new term); `self`
  // matches last_index.
  void reset_progress(Index last_index, NodeId self);

  Index committed_index() const;

  void reset_votes() { votes_.clear(); }
  void record_vote(NodeId id, bool granted);
  VoteTally tally_votes() const;
  // Majority of voters with recent_active (check_quorum).
  bool quorum_active() const;

 private:
  void add_progress(NodeId id, Index last_index, bool learner);

  std::size_t max_inflight_msgs_;
  std::uint64_t max_inflight_bytes_;
  std::set<NodeId> voters_;
  std::set<NodeId> learners_;
  std::map<NodeId, Progress> progress_;
  std::map<NodeId, bool> votes_;
};

}  // namespace kcsim::etcd::raft
