// RaftLog: one node's view of the log, stable storage plus the unstable tail, with
// the commit and apply cursors. etcd-io/raft's log.go.
//
// Invariants (checked by assertions):
//  1. applied <= applying <= committed <= last_index().
//  2. first_index() - 1 <= applied: a compacted entry was applied.
//  3. An entry at or below `committed` is never overwritten (Raft's Leader
//     Completeness makes a conflict there a bug, not an input).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "model/etcd/raft/entry.h"
#include "model/etcd/raft/memory_storage.h"
#include "model/etcd/raft/unstable.h"

namespace kcsim::etcd::raft {

class RaftLog {
 public:
  RaftLog(const MemoryStorage& storage, std::uint64_t max_applying_size_bytes);

  Index first_index() const;
  Index last_index() const;
  EntryId last_entry_id() const;
  // The term at `index`, readable in [first_index() - 1, last_index()].
  std::optional<Term> term(Index index) const;
  bool match_term(EntryId id) const;
  // Raft's election restriction (thesis 3.6.1): is a log ending at `theirs` at
  // least as up to date as ours?
  bool is_up_to_date(EntryId theirs) const;

  // Entries [lo, hi) within max_size_bytes (at least one); nullopt if compacted.
  std::optional<std::vector<Entry>> slice(Index lo, Index hi, std::uint64_t max_size_bytes) const;
  // Entries from `lo` to the end, size-limited.
  std::optional<std::vector<Entry>> entries_from(Index lo, std::uint64_t max_size_bytes) const;
  std::vector<Entry> all_entries() const;

  // Follower append (the MsgApp consistency check): appends `entries`, which follow
  // `prev`, if the log matches at prev; truncates any conflicting suffix first;
  // then commits min(committed, last new index). Returns the last new index.
  std::optional<Index> maybe_append(EntryId prev, const std::vector<Entry>& entries,
                                    Index committed);
  // Appends at the end (leader), truncating if entries[0] is inside the log.
  Index append(const std::vector<Entry>& entries);
  // The first entry of `entries` whose term differs from ours, or 0.
  Index find_conflict(const std::vector<Entry>& entries) const;
  // The largest (index, term) at or below `index` with term <= `term`: where our
  // log may still match a log that has `term` at `index` (fast log backtracking).
  EntryId find_conflict_by_term(Index index, Term term) const;

  void commit_to(Index index);
  // Commits `at` if it is in our log (at.term matches) and beyond committed.
  bool maybe_commit(EntryId at);

  // The Ready cursors.
  std::vector<Entry> next_unstable_entries() const { return unstable_.next_entries(); }
  bool has_next_unstable_entries() const { return unstable_.has_next_entries(); }
  const Snapshot* next_unstable_snapshot() const { return unstable_.next_snapshot(); }
  bool has_pending_snapshot() const { return unstable_.has_snapshot(); }
  std::vector<Entry> next_committed_entries() const;
  bool has_next_committed_entries() const;
  void accept_unstable() { unstable_.accept_in_progress(); }
  void accept_applying(Index index) { applying_ = index; }
  void stable_to(EntryId id) { unstable_.stable_to(id); }
  void stable_snap_to(Index index) { unstable_.stable_snap_to(index); }
  void applied_to(Index index);

  // Installs a snapshot (in the unstable part until persisted).
  void restore(const Snapshot& snapshot);
  // The latest snapshot: the unstable one, or the storage's.
  const Snapshot& snapshot() const;

  Index committed() const { return committed_; }
  Index applied() const { return applied_; }
  Index applying() const { return applying_; }

 private:
  const MemoryStorage* storage_;
  Unstable unstable_;
  Index committed_;
  Index applying_;
  Index applied_;
  std::uint64_t max_applying_size_bytes_;
};

}  // namespace kcsim::etcd::raft
