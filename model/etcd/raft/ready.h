// Ready: everything a Raft node asks of its host at one point, and the roles.
//
// The full persistence contract is in raft_node.h; in short, for one Ready `rd`:
//   1. `rd.messages` may be sent at once (before anything is written);
//   2. `rd.snapshot`, then `rd.hard_state`, then `rd.entries` are written to stable
//      storage (MemoryStorage::apply_snapshot / set_hard_state / append) and made
//      durable (an fsync when `rd.must_sync`);
//   3. only then `rd.messages_after_persist` are sent and `rd.committed_entries`
//      (and the snapshot) are applied to the state machine;
//   4. then RaftNode::advance() is called.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/etcd/raft/entry.h"
#include "model/etcd/raft/message.h"

namespace kcsim::etcd::raft {

enum class StateRole : std::uint8_t { kFollower, kPreCandidate, kCandidate, kLeader };

std::string_view to_string(StateRole role);

// Volatile state worth reporting (leader changes, role changes); never persisted.
struct SoftState {
  NodeId leader = kNoNode;
  StateRole role = StateRole::kFollower;
  friend bool operator==(const SoftState&, const SoftState&) = default;
};

// The answer to a ReadIndex request: once the local state machine has applied
// `index`, a read that started when `request_ctx` was submitted is linearizable.
struct ReadState {
  Index index = 0;
  std::string request_ctx{};
  friend bool operator==(const ReadState&, const ReadState&) = default;
};

struct Ready {
  // Set only when the leader or the role changed since the last Ready.
  std::optional<SoftState> soft_state;
  // Set only when term, vote or commit changed since the last Ready. Persist it.
  std::optional<HardState> hard_state;
  // ReadIndex answers; hand them to the waiting reads once `index` is applied.
  std::vector<ReadState> read_states;
  // Entries to append to stable storage. They may overwrite (truncate) the tail
  // of what is already stored: MemoryStorage::append does that.
  std::vector<Entry> entries{};
  // A snapshot to install in stable storage (and then in the state machine).
  std::optional<Snapshot> snapshot;
  // Committed entries to apply to the state machine, after persisting this Ready.
  std::vector<Entry> committed_entries;
  // Messages that may leave before this Ready is persisted (appends, heartbeats,
  // vote requests, snapshots, read-index traffic, forwarded proposals).
  std::vector<Message> messages;
  // Messages that may leave only after this Ready is durable: vote and pre-vote
  // responses (a vote is a promise on disk) and append responses (an ack says the
  // entries are on disk). Sending these early breaks Raft's safety.
  std::vector<Message> messages_after_persist;
  // True when hard_state's term or vote changed or entries is not empty: the
  // writes need an fsync. (A commit-only change may be written lazily.)
  bool must_sync = false;

  bool empty() const {
    return !soft_state && !hard_state && read_states.empty() && entries.empty() && !snapshot &&
           committed_entries.empty() && messages.empty() && messages_after_persist.empty();
  }
};

}  // namespace kcsim::etcd::raft
