// The requests proposed to a cluster, by id: what a Raft entry's data names.
//
// Why a table: a Raft entry carries its request; the model keeps the request once,
// immutable and shared, and puts its id in the entry (an entry's size for the network
// and the disk is the request's size, not the id's). Every member that applies the
// entry reads the same request. Ids are unique in the cluster, whichever member or
// incarnation proposed them, so a restarted member can never reuse one.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "model/etcd/mvcc/requests.h"

namespace kcsim::etcd {

struct Proposal {
  std::uint64_t id = 0;
  mvcc::Request request;
  std::uint64_t size_bytes = 0;  // what the request weighs on the wire and on disk
};

class ProposalTable {
 public:
  std::shared_ptr<const Proposal> add(mvcc::Request request, std::uint64_t size_bytes);
  // The proposal an entry's data names, or nullptr for data that names none (the empty
  // entry a new leader appends).
  std::shared_ptr<const Proposal> find(std::string_view entry_data) const;
  // The bytes an entry stands for.
  std::uint64_t entry_bytes(std::string_view entry_data) const;

  static std::string entry_data(std::uint64_t id) { return std::to_string(id); }

 private:
  std::uint64_t next_id_ = 1;
  std::map<std::uint64_t, std::shared_ptr<const Proposal>> proposals_;
};

// The bytes a request weighs: its keys and values plus a fixed framing estimate.
std::uint64_t request_size_bytes(const mvcc::Request& request);

}  // namespace kcsim::etcd
