#include "model/etcd/mvcc/key_index.h"

#include "sim/invariant.h"

namespace kcsim::etcd::mvcc {
namespace {

// The index of the last revision whose main is <= at_main, or -1.
std::ptrdiff_t last_at_or_before(const std::vector<Revision>& revisions, std::int64_t at_main) {
  std::ptrdiff_t low = 0;
  std::ptrdiff_t high = static_cast<std::ptrdiff_t>(revisions.size()) - 1;
  std::ptrdiff_t result = -1;
  while (low <= high) {
    std::ptrdiff_t middle = low + (high - low) / 2;
    if (revisions[static_cast<std::size_t>(middle)].main <= at_main) {
      result = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return result;
}

}  // namespace

void KeyIndex::put(Revision rev) {
  KCSIM_ASSERT(rev > modified_);
  if (generations_.empty()) generations_.emplace_back();
  Generation& current = generations_.back();
  if (current.empty()) {
    current.created = rev;
  }
  current.revisions.push_back(rev);
  current.version += 1;
  modified_ = rev;
}

bool KeyIndex::tombstone(Revision rev) {
  if (!alive()) return false;
  put(rev);
  generations_.emplace_back();
  return true;
}

void KeyIndex::restore(Revision created, Revision modified, std::int64_t version) {
  KCSIM_ASSERT(generations_.empty());
  KCSIM_ASSERT(version >= 1);
  modified_ = modified;
  generations_.push_back(Generation{version, created, {modified}});
}

void KeyIndex::restore_tombstone(Revision rev) {
  // The creating revision was compacted away: etcd leaves it empty.
  restore(Revision{}, rev, 1);
  generations_.emplace_back();
}

const KeyIndex::Generation* KeyIndex::find_generation(std::int64_t at_main) const {
  const std::size_t last = generations_.size() - 1;
  for (std::size_t i = generations_.size(); i > 0; --i) {
    const Generation& generation = generations_[i - 1];
    if (generation.empty()) continue;
    if (i - 1 != last && generation.revisions.back().main <= at_main) {
      return nullptr;  // deleted at or before at_main: the key did not exist then
    }
    if (generation.revisions.front().main <= at_main) return &generation;
  }
  return nullptr;
}

std::optional<KeyIndex::Found> KeyIndex::get(std::int64_t at_main) const {
  KCSIM_ASSERT(!generations_.empty());
  const Generation* generation = find_generation(at_main);
  if (generation == nullptr) return std::nullopt;
  std::ptrdiff_t n = last_at_or_before(generation->revisions, at_main);
  if (n < 0) return std::nullopt;
  const auto newer = static_cast<std::int64_t>(generation->revisions.size()) - n - 1;
  return Found{generation->revisions[static_cast<std::size_t>(n)], generation->created,
               generation->version - newer};
}

std::vector<Revision> KeyIndex::compact(std::int64_t at_main) {
  KCSIM_ASSERT(!empty());
  std::vector<Revision> removed;
  // The first generation whose tombstone is >= at_main, or the current one.
  std::size_t keep_from = 0;
  while (keep_from + 1 < generations_.size() &&
         generations_[keep_from].revisions.back().main < at_main) {
    for (const Revision& rev : generations_[keep_from].revisions)
      removed.push_back(rev);
    ++keep_from;
  }
  Generation& generation = generations_[keep_from];
  std::ptrdiff_t n = last_at_or_before(generation.revisions, at_main);
  if (n > 0) {
    auto cut = generation.revisions.begin() + n;
    removed.insert(removed.end(), generation.revisions.begin(), cut);
    generation.revisions.erase(generation.revisions.begin(), cut);
  }
  generations_.erase(generations_.begin(),
                     generations_.begin() + static_cast<std::ptrdiff_t>(keep_from));
  return removed;
}

bool KeyIndex::empty() const {
  return generations_.size() == 1 && generations_.front().empty();
}

}  // namespace kcsim::etcd::mvcc
