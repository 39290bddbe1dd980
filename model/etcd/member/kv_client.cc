#include "model/etcd/member/kv_client.h"

#include <utility>

#include "model/etcd/member/proposal_table.h"

namespace kcsim::etcd {
namespace {

constexpr sim::Label kCallDeadline{"client.call_deadline"};
constexpr sim::Label kCallRetry{"client.call_retry"};
constexpr sim::Label kCallRequest{"client.request"};

bool unavailable(ClientError error) {
  return error == ClientError::kNoLeader || error == ClientError::kLeaderChanged ||
         error == ClientError::kTimeout;
}

}  // namespace

KvClient::KvClient(sim::ProcessContext& owner, std::vector<sim::ProcessId> endpoints,
                   std::size_t first)
    : owner_(owner), endpoints_(std::move(endpoints)), next_(first % endpoints_.size()) {}

void KvClient::call(mvcc::Request request, sim::Time timeout, Done done) {
  const std::uint64_t call_id = next_id_++;
  Call& call = calls_[call_id];
  call.request = std::move(request);
  call.done = std::move(done);
  call.deadline = owner_.now() + timeout;
  call.timer = owner_.after(timeout, kCallDeadline,
                            [this, call_id] { finish(call_id, ClientError::kClientTimeout, {}); });
  attempt(call_id);
}

bool KvClient::repeatable(const mvcc::Request& request) {
  return std::holds_alternative<mvcc::RangeRequest>(request) ||
         std::holds_alternative<mvcc::LeaseGrantRequest>(request) ||
         std::holds_alternative<mvcc::LeaseRevokeRequest>(request);
}

sim::ProcessId KvClient::next_endpoint() {
  for (std::size_t tried = 0; tried < endpoints_.size(); ++tried) {
    const sim::ProcessId member = endpoints_[next_];
    next_ = (next_ + 1) % endpoints_.size();
    if (!owner_.connection_refused(member)) return member;
  }
  return sim::kNoProcess;
}

void KvClient::attempt(std::uint64_t call_id) {
  auto it = calls_.find(call_id);
  if (it == calls_.end()) return;
  const sim::ProcessId member = next_endpoint();
  if (member == sim::kNoProcess) {
    // No connection is ready: grpc waits (WaitForReady) and tries again.
    owner_.after(kRetryBackoff, kCallRetry, [this, call_id] { attempt(call_id); });
    return;
  }
  const std::uint64_t request_id = next_id_++;
  attempt_of_[request_id] = call_id;
  const mvcc::Request& request = it->second.request;
  owner_.send(kKvPort, member, request_size_bytes(request), kCallRequest,
              ClientRequest{owner_.id(), request_id, request});
}

bool KvClient::on_response(const ClientResponse& response) {
  const auto attempt_it = attempt_of_.find(response.request_id);
  if (attempt_it == attempt_of_.end()) return false;
  const std::uint64_t call_id = attempt_it->second;
  attempt_of_.erase(attempt_it);
  const auto it = calls_.find(call_id);
  if (it == calls_.end()) return false;
  const bool retry = unavailable(response.error) && repeatable(it->second.request) &&
                     owner_.now() + kRetryBackoff < it->second.deadline;
  if (retry) {
    owner_.after(kRetryBackoff, kCallRetry, [this, call_id] { attempt(call_id); });
    return true;
  }
  finish(call_id, response.error, response.response);
  return true;
}

void KvClient::finish(std::uint64_t call_id, ClientError error, const mvcc::Response& response) {
  const auto it = calls_.find(call_id);
  if (it == calls_.end()) return;
  owner_.cancel(it->second.timer);
  Done done = std::move(it->second.done);
  calls_.erase(it);
  std::erase_if(attempt_of_, [call_id](const auto& entry) { return entry.second == call_id; });
  done(error, response);
}

}  // namespace kcsim::etcd
