// The store snapshots of a cluster's members, by id: what a Raft snapshot's data names.
//
// Why a table: etcd sends a follower that fell behind the leader's compacted log the
// whole backend (bbolt file) with the Raft snapshot. The model keeps a store snapshot
// once, immutable and shared, and puts its id in the Raft snapshot's data (as the
// proposal table does for entries). Whoever holds a snapshot holds its shared_ptr: a
// member's disk (its latest snapshot), a snapshot message in flight, a member that
// received one and has not installed it yet. The table itself holds them weakly, so a
// snapshot nobody holds any more is freed.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "model/etcd/mvcc/snapshot.h"

namespace kcsim::etcd {

using StoreSnapshotPtr = std::shared_ptr<const mvcc::StoreSnapshot>;

class SnapshotTable {
 public:
  // Registers `snapshot`; returns the data for the Raft snapshot.
  std::string add(StoreSnapshotPtr snapshot);
  // The snapshot `data` names, or nullptr when it names none or nobody holds it.
  StoreSnapshotPtr find(std::string_view data) const;
  // What the snapshot weighs on the wire: the sender's backend file.
  static std::uint64_t wire_bytes(const mvcc::StoreSnapshot& snapshot) {
    return static_cast<std::uint64_t>(snapshot.backend.file_bytes);
  }

 private:
  std::uint64_t next_id_ = 1;
  std::map<std::uint64_t, std::weak_ptr<const mvcc::StoreSnapshot>> snapshots_;
};

}  // namespace kcsim::etcd
