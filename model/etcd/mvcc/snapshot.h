// The whole replicated state of a Store, as a value: what a Raft snapshot carries and
// what a restarted member reads back from its backend.
//
// Contract:
//  - Holds the backend records (every revision compaction kept, in revision order),
//    the revisions, the consistent index, the leases (without expiries, which are
//    member-local) and the NOSPACE alarm; plus the modelled backend size, since a
//    member that receives a snapshot receives the sender's bbolt file.
//  - Holds no watchers: they belong to client connections, not to the data.
//  - Values are shared, so taking a snapshot copies keys and pointers, not values.
#pragma once

#include <cstdint>
#include <vector>

#include "model/etcd/mvcc/backend_size.h"
#include "model/etcd/mvcc/kv_store.h"
#include "model/etcd/mvcc/lessor.h"

namespace kcsim::etcd::mvcc {

struct StoreSnapshot {
  std::uint64_t consistent_index = 0;
  std::uint64_t consistent_term = 0;
  std::int64_t current_revision = kInitialRevision;
  std::int64_t compact_revision = 0;
  std::vector<StoredRevision> records;
  std::vector<LeaseRecord> leases;
  bool nospace_alarm = false;
  BackendSize backend;

  friend bool operator==(const StoreSnapshot&, const StoreSnapshot&) = default;
};

}  // namespace kcsim::etcd::mvcc
