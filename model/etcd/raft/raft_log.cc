#include "model/etcd/raft/raft_log.h"

#include <algorithm>

#include "sim/invariant.h"

namespace kcsim::etcd::raft {

RaftLog::RaftLog(const MemoryStorage& storage, std::uint64_t max_applying_size_bytes)
    : storage_(&storage),
      unstable_(storage.last_index() + 1),
      committed_(storage.first_index() - 1),
      applying_(storage.first_index() - 1),
      applied_(storage.first_index() - 1),
      max_applying_size_bytes_(max_applying_size_bytes) {}

Index RaftLog::first_index() const {
  if (auto index = unstable_.maybe_first_index()) return *index;
  return storage_->first_index();
}

Index RaftLog::last_index() const {
  if (auto index = unstable_.maybe_last_index()) return *index;
  return storage_->last_index();
}

EntryId RaftLog::last_entry_id() const {
  const Index last = last_index();
  const std::optional<Term> last_term = term(last);
  KCSIM_ASSERT(last_term.has_value());
  return {.term = *last_term, .index = last};
}

std::optional<Term> RaftLog::term(Index index) const {
  if (auto t = unstable_.maybe_term(index)) return t;
  if (index + 1 < first_index()) return std::nullopt;
  if (index > last_index()) return std::nullopt;
  StorageResult<Term> stored = storage_->term(index);
  if (const Term* t = std::get_if<Term>(&stored)) return *t;
  return std::nullopt;
}

bool RaftLog::match_term(EntryId id) const {
  const std::optional<Term> t = term(id.index);
  return t.has_value() && *t == id.term;
}

bool RaftLog::is_up_to_date(EntryId theirs) const {
  const EntryId ours = last_entry_id();
  return theirs.term > ours.term || (theirs.term == ours.term && theirs.index >= ours.index);
}

std::optional<std::vector<Entry>> RaftLog::slice(Index lo, Index hi,
                                                 std::uint64_t max_size_bytes) const {
  KCSIM_ASSERT(lo <= hi);
  if (lo < first_index()) return std::nullopt;
  KCSIM_ASSERT(hi <= last_index() + 1);
  if (lo == hi) return std::vector<Entry>{};
  std::vector<Entry> out;
  const Index unstable_offset = unstable_.offset();
  if (lo < unstable_offset) {
    StorageResult<std::vector<Entry>> stored =
        storage_->entries(lo, std::min(hi, unstable_offset), max_size_bytes);
    auto* ents = std::get_if<std::vector<Entry>>(&stored);
    if (ents == nullptr) return std::nullopt;
    out = std::move(*ents);
    // Stop at the size limit: the storage returned fewer than asked for.
    if (out.size() < std::min(hi, unstable_offset) - lo) return out;
  }
  if (hi > unstable_offset) {
    std::vector<Entry> tail = unstable_.slice(std::max(lo, unstable_offset), hi);
    out.insert(out.end(), tail.begin(), tail.end());
  }
  limit_size(out, max_size_bytes);
  return out;
}

std::optional<std::vector<Entry>> RaftLog::entries_from(Index lo,
                                                        std::uint64_t max_size_bytes) const {
  if (lo > last_index()) return std::vector<Entry>{};
  return slice(lo, last_index() + 1, max_size_bytes);
}

std::vector<Entry> RaftLog::all_entries() const {
  std::optional<std::vector<Entry>> all = entries_from(first_index(), UINT64_MAX);
  KCSIM_ASSERT(all.has_value());
  return *all;
}

std::optional<Index> RaftLog::maybe_append(EntryId prev, const std::vector<Entry>& entries,
                                           Index committed) {
  if (!match_term(prev)) return std::nullopt;
  const Index last_new = prev.index + entries.size();
  const Index conflict = find_conflict(entries);
  if (conflict != 0) {
    KCSIM_ASSERT_MSG(conflict > committed_, "conflict with a committed entry");
    const Index offset = prev.index + 1;
    std::vector<Entry> rest(entries.begin() + static_cast<std::ptrdiff_t>(conflict - offset),
                            entries.end());
    append(rest);
  }
  commit_to(std::min(committed, last_new));
  return last_new;
}

Index RaftLog::append(const std::vector<Entry>& entries) {
  if (entries.empty()) return last_index();
  KCSIM_ASSERT_MSG(entries.front().index - 1 >= committed_,
                   "append would overwrite committed entries");
  unstable_.truncate_and_append(entries);
  return last_index();
}

Index RaftLog::find_conflict(const std::vector<Entry>& entries) const {
  for (const Entry& entry : entries) {
    if (!match_term({.term = entry.term, .index = entry.index})) return entry.index;
  }
  return 0;
}

EntryId RaftLog::find_conflict_by_term(Index index, Term at_most_term) const {
  for (; index > 0; --index) {
    const std::optional<Term> ours = term(index);
    // Unknown (compacted): assume a possible match, with an unknown term.
    if (!ours) return {.term = 0, .index = index};
    if (*ours <= at_most_term) return {.term = *ours, .index = index};
  }
  return {.term = 0, .index = 0};
}

void RaftLog::commit_to(Index index) {
  if (index <= committed_) return;
  KCSIM_ASSERT_MSG(index <= last_index(), "commit beyond the log: corrupted or truncated log");
  committed_ = index;
}

bool RaftLog::maybe_commit(EntryId at) {
  if (at.term != 0 && at.index > committed_ && match_term(at)) {
    commit_to(at.index);
    return true;
  }
  return false;
}

std::vector<Entry> RaftLog::next_committed_entries() const {
  if (has_pending_snapshot()) return {};
  if (applying_ >= committed_) return {};
  std::optional<std::vector<Entry>> ents =
      slice(applying_ + 1, committed_ + 1, max_applying_size_bytes_);
  KCSIM_ASSERT_MSG(ents.has_value(), "unapplied entries were compacted");
  return *ents;
}

bool RaftLog::has_next_committed_entries() const {
  return !has_pending_snapshot() && applying_ < committed_;
}

void RaftLog::applied_to(Index index) {
  KCSIM_ASSERT(index <= committed_);
  if (index < applied_) return;
  applied_ = index;
  applying_ = std::max(applying_, index);
}

void RaftLog::restore(const Snapshot& snapshot) {
  committed_ = snapshot.metadata.index;
  unstable_.restore(snapshot);
}

const Snapshot& RaftLog::snapshot() const {
  if (unstable_.snapshot()) return *unstable_.snapshot();
  return storage_->snapshot();
}

}  // namespace kcsim::etcd::raft
