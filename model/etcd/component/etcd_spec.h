// EtcdSpec: spec.cluster.etcd, the settings of an etcd cluster as a scenario gives them.
//
// Contract:
//  - Each member's default is written once: the flags take etcd's own defaults from
//    EtcdConfig (etcd_config.h, which names etcd's source); the synthetic clients,
//    watchers, compactors and lease keepers are the scenario's and default here.
//  - The schema that reads it (etcd_schema.h) holds the ranges and the rules.
//  - Member names are etcd-0..N-1, one per host of the same name.
#pragma once

#include <cstdint>

#include "model/etcd/member/etcd_client.h"
#include "model/etcd/member/etcd_config.h"
#include "model/scenario/dist_spec.h"
#include "sim/time.h"

namespace kcsim::etcd {

inline constexpr std::uint64_t kEtcdMembersMax = 9;

inline scenario::DistSpec lognormal_spec(const LognormalDefault& d) {
  return scenario::DistSpec::lognormal(d.median, d.p99);
}

// Synthetic key-value load sent straight to etcd (client-0..N-1, when qps > 0).
// mode closed (the default): one request at a time per client, an exponential wait of
// mean 1 / qps before each (at most qps per client). mode open: Poisson arrivals at qps
// per client whatever the answers, at most maxInFlight held per client; an arrival past
// the bound is dropped and counted (etcd_client.h).
struct EtcdClientsSpec {
  std::uint64_t count = 0;  // clients
  sim::LoadLoop mode = sim::LoadLoop::kClosed;
  double qps = 0;                                              // requests per second, per client
  std::uint64_t max_in_flight = ClientConfig{}.max_in_flight;  // per client, open loop
  std::uint64_t keys = 100;                                    // size of the key space, >= 1
  std::uint64_t value_bytes = 256;                             // <= max_request_bytes
  double read_fraction = 0.5;  // share of requests that are reads, in [0, 1]
};

// Synthetic watchers of the clients' key space (watcher-0..N-1), as kube-apiserver
// watches etcd: require-leader streams, gRPC keep-alive.
struct EtcdWatchersSpec {
  std::uint64_t count = 0;
  bool require_leader = true;                       // clientv3.WithRequireLeader
  sim::Time keepalive_time = 30 * sim::kSecond;     // kube-apiserver's keepaliveTime
  sim::Time keepalive_timeout = 10 * sim::kSecond;  // kube-apiserver's keepaliveTimeout
};

// kube-apiserver's etcd compactors (compactor-0..N-1): one per API server, each
// compacting every --etcd-compaction-interval; they agree through compact_rev_key.
struct EtcdCompactorsSpec {
  std::uint64_t count = 0;
  sim::Time interval = 5 * sim::kMinute;  // --etcd-compaction-interval
};

// Lease keepers (lease-0..N-1): each holds a lease of `ttl` with /kcsim/lease-N
// attached and keeps it alive as clientv3 does.
struct EtcdLeasesSpec {
  std::uint64_t count = 0;
  sim::Time ttl = 15 * sim::kSecond;             // whole seconds, as etcd's lease TTLs
  sim::Time keepalive_time = 30 * sim::kSecond;  // gRPC keep-alive, as the watchers'
  sim::Time keepalive_timeout = 10 * sim::kSecond;
};

// --- Experiments beyond etcd's flags (spec.cluster.etcd.experiments) --------------
// Raft's own knobs that etcd fixes, for teaching and for reproducing the Raft paper's
// experiments (Ongaro & Ousterhout 2014, figure 16). The defaults are etcd's: one tick
// per heartbeat interval, the randomized election timeout in [electionTimeout,
// 2 x electionTimeout) whole ticks (etcd-io/raft raft.go resetRandomizedElectionTimeout),
// check-quorum on (etcd server/etcdserver/raft.go). A scenario that sets any of them
// no longer models a real etcd: scenarios/README.md says so.
struct EtcdRandomizedTimeoutSpec {
  sim::Time min = 0;  // 0 (both): etcd's [T, 2T)
  sim::Time max = 0;  // exclusive, as etcd's draw
};

struct EtcdExperimentsSpec {
  sim::Time tick = 0;  // 0: one tick per heartbeat interval (etcd)
  EtcdRandomizedTimeoutSpec randomized_election_timeout;
  bool check_quorum = true;
};
// --- end of the experiments -------------------------------------------------------

struct EtcdSpec {
  std::uint64_t members = 3;  // 1..9 (even sizes allowed, for teaching)
  sim::Time heartbeat_interval = EtcdConfig{}.heartbeat_interval;  // >= 1ms, whole ms
  sim::Time election_timeout = EtcdConfig{}.election_timeout;      // >= 5 heartbeats, <= 50s
  std::uint64_t snapshot_count = EtcdConfig{}.snapshot_count;
  std::uint64_t snapshot_catch_up_entries = EtcdConfig{}.snapshot_catch_up_entries;
  std::uint64_t quota_backend_bytes = EtcdConfig{}.quota_backend_bytes;
  std::uint64_t max_request_bytes = EtcdConfig{}.max_request_bytes;
  std::uint64_t cpus = EtcdConfig{}.cpus;  // cores per member
  // The distributions are scenario values (DistSpec), built from the defaults
  // etcd_config.h writes once (estimates and their sources there).
  scenario::DistSpec wal_fsync = lognormal_spec(kWalFsyncDefault);
  scenario::DistSpec backend_commit = lognormal_spec(kBackendCommitDefault);
  scenario::DistSpec write_cpu = lognormal_spec(kWriteCpuDefault);
  scenario::DistSpec apply_cpu = lognormal_spec(kApplyCpuDefault);
  scenario::DistSpec replicate_cpu = lognormal_spec(kReplicateCpuDefault);
  scenario::DistSpec read_cpu = lognormal_spec(kReadCpuDefault);
  bool pre_vote = EtcdConfig{}.pre_vote;
  bool strict_reconfig_check = EtcdConfig{}.strict_reconfig_check;
  std::uint64_t max_learners = EtcdConfig{}.max_learners;
  EtcdClientsSpec clients;
  EtcdWatchersSpec watchers;
  EtcdCompactorsSpec compactors;
  EtcdLeasesSpec leases;
  EtcdExperimentsSpec experiments;
};

}  // namespace kcsim::etcd
