// A synthetic etcd client: a process that sends puts and linearizable gets over a key
// space at a given rate. It records every request in the cluster's history for the
// linearizability checker, and its latency in etcd_request_duration_seconds.
//
// Two ways to send (ClientConfig::mode):
//  - closed loop (the default): one request in flight at a time, as clientv3 would with
//    one goroutine, and an exponential wait of mean 1 / qps before each request, so a
//    client sends at most qps per second, and fewer when the cluster is slow: raising
//    qps can never overload the cluster.
//  - open loop: requests arrive as a Poisson process at qps per second (exponential
//    inter-arrival times of mean 1 / qps from the client's own stream), whatever the
//    answers, as a load tool's constant-arrival-rate executor does (k6's
//    constant-arrival-rate; wrk2). A client holds at most `max_in_flight` requests; an
//    arrival past that bound is not sent and is counted as dropped (k6 counts it in
//    dropped_iterations), so the offered rate stays fixed and the achieved one shows how
//    much of it the cluster served.
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
//    "661 refused: no leader yet (boot)";
//  - etcd_client_arrivals_total: requests offered (open loop: every arrival; closed loop:
//    every request started), etcd_client_issued_total: those sent,
//    etcd_client_dropped_total{reason="max_in_flight"}: arrivals not sent because the
//    client held max_in_flight requests, etcd_client_in_flight: requests held now.
//    Offered rate = arrivals / time; achieved = acknowledged (the histogram's count) /
//    time; the run's digest says both (runner/load_rates.h).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "model/checker/history_recorder.h"
#include "model/etcd/member/cluster_state.h"
#include "model/etcd/member/wire.h"
#include "sim/load_loop.h"
#include "sim/process.h"
#include "sim/random.h"

namespace kcsim::etcd {

struct ClientConfig {
  sim::LoadLoop mode = sim::LoadLoop::kClosed;
  double qps = 10;  // requests per second (closed loop: at most this; open: arrivals)
  std::uint64_t max_in_flight = 64;  // open loop: requests held at most; later arrivals dropped
  std::uint64_t keys = 100;          // key space: /kcsim/key-0 .. key-(N-1)
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

// The offered load's series (see the header comment).
inline constexpr const char* kArrivalsSeries = "etcd_client_arrivals_total";
inline constexpr const char* kIssuedSeries = "etcd_client_issued_total";
inline constexpr const char* kInFlightSeries = "etcd_client_in_flight";
// "etcd_client_dropped_total{reason=\"max_in_flight\"}".
std::string dropped_series();

class EtcdClient final : public sim::Process {
 public:
  static constexpr int kAttemptsMax = 5;

  EtcdClient(sim::ProcessContext context, std::shared_ptr<ClusterState> cluster,
             ClientConfig config, std::int64_t client_id);
  void start() override;
  void on_crash() override;
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

  // Closed loop: a wait, then a request. Open loop: the next arrival.
  void schedule_next();
  void arrive();
  void issue();
  void send_attempt(std::uint64_t request_id);
  void retry_elsewhere(std::uint64_t request_id, FailureReason refusal);
  void give_up(std::uint64_t request_id, FailureReason reason);
  void count_failure(FailureReason reason);
  // The request is no longer held; a closed loop waits for its next one.
  void release(std::uint64_t request_id);

  std::shared_ptr<ClusterState> cluster_;
  ClientConfig config_;
  std::int64_t client_id_;
  sim::Rng rng_;
  std::vector<sim::ProcessId> endpoints_;  // the initial members (a static --endpoints)
  std::size_t endpoint_ = 0;
  std::uint64_t next_request_id_ = 1;
  std::uint64_t writes_ = 0;
  std::map<std::uint64_t, InFlight> in_flight_;  // by request id; at most one when closed
  sim::Histogram& get_seconds_;
  sim::Histogram& put_seconds_;
  sim::Counter& arrivals_;
  sim::Counter& issued_;
  sim::Counter& dropped_;
  sim::Gauge& in_flight_gauge_;
};

}  // namespace kcsim::etcd
