#include "model/etcd/member/etcd_client.h"

#include <string>

#include "sim/distributions.h"

namespace kcsim::etcd {
namespace {

constexpr sim::Label kIssue{"client.issue"};
constexpr sim::Label kDeadline{"client.deadline"};
constexpr sim::Label kRequest{"client.request"};

sim::Histogram& by_operation(ClusterState& cluster, const char* operation) {
  return cluster.metrics().histogram(
      sim::labeled("etcd_client_request_duration_seconds", {{"operation", operation}}),
      "Latency of acknowledged requests at the clients, by operation");
}

}  // namespace

const char* failure_reason_label(FailureReason reason) {
  switch (reason) {
    case FailureReason::kNoLeaderBoot:
      return "no_leader_boot";
    case FailureReason::kNoLeader:
      return "no_leader";
    case FailureReason::kUnavailable:
      return "unavailable";
    case FailureReason::kLeaderChanged:
      return "leader_changed";
    case FailureReason::kTimeout:
      return "timeout";
    case FailureReason::kRejected:
      return "rejected";
  }
  return "?";
}

const char* failure_reason_text(FailureReason reason) {
  switch (reason) {
    case FailureReason::kNoLeaderBoot:
      return "refused: no leader yet (boot)";
    case FailureReason::kNoLeader:
      return "refused: no leader";
    case FailureReason::kUnavailable:
      return "refused: connection refused (member down)";
    case FailureReason::kLeaderChanged:
      return "refused: leader changed";
    case FailureReason::kTimeout:
      return "timed out (may have applied)";
    case FailureReason::kRejected:
      return "rejected by the store";
  }
  return "?";
}

std::string failure_series(FailureReason reason) {
  return sim::labeled("etcd_client_request_failures_total",
                      {{"reason", failure_reason_label(reason)}});
}

EtcdClient::EtcdClient(sim::ProcessContext context, std::shared_ptr<ClusterState> cluster,
                       ClientConfig config, std::int64_t client_id)
    : Process(context),
      cluster_(std::move(cluster)),
      config_(config),
      client_id_(client_id),
      rng_(Process::context().rng("requests")),
      endpoints_(cluster_->initial_endpoints()),
      get_seconds_(by_operation(*cluster_, "get")),
      put_seconds_(by_operation(*cluster_, "put")) {
  for (const FailureReason reason : kFailureReasons) {
    cluster_->metrics().counter(failure_series(reason), "Failed client requests, by reason");
  }
}

void EtcdClient::count_failure(FailureReason reason) {
  cluster_->requests_failed.inc();
  if (reason == FailureReason::kNoLeader && cluster_->elections_won.value() == 0) {
    reason = FailureReason::kNoLeaderBoot;
  }
  cluster_->metrics().counter(failure_series(reason)).inc();
}

void EtcdClient::start() {
  handle(kResponsePort,
         [this](sim::ProcessId, const ClientResponse& response) { on_response(response); });
  // Spread the clients' endpoints over the members, as a DNS round robin would.
  endpoint_ = static_cast<std::size_t>(client_id_) % endpoints_.size();
  schedule_next();
}

void EtcdClient::schedule_next() {
  const auto gap = static_cast<sim::Time>(sim::exponential(rng_, 1e9 / config_.qps));
  after(gap, kIssue, [this] { issue(); });
}

void EtcdClient::issue() {
  InFlight op;
  op.request_id = next_request_id_++;
  op.started = now();
  op.key = "/kcsim/key-" + std::to_string(rng_.below(config_.keys));
  op.is_put = !rng_.chance(config_.read_fraction);
  if (op.is_put) {
    // Unique values (client, sequence) let the checker tell every write apart.
    std::string value = "c" + std::to_string(client_id_) + "-" + std::to_string(++writes_);
    std::string padded = value;
    if (padded.size() < config_.value_bytes) padded.resize(config_.value_bytes, '.');
    op.request = mvcc::PutRequest{op.key, mvcc::make_value(padded)};
    op.ticket = cluster_->history.invoke(client_id_, now(), checker::KvInput::put(op.key, padded));
  } else {
    op.request = mvcc::RangeRequest{mvcc::KeyRange::single(op.key)};
    op.ticket = cluster_->history.invoke(client_id_, now(), checker::KvInput::get(op.key));
  }
  in_flight_ = std::move(op);
  send_attempt();
}

void EtcdClient::send_attempt() {
  InFlight& op = *in_flight_;
  ++op.attempts;
  const sim::ProcessId member = endpoints_[endpoint_];
  // A member whose process is down on a live host refuses the connection at once; a
  // host that is down answers nothing, and the attempt waits for its deadline.
  if (context().connection_refused(member)) {
    retry_elsewhere(FailureReason::kUnavailable);
    return;
  }
  context().send(kKvPort, member, request_size_bytes(op.request), kRequest,
                 ClientRequest{id(), op.request_id, op.request});
  const std::uint64_t request_id = op.request_id;
  op.deadline = after(config_.deadline, kDeadline, [this, request_id] {
    if (in_flight_ && in_flight_->request_id == request_id) give_up(FailureReason::kTimeout);
  });
}

void EtcdClient::retry_elsewhere(FailureReason refusal) {
  InFlight& op = *in_flight_;
  cancel(op.deadline);
  endpoint_ = (endpoint_ + 1) % endpoints_.size();
  if (op.attempts >= kAttemptsMax) {
    count_failure(refusal);
    cluster_->history.fail(op.ticket);  // every attempt was refused before proposing
    in_flight_.reset();
    schedule_next();
    return;
  }
  send_attempt();
}

void EtcdClient::give_up(FailureReason reason) {
  // The request may have applied: it stays pending in the history, and it is not sent
  // again (a second copy could apply after other writes). The next request goes to
  // another endpoint.
  cancel(in_flight_->deadline);
  count_failure(reason);
  endpoint_ = (endpoint_ + 1) % endpoints_.size();
  in_flight_.reset();
  schedule_next();
}

void EtcdClient::on_response(const ClientResponse& response) {
  if (!in_flight_ || response.request_id != in_flight_->request_id) return;  // a stale answer
  InFlight& op = *in_flight_;
  // Refused before proposing, or a read cut short by a new leader: safe to retry.
  if (response.error == ClientError::kNoLeader || response.error == ClientError::kLeaderChanged) {
    retry_elsewhere(response.error == ClientError::kNoLeader ? FailureReason::kNoLeader
                                                             : FailureReason::kLeaderChanged);
    return;
  }
  if (response.error == ClientError::kTimeout) {
    give_up(FailureReason::kTimeout);
    return;
  }
  cancel(op.deadline);
  if (response.error != ClientError::kOk) {
    // Refused before proposing (no space, too large): it cannot have applied.
    count_failure(FailureReason::kRejected);
    cluster_->history.fail(op.ticket);
  } else {
    checker::KvOutput output;
    if (!op.is_put) {
      const auto* range = std::get_if<mvcc::RangeResponse>(&response.response);
      if (range != nullptr && !range->kvs.empty()) {
        output.found = true;
        output.value = std::string(range->kvs.front().value_view());
      }
    }
    cluster_->history.complete(op.ticket, now(), std::move(output));
    const double seconds = sim::to_seconds(now() - op.started);
    cluster_->request_seconds.record(seconds);
    (op.is_put ? put_seconds_ : get_seconds_).record(seconds);
    cluster_->last_ack = now();
  }
  in_flight_.reset();
  schedule_next();
}

}  // namespace kcsim::etcd
