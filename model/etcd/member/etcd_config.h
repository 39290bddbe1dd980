// The flags of an etcd member that the model uses, with etcd v3.6's defaults under the
// real flag names (etcd/server/config, etcdmain/config.go).
#pragma once

#include <cstdint>

#include "sim/distributions.h"
#include "sim/time.h"

namespace kcsim::etcd {

struct EtcdConfig {
  sim::Time heartbeat_interval = 100 * sim::kMillisecond;  // --heartbeat-interval
  sim::Time election_timeout = 1000 * sim::kMillisecond;   // --election-timeout
  std::uint64_t snapshot_count = 100'000;                  // --snapshot-count
  std::uint64_t snapshot_catch_up_entries = 5'000;         // --snapshot-catchup-entries
  std::uint64_t quota_backend_bytes = 2ULL << 30;          // --quota-backend-bytes
  std::uint64_t max_request_bytes = 1'572'864;             // --max-request-bytes
  bool pre_vote = true;                                    // --pre-vote
  bool strict_reconfig_check = true;                       // --strict-reconfig-check
  std::size_t max_learners = 1;                            // --max-learners
  sim::Distribution wal_fsync =
      sim::Distribution::lognormal(2.0 * sim::kMillisecond, 10.0 * sim::kMillisecond);
  // The backend (bbolt) commits its batch every --backend-batch-interval or after
  // --backend-batch-limit writes; each commit syncs the disk the WAL shares.
  sim::Distribution backend_commit =
      sim::Distribution::lognormal(5.0 * sim::kMillisecond, 25.0 * sim::kMillisecond);
  sim::Time backend_batch_interval = 100 * sim::kMillisecond;  // --backend-batch-interval
  std::uint64_t backend_batch_limit = 10'000;                  // --backend-batch-limit
  // Cores per member (GOMAXPROCS), and the CPU time a client request costs the member
  // that serves it (gRPC, proposing or ReadIndex, applying, answering). Estimates from
  // etcd's published benchmark (docs: op-guide/performance, 8 vCPUs): about 50,000
  // writes/s and 140,000 linearizable reads/s at saturation, so about 160us a write and
  // 57us a read on 8 cores; the model takes 150us and 50us as medians.
  std::uint32_t cpus = 2;
  sim::Distribution write_cpu =
      sim::Distribution::lognormal(150.0 * sim::kMicrosecond, 400.0 * sim::kMicrosecond);
  sim::Distribution read_cpu =
      sim::Distribution::lognormal(50.0 * sim::kMicrosecond, 150.0 * sim::kMicrosecond);

  // How long a peer must have been connected to count as healthy for a membership
  // change (etcdserver's HealthInterval).
  static constexpr sim::Time kHealthInterval = 5 * sim::kSecond;
  // A learner is ready to be promoted when its match index is at least this fraction of
  // the leader's (etcdserver's readyPercentThreshold).
  static constexpr double kLearnerReadyFraction = 0.9;

  // etcd's request timeout: 5s + 2 x election timeout (ServerConfig.ReqTimeout).
  sim::Time request_timeout() const { return 5 * sim::kSecond + 2 * election_timeout; }
  int election_ticks() const { return static_cast<int>(election_timeout / heartbeat_interval); }
};

}  // namespace kcsim::etcd
