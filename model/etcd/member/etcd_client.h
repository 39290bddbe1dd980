// A synthetic etcd client: a process that sends puts and linearizable gets over a key
// space at a given rate, one request in flight at a time, as clientv3 would with one
// goroutine. It records every request in the cluster's history for the
// linearizability checker, and its latency in etcd_request_duration_seconds.
//
// Failover: the client talks to one endpoint. On a refused connection (the member's
// process is down on a live host; a dead host refuses nothing, so the attempt waits for
// its deadline), a "no leader" answer or a read's "leader changed", the request was
// certainly not proposed (or is a read): it moves to the next endpoint and retries
// there, up to kAttemptsMax attempts. On
// "request timed out" or no answer within its own deadline, the request may have
// applied: it gives up on it (it stays pending in the history, which is what the
// checker needs; sending it again could apply it twice) and moves to the next endpoint.
//
// Metrics beside the cluster's etcd_request_duration_seconds (every acknowledged request)
// and etcd_client_requests_failed_total (every failed one):
//  - etcd_client_request_duration_seconds{operation="get"|"put"}: the same latencies split
//    by operation, reads and writes apart, as kube-apiserver's
//    etcd_request_duration_seconds{operation} splits them (staging/src/k8s.io/apiserver/
//    pkg/storage/etcd3/metrics/metrics.go);
//  - etcd_client_request_failures_total{reason}: each failed request once, by why
//    (FailureReason; failure_reason_text() says it in words), so that "661 failed" reads
//    "661 refused: no leader yet (boot)".
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/checker/history_recorder.h"
#include "model/etcd/member/cluster_state.h"
#include "model/etcd/member/wire.h"
#include "sim/process.h"
#include "sim/random.h"

namespace kcsim::etcd {

struct ClientConfig {
  double qps = 10;           // requests per second (closed loop: at most this)
  std::uint64_t keys = 100;  // key space: /kcsim/key-0 .. key-(N-1)
  std::uint64_t value_bytes = 256;
  double read_fraction = 0.5;
  sim::Time deadline = 5 * sim::kSecond;  // per attempt (etcdctl's --command-timeout)
};

// Why a request failed: the last refusal when every attempt was refused, else the answer.
enum class FailureReason : std::uint8_t {
  kNoLeaderBoot,   // refused: no leader yet, before the cluster's first election
  kNoLeader,       // refused: no leader (an election under way)
  kUnavailable,    // refused: connection refused (the member's process is down)
  kLeaderChanged,  // a read cut short by a new leader, at every attempt
  kTimeout,        // timed out (the server's or the client's deadline): may have applied
  kRejected,       // refused by the store (no space, too large, ...)
};
inline constexpr FailureReason kFailureReasons[] = {
    FailureReason::kNoLeaderBoot,  FailureReason::kNoLeader, FailureReason::kUnavailable,
    FailureReason::kLeaderChanged, FailureReason::kTimeout,  FailureReason::kRejected};

// The label value ("no_leader_boot") and the words ("refused: no leader yet (boot)").
const char* failure_reason_label(FailureReason reason);
const char* failure_reason_text(FailureReason reason);
// "etcd_client_request_failures_total{reason=\"no_leader_boot\"}".
std::string failure_series(FailureReason reason);

class EtcdClient final : public sim::Process {
 public:
  static constexpr int kAttemptsMax = 5;

  EtcdClient(sim::ProcessContext context, std::shared_ptr<ClusterState> cluster,
             ClientConfig config, std::int64_t client_id);
  void start() override;
  void on_response(const ClientResponse& response);

 private:
  struct InFlight {
    std::uint64_t request_id = 0;
    mvcc::Request request;
    checker::HistoryRecorder::Ticket ticket = 0;
    sim::Time started = 0;
    int attempts = 0;
    sim::TimerId deadline;
    bool is_put = false;
    std::string key;
  };

  void issue();
  void send_attempt();
  void retry_elsewhere(FailureReason refusal);
  void give_up(FailureReason reason);
  void count_failure(FailureReason reason);
  void finish();
  void schedule_next();

  std::shared_ptr<ClusterState> cluster_;
  ClientConfig config_;
  std::int64_t client_id_;
  sim::Rng rng_;
  std::vector<sim::ProcessId> endpoints_;  // the initial members (a static --endpoints)
  std::size_t endpoint_ = 0;
  std::uint64_t next_request_id_ = 1;
  std::uint64_t writes_ = 0;
  std::optional<InFlight> in_flight_;
  sim::Histogram& get_seconds_;
  sim::Histogram& put_seconds_;
};

}  // namespace kcsim::etcd
