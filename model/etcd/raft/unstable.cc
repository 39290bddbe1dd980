#include "model/etcd/raft/unstable.h"

#include <algorithm>

#include "sim/invariant.h"

namespace kcsim::etcd::raft {

std::optional<Index> Unstable::maybe_first_index() const {
  if (snapshot_) return snapshot_->metadata.index + 1;
  return std::nullopt;
}

std::optional<Index> Unstable::maybe_last_index() const {
  if (!entries_.empty()) return offset_ + entries_.size() - 1;
  if (snapshot_) return snapshot_->metadata.index;
  return std::nullopt;
}

std::optional<Term> Unstable::maybe_term(Index index) const {
  if (index < offset_) {
    if (snapshot_ && snapshot_->metadata.index == index) return snapshot_->metadata.term;
    return std::nullopt;
  }
  const std::optional<Index> last = maybe_last_index();
  if (!last || index > *last) return std::nullopt;
  if (index - offset_ >= entries_.size()) return std::nullopt;  // only a snapshot
  return entries_[index - offset_].term;
}

std::vector<Entry> Unstable::next_entries() const {
  const std::size_t in_progress = offset_in_progress_ - offset_;
  return {entries_.begin() + static_cast<std::ptrdiff_t>(in_progress), entries_.end()};
}

const Snapshot* Unstable::next_snapshot() const {
  if (!snapshot_ || snapshot_in_progress_) return nullptr;
  return &*snapshot_;
}

void Unstable::accept_in_progress() {
  if (!entries_.empty()) offset_in_progress_ = entries_.back().index + 1;
  if (snapshot_) snapshot_in_progress_ = true;
}

void Unstable::stable_to(EntryId id) {
  const std::optional<Term> term = maybe_term(id.index);
  if (!term) return;
  if (id.index < offset_) return;  // matched the snapshot only
  if (*term != id.term) return;    // rewritten since the write started
  const std::size_t count = id.index + 1 - offset_;
  entries_.erase(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(count));
  offset_ = id.index + 1;
  offset_in_progress_ = std::max(offset_in_progress_, offset_);
}

void Unstable::stable_snap_to(Index index) {
  if (snapshot_ && snapshot_->metadata.index == index) {
    snapshot_.reset();
    snapshot_in_progress_ = false;
  }
}

void Unstable::restore(const Snapshot& snapshot) {
  offset_ = snapshot.metadata.index + 1;
  offset_in_progress_ = offset_;
  entries_.clear();
  snapshot_ = snapshot;
  snapshot_in_progress_ = false;
}

void Unstable::truncate_and_append(const std::vector<Entry>& entries) {
  KCSIM_ASSERT(!entries.empty());
  const Index from = entries.front().index;
  if (from == offset_ + entries_.size()) {
    entries_.insert(entries_.end(), entries.begin(), entries.end());
  } else if (from <= offset_) {
    // Replaces everything unstable, and truncates the stored tail when written.
    entries_ = entries;
    offset_ = from;
    offset_in_progress_ = offset_;
  } else {
    entries_.resize(from - offset_);
    entries_.insert(entries_.end(), entries.begin(), entries.end());
    offset_in_progress_ = std::min(offset_in_progress_, from);
  }
}

std::vector<Entry> Unstable::slice(Index lo, Index hi) const {
  KCSIM_ASSERT(lo <= hi);
  KCSIM_ASSERT(lo >= offset_);
  KCSIM_ASSERT(hi <= offset_ + entries_.size());
  return {entries_.begin() + static_cast<std::ptrdiff_t>(lo - offset_),
          entries_.begin() + static_cast<std::ptrdiff_t>(hi - offset_)};
}

}  // namespace kcsim::etcd::raft
