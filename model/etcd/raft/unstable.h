// Unstable: the tail of the log (and an incoming snapshot) not yet in stable
// storage, as etcd-io/raft's log_unstable.go.
//
// Contract:
//  - entries[i] has index offset + i. `offset` may be below the storage's last
//    index: the next write then truncates the stored tail.
//  - Entries at or after offset_in_progress have not been handed out in a Ready;
//    those before it have been (they are being written). A truncation that reaches
//    into the handed-out part pulls offset_in_progress back so the rewritten
//    entries are handed out again.
//  - stable_to(id) drops entries up to id.index only if the entry there still has
//    id.term: a write that raced with a truncation does not mark the new entries.
#pragma once

#include <optional>
#include <vector>

#include "model/etcd/raft/entry.h"

namespace kcsim::etcd::raft {

class Unstable {
 public:
  explicit Unstable(Index offset) : offset_(offset), offset_in_progress_(offset) {}

  std::optional<Index> maybe_first_index() const;
  std::optional<Index> maybe_last_index() const;
  std::optional<Term> maybe_term(Index index) const;

  // Entries (or a snapshot) not yet handed out in a Ready.
  std::vector<Entry> next_entries() const;
  bool has_next_entries() const { return offset_in_progress_ < offset_ + entries_.size(); }
  const Snapshot* next_snapshot() const;
  bool has_snapshot() const { return snapshot_.has_value(); }
  // Marks everything as handed out.
  void accept_in_progress();

  void stable_to(EntryId id);
  void stable_snap_to(Index index);
  void restore(const Snapshot& snapshot);
  void truncate_and_append(const std::vector<Entry>& entries);
  // Entries [lo, hi), which must lie inside the unstable entries.
  std::vector<Entry> slice(Index lo, Index hi) const;

  Index offset() const { return offset_; }
  const std::optional<Snapshot>& snapshot() const { return snapshot_; }

 private:
  std::optional<Snapshot> snapshot_;
  bool snapshot_in_progress_ = false;
  std::vector<Entry> entries_;
  Index offset_;
  Index offset_in_progress_;
};

}  // namespace kcsim::etcd::raft
