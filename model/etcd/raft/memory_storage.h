// MemoryStorage: the stable part of a node's Raft state (its "disk"), as etcd's
// raft.MemoryStorage.
//
// Contract:
//  - It holds what the host persisted from Ready structs: the hard state, the last
//    snapshot, and the entries after it. A crash keeps the MemoryStorage and drops
//    the RaftNode; a restart builds a new RaftNode over the same storage. So
//    whatever was not written here before a crash is lost, as on a real disk.
//  - The log is `ents_`: ents_[0] is a dummy entry holding the snapshot's (term,
//    index); ents_[i] has index ents_[0].index + i. first_index() is one past the
//    snapshot; the term at first_index() - 1 stays readable for log matching.
//  - Reads that cannot be served return a StorageError: kCompacted below the first
//    index, kUnavailable past the last.
//  - compact() and create_snapshot() are the application's log compaction (etcd
//    snapshots every --snapshot-count applied entries, then compacts).
#pragma once

#include <cstdint>
#include <variant>
#include <vector>

#include "model/etcd/raft/entry.h"

namespace kcsim::etcd::raft {

enum class StorageError : std::uint8_t { kCompacted, kUnavailable, kSnapshotOutOfDate };

template <typename T>
using StorageResult = std::variant<T, StorageError>;

class MemoryStorage {
 public:
  MemoryStorage();

  const HardState& hard_state() const { return hard_state_; }
  // The membership as of the snapshot.
  const ConfState& snapshot_conf_state() const { return snapshot_.metadata.conf_state; }
  const Snapshot& snapshot() const { return snapshot_; }

  Index first_index() const { return ents_.front().index + 1; }
  Index last_index() const { return ents_.front().index + ents_.size() - 1; }
  // True when nothing was ever persisted: a new member.
  bool is_empty() const { return last_index() == 0 && hard_state_.empty() && snapshot_.empty(); }

  // Entries [lo, hi), at most max_size_bytes in total but at least one.
  StorageResult<std::vector<Entry>> entries(Index lo, Index hi, std::uint64_t max_size_bytes) const;
  StorageResult<Term> term(Index index) const;

  // Persisting, in the order a Ready asks for.
  // `hard_state` must follow the stored one (assert_hard_state_follows).
  void set_hard_state(const HardState& hard_state);
  // Replaces the whole log with the snapshot; kSnapshotOutOfDate if not newer.
  std::optional<StorageError> apply_snapshot(const Snapshot& snapshot);
  // Appends, truncating any stored entries at and after entries[0].index. Asserted:
  // `entries` are consecutive with non-decreasing terms, leave no gap after the log,
  // and rewrite no committed entry (the log matching property: an entry at or below
  // the commit index stored before the last set_hard_state, which a Ready's entries
  // follow, is only ever rewritten with its own term); afterwards the stored commit
  // index is within the log.
  void append(const std::vector<Entry>& entries);

  // Compaction, done by the application after it applied up to `index`.
  std::optional<StorageError> create_snapshot(Index index, const ConfState& conf_state,
                                              std::string data);
  // Drops the entries before compact_index, which must not pass the snapshot.
  std::optional<StorageError> compact(Index compact_index);

 private:
  HardState hard_state_;
  Index commit_before_hard_state_ = 0;  // hard_state_.commit before the last set_hard_state
  Snapshot snapshot_;
  std::vector<Entry> ents_;
};

}  // namespace kcsim::etcd::raft
