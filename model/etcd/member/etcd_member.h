// An etcd member: a process that runs a Raft node (model/etcd/raft) over a WAL on its
// disk and applies committed requests to an MVCC store (model/etcd/mvcc), serving
// clients over the network as etcd v3.6 does.
//
// Contract:
//  - Raft's persistence contract (raft_node.h) is kept through the simulated disk: a
//    Ready's entries and hard state reach the member's durable storage only when the
//    WAL fsync completes; votes and append acks leave only then. A crash before the
//    fsync loses them, as it would on a real machine.
//  - Time enters Raft as ticks, one per --heartbeat-interval; the election timeout is
//    --election-timeout / --heartbeat-interval ticks, randomized by Raft in [T, 2T).
//  - A restarted member rebuilds its store by replaying the committed log from its
//    durable storage (the backend's own durability is not modelled separately).
//  - A Ready that needs no fsync (a commit index alone) is written at once: Raft allows
//    it to be lazy, and a lost commit index is relearned from the leader anyway.
//  - Writes are proposed and answered when applied on this member; linearizable reads
//    go through ReadIndex. A member with no leader refuses requests with "no leader",
//    as etcd's gRPC interceptor does; a request not answered within etcd's request
//    timeout gets "request timed out" (it may still apply later).
//  - A WAL write or fsync failure is fatal (etcd panics): the member crashes.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/etcd/member/cluster_state.h"
#include "model/etcd/member/wire.h"
#include "model/etcd/mvcc/store.h"
#include "model/etcd/raft/memory_storage.h"
#include "model/etcd/raft/raft_node.h"
#include "sim/process.h"

namespace kcsim::etcd {

// What a member keeps on its disk: Raft's stable storage (WAL and snapshot).
struct MemberDisk {
  raft::MemoryStorage storage;
};

class EtcdMember final : public sim::Process {
 public:
  EtcdMember(sim::ProcessContext context, std::shared_ptr<ClusterState> cluster,
             raft::NodeId node_id);
  ~EtcdMember() override;

  void start() override;
  void on_crash() override;

  void on_raft_message(raft::Message message);
  void on_client_request(ClientRequest request);

  raft::NodeId node_id() const { return node_id_; }
  raft::SoftState soft_state() const { return soft_state_; }
  raft::Term term() const;

 private:
  struct PendingWrite {
    ClientRequest request;
    sim::TimerId timeout;
  };
  struct PendingRead {
    ClientRequest request;
    raft::Index read_index = 0;  // 0 until the ReadState arrives
    sim::TimerId timeout;
  };

  void tick();
  void process_ready();
  void finish_ready(raft::Ready& ready);
  void on_soft_state(const raft::SoftState& state);
  void apply(const std::vector<raft::Entry>& entries);
  void serve_reads();
  void send_raft(std::vector<raft::Message>& messages);
  void respond(const ClientRequest& request, ClientError error, mvcc::Response response = {});
  void fatal(std::string_view why);
  MemberMetrics& metrics() { return *cluster_->member_metrics.at(node_id_ - 1); }

  std::shared_ptr<ClusterState> cluster_;
  raft::NodeId node_id_;
  MemberDisk* disk_state_ = nullptr;
  std::unique_ptr<raft::RaftNode> node_;
  mvcc::Store store_;
  raft::SoftState soft_state_;
  raft::Index applied_ = 0;
  bool persisting_ = false;  // a Ready's WAL write is in flight
  std::uint64_t next_read_ = 1;
  std::map<std::uint64_t, PendingWrite> pending_writes_;  // by proposal id
  std::map<std::string, PendingRead> pending_reads_;      // by ReadIndex context
};

}  // namespace kcsim::etcd
