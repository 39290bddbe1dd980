// ReadOnly: the leader's pending ReadIndex requests, as etcd-io/raft's
// read_only.go (thesis 6.4).
//
// A request records the commit index at its arrival. It is answered once a
// quorum of voters acknowledged a heartbeat carrying its context, which proves
// the leader was still leader when the request came: every read at that index is
// then linearizable. An ack for a later request also confirms every earlier one.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "model/etcd/raft/entry.h"
#include "model/etcd/raft/message.h"

namespace kcsim::etcd::raft {

struct ReadIndexStatus {
  Message request{};
  Index index = 0;
  std::set<NodeId> acks{};
};

class ReadOnly {
 public:
  // Queues a request (ignored if its context is already pending).
  void add_request(Index index, const Message& request);
  // Records an ack; returns the acks for the context so far (empty if unknown).
  const std::set<NodeId>* recv_ack(NodeId id, const std::string& context);
  // Pops every request up to and including `context`, oldest first.
  std::vector<ReadIndexStatus> advance(const std::string& context);
  // The newest pending context ("" if none): heartbeats carry it.
  std::string last_pending_request_ctx() const;
  std::size_t pending_count() const { return queue_.size(); }

 private:
  std::map<std::string, ReadIndexStatus> pending_;
  std::deque<std::string> queue_;
};

}  // namespace kcsim::etcd::raft
