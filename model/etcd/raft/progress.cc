#include "model/etcd/raft/progress.h"

#include <algorithm>

#include "sim/invariant.h"

namespace kcsim::etcd::raft {

std::string_view to_string(ProgressState state) {
  switch (state) {
    case ProgressState::kProbe:
      return "StateProbe";
    case ProgressState::kReplicate:
      return "StateReplicate";
    case ProgressState::kSnapshot:
      return "StateSnapshot";
  }
  return "StateUnknown";
}

void Progress::reset_state(ProgressState new_state) {
  msg_app_flow_paused = false;
  pending_snapshot = 0;
  state = new_state;
  inflights.reset();
}

void Progress::become_probe() {
  // After a snapshot, probe from past it: the follower has it or will ask again.
  if (state == ProgressState::kSnapshot) {
    const Index snapshot_index = pending_snapshot;
    reset_state(ProgressState::kProbe);
    next = std::max(match + 1, snapshot_index + 1);
  } else {
    reset_state(ProgressState::kProbe);
    next = match + 1;
  }
  sent_commit = std::min(sent_commit, next - 1);
}

void Progress::become_replicate() {
  reset_state(ProgressState::kReplicate);
  next = match + 1;
}

void Progress::become_snapshot(Index snapshot_index) {
  reset_state(ProgressState::kSnapshot);
  pending_snapshot = snapshot_index;
  next = snapshot_index + 1;
  sent_commit = snapshot_index;
}

void Progress::sent_entries(std::size_t entries, std::uint64_t bytes) {
  switch (state) {
    case ProgressState::kReplicate:
      if (entries > 0) {
        next += entries;
        inflights.add(next - 1, bytes);
      }
      break;
    case ProgressState::kProbe:
      if (entries > 0) msg_app_flow_paused = true;
      break;
    case ProgressState::kSnapshot:
      KCSIM_ASSERT_MSG(false, "sending entries in snapshot state");
      break;
  }
}

bool Progress::maybe_update(Index index) {
  if (index <= match) return false;
  match = index;
  next = std::max(next, index + 1);
  msg_app_flow_paused = false;
  return true;
}

bool Progress::maybe_decr_to(Index rejected, Index match_hint) {
  if (state == ProgressState::kReplicate) {
    // Stale if the rejected append is below what is known to match.
    if (rejected <= match) return false;
    next = match + 1;
    sent_commit = std::min(sent_commit, next - 1);
    return true;
  }
  // Probes go one at a time, so a rejection of anything but next - 1 is stale.
  if (next - 1 != rejected) return false;
  next = std::max(std::min(rejected, match_hint + 1), match + 1);
  sent_commit = std::min(sent_commit, next - 1);
  msg_app_flow_paused = false;
  return true;
}

bool Progress::is_paused() const {
  switch (state) {
    case ProgressState::kProbe:
      return msg_app_flow_paused;
    case ProgressState::kReplicate:
      return inflights.full();
    case ProgressState::kSnapshot:
      return true;
  }
  return true;
}

std::string Progress::describe() const {
  std::string out = std::string(to_string(state)) + " match=" + std::to_string(match) +
                    " next=" + std::to_string(next);
  if (is_learner) out += " learner";
  if (msg_app_flow_paused) out += " paused";
  if (pending_snapshot > 0) out += " pendingSnap=" + std::to_string(pending_snapshot);
  if (!recent_active) out += " inactive";
  if (inflights.count() > 0) out += " inflight=" + std::to_string(inflights.count());
  if (inflights.full()) out += "[full]";
  return out;
}

}  // namespace kcsim::etcd::raft
