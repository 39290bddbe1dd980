#include "model/etcd/raft/progress_tracker.h"

#include <algorithm>
#include <cassert>
#include <vector>

namespace kcsim::etcd::raft {

Progress* ProgressTracker::find(NodeId id) {
  auto it = progress_.find(id);
  return it == progress_.end() ? nullptr : &it->second;
}

const Progress* ProgressTracker::find(NodeId id) const {
  auto it = progress_.find(id);
  return it == progress_.end() ? nullptr : &it->second;
}

ConfState ProgressTracker::conf_state() const {
  return {.voters = {voters_.begin(), voters_.end()},
          .learners = {learners_.begin(), learners_.end()}};
}

std::string ProgressTracker::describe_config() const {
  std::string out = "voters=(";
  for (NodeId id : voters_)
    out += (out.back() == '(' ? "" : " ") + std::to_string(id);
  out += ")";
  if (!learners_.empty()) {
    out += " learners=(";
    for (NodeId id : learners_)
      out += (out.back() == '(' ? "" : " ") + std::to_string(id);
    out += ")";
  }
  return out;
}

void ProgressTracker::add_progress(NodeId id, Index last_index, bool learner) {
  // A new member is probed from the leader's last index (etcd's confchange does
  // the same) and counts as active, so that check_quorum does not trip before
  // it has had a chance to answer.
  Progress progress(std::max<Index>(last_index, 1), max_inflight_msgs_, max_inflight_bytes_,
                    learner);
  progress.recent_active = true;
  progress_.insert_or_assign(id, std::move(progress));
}

std::optional<std::string> ProgressTracker::apply(const ConfChange& change, Index last_index) {
  const NodeId id = change.node_id;
  switch (change.type) {
    case ConfChangeType::kAddVoter:
      if (voters_.contains(id)) return std::nullopt;
      if (learners_.erase(id) > 0) {
        progress_.at(id).is_learner = false;  // promotion keeps the progress
      } else {
        add_progress(id, last_index, /*learner=*/false);
      }
      voters_.insert(id);
      return std::nullopt;
    case ConfChangeType::kAddLearner:
      if (learners_.contains(id)) return std::nullopt;
      if (voters_.contains(id)) return "demoting a voter needs joint consensus";
      add_progress(id, last_index, /*learner=*/true);
      learners_.insert(id);
      return std::nullopt;
    case ConfChangeType::kRemove:
      if (voters_.contains(id) && voters_.size() == 1) return "removing all voters is not allowed";
      voters_.erase(id);
      learners_.erase(id);
      progress_.erase(id);
      return std::nullopt;
  }
  return "unknown conf change";
}

void ProgressTracker::reset_to(const ConfState& conf_state, Index last_index) {
  voters_.clear();
  learners_.clear();
  progress_.clear();
  votes_.clear();
  for (NodeId id : conf_state.voters) {
    voters_.insert(id);
    add_progress(id, last_index, false);
  }
  for (NodeId id : conf_state.learners) {
    learners_.insert(id);
    add_progress(id, last_index, true);
  }
}

void ProgressTracker::reset_progress(Index last_index, NodeId self) {
  for (auto& [peer, progress] : progress_) {
    const bool learner = progress.is_learner;
    progress = Progress(last_index + 1, max_inflight_msgs_, max_inflight_bytes_, learner);
    if (peer == self) progress.match = last_index;
  }
}

Index ProgressTracker::committed_index() const {
  if (voters_.empty()) return UINT64_MAX;
  std::vector<Index> matched;
  matched.reserve(voters_.size());
  for (NodeId id : voters_)
    matched.push_back(progress_.at(id).match);
  std::sort(matched.begin(), matched.end());
  // With n voters sorted ascending, the entry at n - (n/2 + 1) is matched by at
  // least n/2 + 1 voters: a majority.
  const std::size_t quorum = matched.size() / 2 + 1;
  return matched[matched.size() - quorum];
}

void ProgressTracker::record_vote(NodeId id, bool granted) {
  votes_.try_emplace(id, granted);  // the first answer counts; repeats do not
}

VoteTally ProgressTracker::tally_votes() const {
  VoteTally tally;
  for (NodeId id : voters_) {
    auto it = votes_.find(id);
    if (it == votes_.end()) continue;
    (it->second ? tally.granted : tally.rejected) += 1;
  }
  const std::size_t quorum = voters_.size() / 2 + 1;
  if (tally.granted >= quorum) {
    tally.result = VoteResult::kWon;
  } else if (voters_.size() - tally.rejected < quorum) {
    tally.result = VoteResult::kLost;
  }
  return tally;
}

bool ProgressTracker::quorum_active() const {
  std::size_t active = 0;
  for (NodeId id : voters_)
    active += progress_.at(id).recent_active ? 1 : 0;
  return active >= voters_.size() / 2 + 1;
}

}  // namespace kcsim::etcd::raft
