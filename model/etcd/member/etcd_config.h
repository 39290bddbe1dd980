// The flags of an etcd member that the model uses, with etcd v3.6's defaults under the
// real flag names (etcd/server/config, etcdmain/config.go).
#pragma once

#include <cstdint>

#include "sim/distributions.h"
#include "sim/time.h"

namespace kcsim::etcd {

// A lognormal default as (median, p99) in nanoseconds: written once here, and built both
// as the model's sim::Distribution (EtcdConfig) and as the scenario's DistSpec
// (model/etcd/component/etcd_spec.h).
struct LognormalDefault {
  double median;
  double p99;
  sim::Distribution distribution() const { return sim::Distribution::lognormal(median, p99); }
};
inline constexpr LognormalDefault kWalFsyncDefault{2.0 * sim::kMillisecond,
                                                   10.0 * sim::kMillisecond};
inline constexpr LognormalDefault kBackendCommitDefault{5.0 * sim::kMillisecond,
                                                        25.0 * sim::kMillisecond};
// CPU costs: estimates and their source in EtcdConfig below.
inline constexpr LognormalDefault kWriteCpuDefault{27.0 * sim::kMicrosecond,
                                                   70.0 * sim::kMicrosecond};
inline constexpr LognormalDefault kApplyCpuDefault{110.0 * sim::kMicrosecond,
                                                   300.0 * sim::kMicrosecond};
inline constexpr LognormalDefault kReplicateCpuDefault{14.0 * sim::kMicrosecond,
                                                       35.0 * sim::kMicrosecond};
inline constexpr LognormalDefault kReadCpuDefault{50.0 * sim::kMicrosecond,
                                                  150.0 * sim::kMicrosecond};

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
  sim::Distribution wal_fsync = kWalFsyncDefault.distribution();
  // The backend (bbolt) commits its batch every --backend-batch-interval or after
  // --backend-batch-limit writes; each commit syncs the disk the WAL shares.
  sim::Distribution backend_commit = kBackendCommitDefault.distribution();
  sim::Time backend_batch_interval = 100 * sim::kMillisecond;  // --backend-batch-interval
  std::uint64_t backend_batch_limit = 10'000;                  // --backend-batch-limit
  // Cores per member (GOMAXPROCS), and the CPU time of a request where etcd pays it:
  //  - write_cpu: at the member serving the client (gRPC decode and encode, the proposal
  //    or its forwarding to the leader);
  //  - apply_cpu: at every member, for every write entry it applies (the MVCC put, the
  //    index, the backend batch), whichever member served the client;
  //  - replicate_cpu: at the leader, for every entry it sends to each follower (encoding
  //    and sending MsgApp);
  //  - read_cpu: at the member serving a linearizable read.
  // Estimates from etcd's published benchmark (etcd.io docs, op-guide/performance, 3
  // members of 8 vCPUs, 1,000 clients writing 256-byte values): 44,341 writes/s with
  // every client on the leader, 50,104 with clients spread over the members, so 8 cores
  // over those rates: 180us of leader CPU per write in the first case and 160us in the
  // second. The difference is the two thirds of the serving cost the leader sheds: a
  // write's serving cost is 30us, and apply + 2 x replicate is 150us. The split between
  // apply and replication is not published: taking replication at 15us per follower
  // (a tenth of the rest) leaves 120us for apply. Reads: 141,578 linearizable reads/s on
  // the same cluster, about 57us each. The lognormals' medians are set so that their
  // means are these figures (mean = median x exp(sigma^2 / 2)).
  std::uint32_t cpus = 2;
  sim::Distribution write_cpu = kWriteCpuDefault.distribution();
  sim::Distribution apply_cpu = kApplyCpuDefault.distribution();
  sim::Distribution replicate_cpu = kReplicateCpuDefault.distribution();
  sim::Distribution read_cpu = kReadCpuDefault.distribution();

  // How long a peer must have been connected to count as healthy for a membership
  // change (etcdserver's HealthInterval).
  static constexpr sim::Time kHealthInterval = 5 * sim::kSecond;
  // A learner is ready to be promoted when its match index is at least this fraction of
  // the leader's (etcdserver's readyPercentThreshold).
  static constexpr double kLearnerReadyFraction = 0.9;

  // Experiments beyond etcd's flags (spec.cluster.etcd.experiments, scenarios/README.md).
  // Their defaults are etcd's behaviour: one Raft tick per heartbeat interval, the
  // randomized election timeout drawn in [T, 2T) whole ticks, check-quorum on
  // (etcd server/etcdserver/raft.go sets CheckQuorum: true).
  sim::Time tick = 0;                             // 0: the heartbeat interval
  sim::Time randomized_election_timeout_min = 0;  // 0 (both): [election_timeout, 2x)
  sim::Time randomized_election_timeout_max = 0;  // exclusive
  bool check_quorum = true;

  // etcd's request timeout: 5s + 2 x election timeout (ServerConfig.ReqTimeout).
  sim::Time request_timeout() const { return 5 * sim::kSecond + 2 * election_timeout; }
  sim::Time tick_interval() const { return tick > 0 ? tick : heartbeat_interval; }
  int election_ticks() const { return static_cast<int>(election_timeout / tick_interval()); }
  int heartbeat_ticks() const { return static_cast<int>(heartbeat_interval / tick_interval()); }
  int election_min_ticks() const {
    return static_cast<int>(randomized_election_timeout_min / tick_interval());
  }
  int election_max_ticks() const {
    return static_cast<int>(randomized_election_timeout_max / tick_interval());
  }
};

}  // namespace kcsim::etcd
