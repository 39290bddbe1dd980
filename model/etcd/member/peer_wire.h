// What etcd members say to each other (etcd's rafthttp): Raft messages, and snapshot
// messages carrying the store they name (etcd's merged snapshot message).
#pragma once

#include "model/etcd/member/snapshot_table.h"
#include "model/etcd/raft/entry.h"
#include "sim/port.h"

namespace kcsim::etcd {

struct SnapshotMessage {
  raft::Message message;
  StoreSnapshotPtr snapshot;
};

inline constexpr sim::Port<raft::Message> kRaftPort{"etcd.raft"};
inline constexpr sim::Port<SnapshotMessage> kRaftSnapshotPort{"etcd.raft_snapshot"};

}  // namespace kcsim::etcd
