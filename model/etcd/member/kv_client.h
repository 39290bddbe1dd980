// A request-response etcd client for processes built on etcd: the API server's
// compactor and lease keepers now, its storage layer later. It follows clientv3's
// unary calls: the grpc round-robin balancer and the retry interceptor.
//
// Contract:
//  - `call(request, timeout, done)` sends `request` and calls `done(error, response)`
//    exactly once, unless the owner's incarnation ends first (its timers and messages
//    end with it). `timeout` is the caller's context deadline over every attempt:
//    when it passes, done(kClientTimeout).
//  - Each attempt goes to the next endpoint in turn (round robin), skipping members
//    whose process is down on a live host: their connection is refused, which grpc
//    sees at once. A dead host refuses nothing: a call sent there waits for its
//    deadline (grpc's keep-alive would find it after 30s + 10s; see watch_stream.h).
//  - Retries follow clientv3's retry policy. Repeatable requests (Range, LeaseGrant,
//    LeaseRevoke) are sent again, on the next endpoint, after "no
//    leader", "leader changed" and "request timed out" (gRPC's Unavailable), 25ms
//    later (clientv3's backoff between retries). Other requests (Put, DeleteRange,
//    Txn, Compaction) are not: they may have been proposed, and their error goes to
//    the caller.
//  - The owner hands every ClientResponse it receives (on kResponsePort) to `on_response`.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <vector>

#include "model/etcd/member/wire.h"
#include "sim/process.h"

namespace kcsim::etcd {

class KvClient {
 public:
  using Done = std::function<void(ClientError, const mvcc::Response&)>;

  static constexpr sim::Time kRetryBackoff = 25 * sim::kMillisecond;

  // `first` picks the first endpoint (clients spread over the members).
  KvClient(sim::ProcessContext& owner, std::vector<sim::ProcessId> endpoints, std::size_t first);

  void call(mvcc::Request request, sim::Time timeout, Done done);
  // False when `response` answers no call of this client (a stale answer).
  bool on_response(const ClientResponse& response);

  std::size_t in_flight() const { return calls_.size(); }

 private:
  struct Call {
    mvcc::Request request;
    Done done;
    sim::Time deadline = 0;
    sim::TimerId timer;
  };

  void attempt(std::uint64_t call_id);
  void finish(std::uint64_t call_id, ClientError error, const mvcc::Response& response);
  sim::ProcessId next_endpoint();
  static bool repeatable(const mvcc::Request& request);

  sim::ProcessContext& owner_;
  std::vector<sim::ProcessId> endpoints_;
  std::size_t next_ = 0;
  std::uint64_t next_id_ = 1;
  std::map<std::uint64_t, Call> calls_;  // by call id
  // The request id of each call's latest attempt: answers to earlier ones are stale.
  std::map<std::uint64_t, std::uint64_t> attempt_of_;  // request id -> call id
};

}  // namespace kcsim::etcd
