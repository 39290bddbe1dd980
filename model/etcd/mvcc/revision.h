// A revision of etcd's MVCC store: the (main, sub) pair of server/storage/mvcc/revision.go.
//
// Contract:
//  - `main` is the store-wide revision: it increases by one per write transaction that
//    changes something (a put, a delete that deleted something, a txn with writes).
//    etcd starts a fresh store at main revision 1, so the first write is revision 2.
//  - `sub` orders the changes inside one transaction: 0, 1, 2, ... in the order the
//    transaction made them. Clients only ever see `main` (create/mod revision).
//  - Revisions order lexicographically (main, then sub), as the backend's keys do.
#pragma once

#include <compare>
#include <cstdint>

namespace kcsim::etcd::mvcc {

// etcd's initial store revision (kvstore.go: `currentRev: 1`).
inline constexpr std::int64_t kInitialRevision = 1;

struct Revision {
  std::int64_t main = 0;
  std::int64_t sub = 0;

  auto operator<=>(const Revision&) const = default;
};

}  // namespace kcsim::etcd::mvcc
