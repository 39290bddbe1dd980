// The requests proposed to a cluster: what a Raft entry carries.
//
// A Raft entry carries its request; the model keeps the request once, immutable and
// shared, as the entry's payload (raft::Entry::payload), and puts its id in the entry's
// data (an entry's size for the network and the disk is the request's size, not the
// id's). Every member that applies the entry reads the same request, and the request is
// freed with the last copy of the entry (logs compacted, messages delivered): nothing
// here grows with the run. Ids are unique in the cluster, whichever member or
// incarnation proposed them, so a restarted member can never reuse one.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "model/etcd/mvcc/requests.h"
#include "model/etcd/raft/entry.h"

namespace kcsim::etcd {

struct Proposal {
  std::uint64_t id = 0;
  mvcc::Request request;
  std::uint64_t size_bytes = 0;  // what the request weighs on the wire and on disk
};

class ProposalTable {
 public:
  std::shared_ptr<const Proposal> add(mvcc::Request request, std::uint64_t size_bytes);
  // The proposal an entry carries, or nullptr for none (the empty entry a new leader
  // appends, a conf change).
  static const Proposal* find(const raft::Entry& entry);
  // The bytes an entry stands for.
  static std::uint64_t entry_bytes(const raft::Entry& entry);

  static std::string entry_data(std::uint64_t id) { return std::to_string(id); }

 private:
  std::uint64_t next_id_ = 1;
};

// The bytes a request weighs: its keys and values plus a fixed framing estimate.
std::uint64_t request_size_bytes(const mvcc::Request& request);

}  // namespace kcsim::etcd
