// etcdctl as an operator runs it to reconfigure a cluster (`etcdctl member add
// [--learner] | remove | promote`), scripted: one command at a time, in the order
// given, each retried until it succeeds, as a runbook's `until etcdctl ...; do sleep 1;
// done` would.
//
// Contract:
//  - A command goes to one endpoint (every member the cluster has, in Raft id order),
//    skipping members that are down (etcdctl dials every endpoint and uses one that
//    connects). A transient error (no leader, timed out, unhealthy cluster, not enough
//    started members, learner not in sync) or no answer within --command-timeout (5s)
//    retries one second later, at the next endpoint after a connection-level failure. A definitive
//    error (member not found, already exists, not a learner, too many learners) ends the command
//    without its follow-up.
//  - `on_success` runs when the command is acknowledged: for `member add`, the runner
//    starts the new member then (the runbook's next step).
//  - Every outcome is a trace note and a log line.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>

#include "model/etcd/member/cluster_state.h"
#include "model/etcd/member/wire.h"
#include "sim/process.h"

namespace kcsim::etcd {

class Etcdctl final : public sim::Process {
 public:
  static constexpr sim::Time kCommandTimeout = 5 * sim::kSecond;  // --command-timeout
  static constexpr sim::Time kRetryInterval = 1 * sim::kSecond;

  struct Command {
    MemberOp op = MemberOp::kAdd;
    raft::NodeId node = raft::kNoNode;
    std::function<void()> on_success;
  };

  Etcdctl(sim::ProcessContext context, std::shared_ptr<ClusterState> cluster);
  void start() override;

 private:
  void submit(Command command);
  void on_response(const ClientResponse& response);
  void send();
  void finish(ClientError outcome);

  std::shared_ptr<ClusterState> cluster_;
  std::deque<Command> queue_;  // front is the command in progress
  bool busy_ = false;
  std::size_t endpoint_ = 0;
  std::uint64_t request_id_ = 0;
  sim::TimerId deadline_;
};

// The operator's commands reach etcdctl on this port (Simulation::inject).
inline constexpr sim::Port<Etcdctl::Command> kEtcdctlPort{"etcdctl.command"};

}  // namespace kcsim::etcd
