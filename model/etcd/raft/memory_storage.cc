#include "model/etcd/raft/memory_storage.h"

#include <cassert>

namespace kcsim::etcd::raft {

MemoryStorage::MemoryStorage() : ents_(1) {}

StorageResult<std::vector<Entry>> MemoryStorage::entries(Index lo, Index hi,
                                                         std::uint64_t max_size_bytes) const {
  const Index offset = ents_.front().index;
  if (lo <= offset) return StorageError::kCompacted;
  if (hi > last_index() + 1) return StorageError::kUnavailable;
  assert(lo <= hi);
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

void MemoryStorage::append(const std::vector<Entry>& entries) {
  if (entries.empty()) return;
  const Index first = first_index();
  const Index last = entries.back().index;
  if (last < first) return;  // all of them are compacted already
  std::size_t skip = 0;
  if (first > entries.front().index) skip = first - entries.front().index;
  const Index start = entries[skip].index;
  const Index offset = start - ents_.front().index;
  assert(offset <= ents_.size() && "append would leave a gap in the log");
  ents_.resize(offset);
  ents_.insert(ents_.end(), entries.begin() + static_cast<std::ptrdiff_t>(skip), entries.end());
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
