// An etcd cluster in a run: members etcd-0..N-1 (Raft ids 1..N) on hosts of the same
// names spread over the zones, and synthetic clients client-0..M-1 on their own hosts.
//
// What it publishes for scenarios (the runner registers them):
//  - roles: `leader()` is the live member that leads in the highest term (kNoProcess
//    when none does); `follower(rng)` a live member that is not the leader.
//  - `has_leader()`: true when a live leader is followed by a quorum of the members
//    (itself included): the cluster can commit. A leader cut off from its quorum keeps
//    its role until check-quorum demotes it, but it cannot commit: not a leader here.
//  - Runtime reconfiguration: `member_add`, `member_remove`, `member_promote` hand the
//    command to an etcdctl process (host `etcdctl`, made on first use); `member_add`
//    makes the new member's host and process (etcd-N is Raft id N + 1) and starts it
//    once the add is acknowledged. `voters()` and `learners()` are the membership as
//    the leader has applied it (0 with no leader).
//  - `linearizable()`: the clients' history checked by the linearizability checker
//    (cached while the history does not grow); `safety_violations()`: what Raft's
//    safety checker has seen.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "model/checker/incremental_checker.h"
#include "model/checker/linearizability.h"
#include "model/etcd/member/cluster_state.h"
#include "model/etcd/member/etcd_client.h"
#include "model/etcd/member/lease_keeper.h"
#include "model/etcd/member/watch_stream.h"
#include "sim/random.h"
#include "sim/simulation.h"

namespace kcsim::etcd {

class EtcdCluster {
 public:
  EtcdCluster(sim::Simulation& simulation, EtcdConfig config, std::size_t members,
              std::size_t clients, ClientConfig client_config,
              const std::vector<std::string>& zones);

  // Starts `count` synthetic watchers (watcher-0..N-1, each on its own host) on the
  // clients' key space.
  void add_watchers(std::size_t count, WatchStreamConfig config);
  // Starts `count` of kube-apiserver's compactors (compactor-0..N-1).
  void add_compactors(std::size_t count, sim::Time interval);
  // Starts `count` lease keepers (lease-0..N-1, see lease_keeper.h).
  void add_lease_keepers(std::size_t count, LeaseKeeperConfig config);
  // The compacted revision of the live member that has applied the most (0 if none).
  std::int64_t compact_revision() const;
  // The watchers' log checked against the store of the live member that has applied
  // the most (see watch_log.h); cached while the log does not grow.
  const WatchCheck& watch_check() const;

  sim::ProcessId leader() const;
  sim::ProcessId follower(sim::Rng& rng) const;
  bool has_leader() const;

  // Adds etcd-`number` (Raft id number + 1).
  void member_add(std::uint64_t number, bool learner);
  void member_remove(sim::ProcessId member);
  void member_promote(sim::ProcessId member);
  std::size_t voters() const;
  std::size_t learners() const;
  // What the clients' history is for, decided before the run: kept whole for an output
  // (`keep`), followed by the incremental linearizability checker (`check`), both or
  // neither. Neither: nothing grows with the requests.
  void use_history(bool keep, bool check);
  // The checker's verdict over the history so far (kOk when nothing checks it).
  checker::Verdict linearizability() const;
  std::size_t safety_violations() const { return state_->safety.violations().size(); }
  const ClusterState& state() const { return *state_; }
  // Shared with the processes built on the cluster (kube-apiserver's compactors).
  std::shared_ptr<ClusterState> shared_state() const { return state_; }

 private:
  sim::ProcessId add_member_process(const std::string& name, raft::NodeId node_id,
                                    const std::string& zone);
  // Adds PREFIX-0..N-1, each on a host of its own name, spread over the zones.
  std::vector<sim::ProcessId> add_numbered(
      const std::string& prefix, std::size_t count,
      std::function<std::unique_ptr<sim::Process>(sim::ProcessContext, std::int64_t)> make);
  void start_all(const std::vector<sim::ProcessId>& pids);
  // What the live member `pid` published, or nullptr.
  const MemberView* member(sim::ProcessId pid) const;
  const MemberView* leader_member() const;
  // The live member with the highest revision: the reference for checks.
  const MemberView* most_applied_member() const;
  void submit(MemberOp op, raft::NodeId node, std::function<void()> on_success = {});

  sim::Simulation& simulation_;
  std::vector<std::string> zones_;
  std::shared_ptr<ClusterState> state_;
  sim::ProcessId etcdctl_ = sim::kNoProcess;
  mutable std::uint64_t checked_watch_events_ = UINT64_MAX;
  mutable WatchCheck watch_check_;
  // The observer of the clients' history, when a check reads it.
  mutable std::unique_ptr<checker::IncrementalChecker> checker_;
};

}  // namespace kcsim::etcd
