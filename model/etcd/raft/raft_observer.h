// RaftObserver: what the host of a Raft node publishes for those who watch from outside
// (the safety checker, later the teacher's narration). The host calls every observer
// it was given; it does not know what they do.
#pragma once

#include <vector>

#include "model/etcd/raft/entry.h"

namespace kcsim::etcd::raft {

class RaftObserver {
 public:
  virtual ~RaftObserver() = default;
  // `leader` took office in `term` with `log` (its whole log, first entry at
  // `first_index`; entries before it are in its snapshot).
  virtual void on_leader(Term term, NodeId leader, Index first_index,
                         const std::vector<Entry>& log) = 0;
  // `node` applied `entry` to its state machine.
  virtual void on_applied(NodeId node, const Entry& entry) = 0;
  // `node` installed a snapshot ending at `index` in its state machine.
  virtual void on_snapshot_applied(NodeId node, Index index, Term term) = 0;
  // `node` restarted: its state machine starts over from its snapshot.
  virtual void on_restart(NodeId node, Index applied_index) = 0;
};

}  // namespace kcsim::etcd::raft
