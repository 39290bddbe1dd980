// The revisions of one key, grouped in generations: etcd's keyIndex
// (server/storage/mvcc/key_index.go).
//
// Contract:
//  - A generation is the life of the key from a create to a delete: its revisions in
//    increasing order, the last one a tombstone unless it is the current generation.
//    A delete appends the tombstone and opens a new, empty generation.
//  - `get(at)` finds the revision visible at main revision `at`: the last revision
//    <= at in the generation alive at `at`; none when the key did not exist then.
//  - `compact(at)` keeps, in each generation, the largest revision <= at and everything
//    after; a generation whose tombstone is < at goes entirely (a tombstone exactly at
//    `at` stays, so a watcher starting at `at` still sees the delete). It returns the
//    revisions it dropped, which the store removes from the backend.
//  - The key index is `empty()` when only an empty generation is left: the store then
//    forgets the key.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "model/etcd/mvcc/revision.h"

namespace kcsim::etcd::mvcc {

class KeyIndex {
 public:
  struct Generation {
    std::int64_t version = 0;  // the key's version at the last revision of the generation
    Revision created;          // the first revision of the generation
    std::vector<Revision> revisions;

    bool empty() const { return revisions.empty(); }
  };

  struct Found {
    Revision modified;
    Revision created;
    std::int64_t version = 0;
  };

  // Appends a put at `rev`; `rev` must be greater than every revision already held.
  void put(Revision rev);

  // Appends a tombstone at `rev` and opens a new generation. Returns false (and
  // changes nothing) when the key is not alive (its current generation is empty).
  bool tombstone(Revision rev);

  // Rebuilds from a backend record when the earlier revisions were compacted away
  // (etcd's keyIndex.restore / restoreTombstone); the index must be fresh.
  void restore(Revision created, Revision modified, std::int64_t version);
  void restore_tombstone(Revision rev);

  std::optional<Found> get(std::int64_t at_main) const;

  // Removes what compaction at `at_main` makes unreachable; returns the removed revisions.
  std::vector<Revision> compact(std::int64_t at_main);

  bool empty() const;
  bool alive() const { return !generations_.empty() && !generations_.back().empty(); }
  Revision modified() const { return modified_; }
  const std::vector<Generation>& generations() const { return generations_; }

 private:
  const Generation* find_generation(std::int64_t at_main) const;

  Revision modified_;
  std::vector<Generation> generations_;
};

}  // namespace kcsim::etcd::mvcc
