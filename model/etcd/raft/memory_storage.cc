#include "model/etcd/raft/memory_storage.h"

#include <algorithm>

#include "sim/invariant.h"

namespace kcsim::etcd::raft {

MemoryStorage::MemoryStorage() : ents_(1) {}

StorageResult<std::vector<Entry>> MemoryStorage::entries(Index lo, Index hi,
                                                         std::uint64_t max_size_bytes) const {
  const Index offset = ents_.front().index;
  if (lo <= offset) return StorageError::kCompacted;
  if (hi > last_index() + 1) return StorageError::kUnavailable;
  KCSIM_ASSERT(lo <= hi);
  std::vector<Entry> out(ents_.begin() + static_cast<std::ptrdiff_t>(lo - offset),
                         ents_.begin() + static_cast<std::ptrdiff_t>(hi - offset));
  limit_size(out, max_size_bytes);
  return out;
}

StorageResult<Term> MemoryStorage::term(Index index) const {
  const Index offset = ents_.front().index;
  if (index < offset) return StorageError::kCompacted;
  if (index - offset >= ents_.size()) return StorageError::kUnavailable;
  return ents_[index - offset].term;
}

std::optional<StorageError> MemoryStorage::apply_snapshot(const Snapshot& snapshot) {
  if (snapshot_.metadata.index >= snapshot.metadata.index) return StorageError::kSnapshotOutOfDate;
  snapshot_ = snapshot;
  ents_.assign(1, Entry{.term = snapshot.metadata.term, .index = snapshot.metadata.index});
  return std::nullopt;
}

void MemoryStorage::set_hard_state(const HardState& hard_state) {
  assert_hard_state_follows(hard_state_, hard_state);
  commit_before_hard_state_ = hard_state_.commit;
  hard_state_ = hard_state;
}

void MemoryStorage::append(const std::vector<Entry>& entries) {
  if (entries.empty()) return;
  for (std::size_t i = 1; i < entries.size(); ++i) {
    KCSIM_ASSERT_MSG(entries[i].index == entries[i - 1].index + 1,
                     "appended entries are consecutive");
    KCSIM_ASSERT_MSG(entries[i].term >= entries[i - 1].term, "terms never decrease along a log");
  }
  const Index first = first_index();
  const Index last = entries.back().index;
  if (last < first) return;  // all of them are compacted already
  std::size_t skip = 0;
  if (first > entries.front().index) skip = first - entries.front().index;
  const Index start = entries[skip].index;
  const Index offset = start - ents_.front().index;
  KCSIM_ASSERT_MSG(offset <= ents_.size(), "append would leave a gap in the log");
  KCSIM_ASSERT_MSG(offset >= 1, "append never rewrites the snapshot's dummy entry");
  // Log matching: equal terms at one index mean equal logs up to it. So checking the
  // highest rewritten index that is committed shows every committed one is unchanged.
  // Committed as of the Ready before: the hard state just set may commit the very
  // entries this append brings, replacing uncommitted ones of an older term.
  const Index stored_committed = std::min(commit_before_hard_state_, last_index());
  if (start <= stored_committed) {
    KCSIM_ASSERT_MSG(last >= stored_committed, "an append never drops a committed entry");
    const Term new_term = entries[skip + (stored_committed - start)].term;
    const Term old_term = ents_[stored_committed - ents_.front().index].term;
    KCSIM_ASSERT_MSG(new_term == old_term, "an append never rewrites a committed entry");
  }
  ents_.resize(offset);
  ents_.insert(ents_.end(), entries.begin() + static_cast<std::ptrdiff_t>(skip), entries.end());
  KCSIM_ASSERT_MSG(hard_state_.commit <= last_index(), "the stored commit is within the log");
}

std::optional<StorageError> MemoryStorage::create_snapshot(Index index, const ConfState& conf_state,
                                                           std::string data) {
  if (index <= snapshot_.metadata.index) return StorageError::kSnapshotOutOfDate;
  if (index > last_index()) return StorageError::kUnavailable;
  const Index offset = ents_.front().index;
  snapshot_.metadata.index = index;
  snapshot_.metadata.term = ents_[index - offset].term;
  snapshot_.metadata.conf_state = conf_state;
  snapshot_.data = std::move(data);
  return std::nullopt;
}

std::optional<StorageError> MemoryStorage::compact(Index compact_index) {
  const Index offset = ents_.front().index;
  if (compact_index <= offset) return StorageError::kCompacted;
  if (compact_index > last_index()) return StorageError::kUnavailable;
  // Entries past the snapshot are the only way to catch up a follower that has
  // the snapshot: dropping them would strand it.
  if (compact_index > snapshot_.metadata.index) return StorageError::kUnavailable;
  const std::size_t i = compact_index - offset;
  Entry dummy{.term = ents_[i].term, .index = ents_[i].index};
  ents_.erase(ents_.begin(), ents_.begin() + static_cast<std::ptrdiff_t>(i));
  ents_.front() = std::move(dummy);
  return std::nullopt;
}

}  // namespace kcsim::etcd::raft
