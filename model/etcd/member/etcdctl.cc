#include "model/etcd/member/etcdctl.h"

#include <spdlog/logger.h>

namespace kcsim::etcd {
namespace {

constexpr sim::Label kMemberRequest{"etcdctl.request"};
constexpr sim::Label kEtcdctlDeadline{"etcdctl.deadline"};
constexpr sim::Label kRetry{"etcdctl.retry"};
constexpr sim::Label kDone{"etcdctl.done"};
constexpr sim::Label kFailed{"etcdctl.failed"};

bool transient(ClientError error) {
  switch (error) {
    case ClientError::kNoLeader:
    case ClientError::kTimeout:
    case ClientError::kClientTimeout:
    case ClientError::kUnavailable:
    case ClientError::kUnhealthy:
    case ClientError::kNotEnoughStarted:
    case ClientError::kLearnerNotReady:
      return true;
    default:
      return false;
  }
}

}  // namespace

Etcdctl::Etcdctl(sim::ProcessContext context, std::shared_ptr<ClusterState> cluster)
    : Process(context), cluster_(std::move(cluster)) {}

void Etcdctl::start() {
  handle(kEtcdctlPort, [this](sim::ProcessId, Command command) { submit(std::move(command)); });
  handle(kResponsePort,
         [this](sim::ProcessId, const ClientResponse& response) { on_response(response); });
}

void Etcdctl::submit(Command command) {
  queue_.push_back(std::move(command));
  if (!busy_) send();
}

void Etcdctl::send() {
  if (queue_.empty()) return;
  busy_ = true;
  const std::size_t endpoints = cluster_->member_pids.size();
  // etcdctl dials all its endpoints and uses one that connects: skip members whose
  // process is down (refused) or whose host is down (the dial times out; a new
  // etcdctl invocation never picks such an endpoint).
  auto refused = [&](sim::ProcessId member) {
    return member == sim::kNoProcess || !context().answers_dial(member);
  };
  for (std::size_t tried = 0; tried < endpoints; ++tried) {
    if (!refused(cluster_->member_pids[endpoint_ % endpoints])) break;
    endpoint_ = (endpoint_ + 1) % endpoints;
  }
  const sim::ProcessId member = cluster_->member_pids[endpoint_ % endpoints];
  if (refused(member)) {
    finish(ClientError::kUnavailable);
    return;
  }
  const Command& command = queue_.front();
  context().send(kClusterPort, member, 128, kMemberRequest,
                 MemberRequest{id(), ++request_id_, command.op, command.node});
  const std::uint64_t request_id = request_id_;
  deadline_ = after(kCommandTimeout, kEtcdctlDeadline, [this, request_id] {
    if (busy_ && request_id_ == request_id) finish(ClientError::kClientTimeout);
  });
}

void Etcdctl::on_response(const ClientResponse& response) {
  if (!busy_ || response.request_id != request_id_) return;  // a stale answer
  finish(response.error);
}

void Etcdctl::finish(ClientError outcome) {
  cancel(deadline_);
  ++request_id_;  // answers to this attempt are stale from now on
  Command& command = queue_.front();
  sim::ProcessContext& ctx = context();
  if (outcome == ClientError::kOk) {
    ctx.log().info("etcdctl: {} {}: done", to_string(command.op), command.node);
    ctx.note(sim::TraceKind::kNote, kDone, command.node);
    std::function<void()> on_success = std::move(command.on_success);
    queue_.pop_front();
    busy_ = false;
    if (on_success) on_success();
    if (!busy_) send();
    return;
  }
  ctx.log().info("etcdctl: {} {}: {}", to_string(command.op), command.node, to_string(outcome));
  if (!transient(outcome)) {
    ctx.note(sim::TraceKind::kNote, kFailed, command.node);
    queue_.pop_front();
    busy_ = false;
    send();
    return;
  }
  // An answer about the cluster (unhealthy, learner not in sync) is the same from any
  // member; a failed connection or a member without a leader is worth another one.
  const bool connection = outcome == ClientError::kNoLeader || outcome == ClientError::kTimeout ||
                          outcome == ClientError::kClientTimeout ||
                          outcome == ClientError::kUnavailable;
  if (connection) endpoint_ = (endpoint_ + 1) % cluster_->member_pids.size();
  after(kRetryInterval, kRetry, [this] { send(); });
}

}  // namespace kcsim::etcd
