#include "model/etcd/member/etcd_client.h"

#include <string>

#include "sim/distributions.h"
#include "sim/invariant.h"

namespace kcsim::etcd {
namespace {

constexpr sim::Label kIssue{"client.issue"};
constexpr sim::Label kArrival{"client.arrival"};
constexpr sim::Label kClientDeadline{"client.deadline"};
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

std::string dropped_series() {
  return sim::labeled("etcd_client_dropped_total", {{"reason", "max_in_flight"}});
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
      put_seconds_(by_operation(*cluster_, "put")),
      arrivals_(cluster_->metrics().counter(kArrivalsSeries,
                                            "Requests offered by the clients (open loop: "
                                            "arrivals; closed loop: requests started)")),
      issued_(cluster_->metrics().counter(kIssuedSeries, "Requests the clients sent")),
      dropped_(cluster_->metrics().counter(
          dropped_series(), "Arrivals not sent: the client held max_in_flight requests")),
      in_flight_gauge_(
          cluster_->metrics().gauge(kInFlightSeries, "Requests the clients hold now")) {
  KCSIM_ASSERT(config_.qps > 0);
  KCSIM_ASSERT(config_.max_in_flight > 0);
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

void EtcdClient::on_crash() {
  in_flight_gauge_.add(-static_cast<double>(in_flight_.size()));
}

void EtcdClient::schedule_next() {
  const auto gap = static_cast<sim::Time>(sim::exponential(rng_, 1e9 / config_.qps));
  if (config_.mode == sim::LoadLoop::kClosed) {
    after(gap, kIssue, [this] {
      arrivals_.inc();
      issue();
    });
    return;
  }
  after(gap, kArrival, [this] { arrive(); });
}

void EtcdClient::arrive() {
  arrivals_.inc();
  if (in_flight_.size() >= config_.max_in_flight) {
    dropped_.inc();
  } else {
    issue();
  }
  schedule_next();
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
  const std::uint64_t request_id = op.request_id;
  KCSIM_ASSERT(config_.mode == sim::LoadLoop::kOpen || in_flight_.empty());
  in_flight_.emplace(request_id, std::move(op));
  issued_.inc();
  in_flight_gauge_.inc();
  send_attempt(request_id);
}

void EtcdClient::send_attempt(std::uint64_t request_id) {
  InFlight& op = in_flight_.at(request_id);
  ++op.attempts;
  const sim::ProcessId member = endpoints_[endpoint_];
  // A member whose process is down on a live host refuses the connection at once; a
  // host that is down answers nothing, and the attempt waits for its deadline.
  if (context().connection_refused(member)) {
    retry_elsewhere(request_id, FailureReason::kUnavailable);
    return;
  }
  context().send(kKvPort, member, request_size_bytes(op.request), kRequest,
                 ClientRequest{id(), op.request_id, op.request});
  op.deadline = after(config_.deadline, kClientDeadline, [this, request_id] {
    if (in_flight_.contains(request_id)) give_up(request_id, FailureReason::kTimeout);
  });
}

void EtcdClient::retry_elsewhere(std::uint64_t request_id, FailureReason refusal) {
  InFlight& op = in_flight_.at(request_id);
  cancel(op.deadline);
  endpoint_ = (endpoint_ + 1) % endpoints_.size();
  if (op.attempts >= kAttemptsMax) {
    count_failure(refusal);
    cluster_->history.fail(op.ticket);  // every attempt was refused before proposing
    release(request_id);
    return;
  }
  send_attempt(request_id);
}

void EtcdClient::give_up(std::uint64_t request_id, FailureReason reason) {
  // The request may have applied: it stays pending in the history, and it is not sent
  // again (a second copy could apply after other writes). The next request goes to
  // another endpoint.
  cancel(in_flight_.at(request_id).deadline);
  count_failure(reason);
  endpoint_ = (endpoint_ + 1) % endpoints_.size();
  release(request_id);
}

void EtcdClient::release(std::uint64_t request_id) {
  in_flight_.erase(request_id);
  in_flight_gauge_.dec();
  if (config_.mode == sim::LoadLoop::kClosed) schedule_next();
}

void EtcdClient::on_response(const ClientResponse& response) {
  const auto it = in_flight_.find(response.request_id);
  if (it == in_flight_.end()) return;  // a stale answer
  const std::uint64_t request_id = response.request_id;
  InFlight& op = it->second;
  // Refused before proposing, or a read cut short by a new leader: safe to retry.
  if (response.error == ClientError::kNoLeader || response.error == ClientError::kLeaderChanged) {
    retry_elsewhere(request_id, response.error == ClientError::kNoLeader
                                    ? FailureReason::kNoLeader
                                    : FailureReason::kLeaderChanged);
    return;
  }
  if (response.error == ClientError::kTimeout) {
    give_up(request_id, FailureReason::kTimeout);
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
  release(request_id);
}

}  // namespace kcsim::etcd
