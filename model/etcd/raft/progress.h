// Progress: what a leader knows of one follower's log, as etcd-io/raft's
// tracker/progress.go.
//
// States (etcd's design doc, raft/design.md):
//  - kProbe: the leader does not know where the logs match; it sends one append
//    per heartbeat interval (then pauses) and walks `next` back on rejections.
//  - kReplicate: the logs match up to `match`; the leader streams appends
//    optimistically, advancing `next` as it sends, bounded by the inflight window.
//  - kSnapshot: the follower needs a snapshot (its next entry was compacted); no
//    appends until the snapshot is reported done or failed.
// Invariant: match < next.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "model/etcd/raft/entry.h"
#include "model/etcd/raft/inflights.h"

namespace kcsim::etcd::raft {

enum class ProgressState : std::uint8_t { kProbe, kReplicate, kSnapshot };

std::string_view to_string(ProgressState state);

struct Progress {
  Progress(Index next_index, std::size_t max_inflight_msgs, std::uint64_t max_inflight_bytes,
           bool learner)
      : next(next_index), inflights(max_inflight_msgs, max_inflight_bytes), is_learner(learner) {}

  Index match = 0;
  Index next = 1;
  ProgressState state = ProgressState::kProbe;
  // The highest commit index sent to the follower (appends, heartbeats).
  Index sent_commit = 0;
  // In kSnapshot, the index of the snapshot being sent.
  Index pending_snapshot = 0;
  // Heard from since the last quorum check (check_quorum); the leader's own
  // progress is always active.
  bool recent_active = false;
  // In kProbe: an append was sent and no answer has come yet.
  bool msg_app_flow_paused = false;
  Inflights inflights;
  bool is_learner = false;

  void become_probe();
  void become_replicate();
  void become_snapshot(Index snapshot_index);
  // Accounts for an append of `entries` entries (`bytes` in total) just sent.
  void sent_entries(std::size_t entries, std::uint64_t bytes);
  // An ack up to `index`: true if match moved.
  bool maybe_update(Index index);
  // A rejection of the append after `rejected`, with the follower's hint of where
  // its log may match: true if next moved (the rejection was not stale).
  bool maybe_decr_to(Index rejected, Index match_hint);
  // Sending commit `index` could move the follower's commit index (etcd v3.6:
  // a commit index is sent eagerly once, not only with the next heartbeat).
  bool can_bump_commit(Index index) const { return index > sent_commit && sent_commit < next - 1; }
  // No append may be sent now.
  bool is_paused() const;

  std::string describe() const;

 private:
  void reset_state(ProgressState new_state);
};

}  // namespace kcsim::etcd::raft
