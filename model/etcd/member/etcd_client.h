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
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
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
  void retry_elsewhere();
  void give_up();
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
};

}  // namespace kcsim::etcd
