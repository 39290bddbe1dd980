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
//  - Snapshots (etcd's triggerSnapshot): once more than --snapshot-count entries were
//    applied since the last snapshot, the member snapshots its store at the applied
//    index and compacts its Raft log, keeping --snapshot-catchup-entries entries so
//    that a follower a little behind still catches up by appends. A follower behind
//    the compacted log gets a snapshot the leader takes when it sends it (at its applied
//    index, with the current membership and the whole backend on the wire), as etcd's
//    merged snapshot message does.
//  - A restarted member restores its store from its latest snapshot and replays the
//    committed entries after it (the backend's own durability is not modelled
//    separately: the snapshot and the log stand for it).
//  - Membership (etcd's cluster API): member add / add --learner / remove / promote
//    requests go to the leader (a follower forwards them), which checks them as etcd
//    does with --strict-reconfig-check (quorum connected for etcd's 5s health interval,
//    started members, a learner in sync before promotion, --max-learners) and proposes
//    the conf change; the answer comes when it applies. A member that applies its own
//    removal stops, as etcd does ("the member has been permanently removed").
//    Connectivity is what the leader has heard from each peer: the checks run at the
//    leader, where etcd runs them at the receiving member over its peer connections.
//  - A new member (Raft id beyond the initial ones) starts with an empty log and no
//    membership (--initial-cluster-state=existing) and learns both from the leader.
//  - A Ready that needs no fsync (a commit index alone) is written at once: Raft allows
//    it to be lazy, and a lost commit index is relearned from the leader anyway.
//  - Writes are proposed and answered when applied on this member; a write not answered
//    within etcd's request timeout gets "request timed out" (it may still apply later).
//    A member with no leader refuses requests with "no leader", as etcd's gRPC
//    interceptor does.
//  - Linearizable reads go through etcd's read loop (linearizable_read_loop.h): batched,
//    one ReadIndex in flight per member, resent every 500ms while unanswered, "leader
//    changed" when a new leader appears first (the client retries it), "request timed
//    out" after the request timeout.
//  - Leases: the leader's lessor becomes primary when the leader applies an empty
//    entry (all earlier terms applied; etcd's applyEntryNormal) and is demoted when the
//    member stops leading. Keep-alives go to the leader (followers forward them once)
//    and renew only after a ReadIndex round confirms the leadership (etcd's
//    ensureLeadership). Every 500ms the primary proposes revokes for expired leases,
//    after the same confirmation.
//  - A WAL write or fsync failure is fatal (etcd panics): the member exits (the crash
//    takes effect at the end of the event, sim/process.h).
//  - The member serves its ports (peer_wire.h, wire.h, watch_wire.h) once booted, and
//    publishes its MemberView (cluster_state.h) for observers; it reads no other member.
//  - Watches are served by whichever member the client's stream reaches, from its own
//    store, as etcd does (watch_server.h): a follower's watchers see a change when the
//    follower applies it.
//  - Costs: a client request holds one of the member's `cpus` cores for its CPU time
//    before it is served (queueing when all are busy: saturation). Applied writes go
//    into the backend's batch, committed every --backend-batch-interval (or at
//    --backend-batch-limit writes) by a sync on the same disk as the WAL, so a slow
//    commit delays the WAL fsyncs queued behind it, as on a real disk.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/etcd/member/cluster_state.h"
#include "model/etcd/member/linearizable_read_loop.h"
#include "model/etcd/member/peer_wire.h"
#include "model/etcd/member/watch_server.h"
#include "model/etcd/member/wire.h"
#include "model/etcd/mvcc/store.h"
#include "model/etcd/raft/memory_storage.h"
#include "model/etcd/raft/raft_node.h"
#include "sim/process.h"

namespace kcsim::etcd {

// What a member keeps on its disk: Raft's stable storage (WAL and snapshot).
struct MemberDisk {
  raft::MemoryStorage storage;
  StoreSnapshotPtr store_snapshot;  // the store as of storage.snapshot()'s index
  // Members removed from the cluster, as this member applied it: their messages are
  // refused, as etcd's peer transport refuses a removed member's streams.
  std::set<raft::NodeId> removed_members;
};

class EtcdMember final : public sim::Process {
 public:
  EtcdMember(sim::ProcessContext context, std::shared_ptr<ClusterState> cluster,
             raft::NodeId node_id);
  ~EtcdMember() override;

  void start() override;
  void on_crash() override;

 private:
  void on_raft_message(raft::Message message);
  // A snapshot message, with the store snapshot its data names.
  void on_snapshot_message(raft::Message message, StoreSnapshotPtr snapshot);
  // A client's request: it waits for a core (`cpus`), then is served.
  void on_client_request(ClientRequest request);
  void on_member_request(MemberRequest request);
  // A lease keep-alive: a follower forwards it to the leader, whose lessor renews the
  // lease after confirming it still leads (etcd's LeaseRenew with ensureLeadership);
  // the leader answers the client.
  void on_lease_keep_alive(LeaseKeepAlive request);
  // Watch streams (watch_server.h): a new stream's request waits for a core like a read.
  void on_watch_open(WatchOpen request);
  raft::Term term() const;
  // Publishes this member's view (cluster_state.h) for the observers.
  void publish(bool conf_changed);

  using WriteDone = std::function<void(ClientError, mvcc::Response)>;
  using ReadDone = LinearizableReadLoop::Done;
  struct PendingWrite {
    WriteDone done;
    sim::TimerId timeout;
  };
  struct PendingConfChange {
    MemberRequest request;
    sim::TimerId timeout;
  };
  struct PeerContact {
    sim::Time last_heard = -1;
    sim::Time connected_since = -1;  // start of the current run of contact
  };

  void tick();
  // Charges `times` draws of `cost` to a core, with nothing waiting for it.
  void charge(const sim::Distribution& cost, std::size_t times);
  void serve_client_request(ClientRequest request);
  // Proposes `request` through Raft; `done` runs once, when it applies on this member,
  // when it cannot be proposed (no leader) or after the request timeout.
  void propose(mvcc::Request request, std::uint64_t size, WriteDone done);
  // etcd's linearizableReadNotify (linearizable_read_loop.h).
  void read_notify(ReadDone done);
  // etcd's ensureLeadership: true when, after a confirmed read index, this member
  // still leads.
  void ensure_leadership(std::function<void(bool)> done);
  void renew_lease(const LeaseKeepAlive& request);
  // etcd's lessor runLoop (every 500ms): the primary proposes a revoke for each expired
  // lease, once it has confirmed it still leads.
  void lease_tick();
  void backend_tick();
  void commit_backend();
  void process_ready();
  void finish_ready(raft::Ready& ready);
  void on_soft_state(const raft::SoftState& state);
  void apply(const std::vector<raft::Entry>& entries);
  void install_snapshot(const raft::Snapshot& snapshot);
  StoreSnapshotPtr find_snapshot(const std::string& data) const;
  std::uint64_t snapshot_bytes(const std::string& data) const;
  void maybe_snapshot();
  void after_conf_changes(const std::vector<raft::Entry>& entries);
  std::optional<ClientError> check_member_request(const MemberRequest& request) const;
  bool connected_since(raft::NodeId peer, sim::Time since) const;
  void respond_member(const MemberRequest& request, ClientError error);
  void reply(sim::ProcessId client, ClientResponse message);
  void heard_from(raft::NodeId peer);
  void send_raft(std::vector<raft::Message>& messages);
  void respond(const ClientRequest& request, ClientError error, mvcc::Response response = {});
  void fatal(std::string_view why);
  // The narrated log (docs/teaching.md): Raft's notes in plain words, stamped with
  // virtual time by the logger; commits summarised; a restart and its catching up.
  // Observers only: nothing here sends, schedules or draws.
  void narrate_note(const raft::Note& note);
  void narrate_restart();
  void narrate_commits(const std::vector<raft::Entry>& entries);
  void narrate_catch_up();
  MemberMetrics& metrics() { return *cluster_->member_metrics.at(node_id_ - 1); }

  std::shared_ptr<ClusterState> cluster_;
  raft::NodeId node_id_;
  MemberDisk* disk_state_ = nullptr;
  std::unique_ptr<raft::RaftNode> node_;
  mvcc::Store store_;
  WatchServer watch_server_;
  std::uint64_t ticks_ = 0;
  raft::SoftState soft_state_;
  raft::Index applied_ = 0;
  raft::Term applied_term_ = 0;
  raft::Index snapshot_index_ = 0;
  sim::Rng cpu_rng_;
  std::uint64_t backend_pending_ = 0;  // writes applied since the last backend commit
  bool backend_committing_ = false;
  std::map<std::string, StoreSnapshotPtr> received_snapshots_;  // by data, until installed
  bool stopped_ = false;  // crashed itself (fatal error, or removed from the cluster)
  std::map<raft::NodeId, PeerContact> peers_;
  std::map<std::string, PendingConfChange> pending_conf_changes_;  // by encoded change
  bool persisting_ = false;                               // a Ready's WAL write is in flight
  std::map<std::uint64_t, PendingWrite> pending_writes_;  // by proposal id
  LinearizableReadLoop read_loop_;
  // Expired leases whose revoke was proposed: not proposed again before this time
  // (etcd's expiredLeaseRetryInterval).
  std::map<mvcc::LeaseId, sim::Time> revoke_retry_;
  // Narration state (observers only).
  struct Narration {
    bool catching_up = false;  // restarted, not yet caught up with a leader
    raft::Index applied_at_restart = 0;
    raft::Index leader_commit = 0;    // the commit index of the last MsgApp from a leader
    raft::Term term_told = 0;         // the last term whose first commit was told
    sim::Time last_summary = 0;       // when commits were last summarised
    std::uint64_t since_summary = 0;  // entries committed since
  } narration_;
};

}  // namespace kcsim::etcd
