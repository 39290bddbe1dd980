// Scenario: a scenario file as plain values, after the strict parse (load.h).
//
// Contract:
//  - Every field holds its real default unless the file sets it; the comment names the
//    source of the default (the flag of the real component where there is one).
//  - Every value has been range-checked and every cross-reference resolved: a runner can
//    use a Scenario without validating it again, except for metric names in checks, which
//    only the runner knows (see CheckSpec, names()).
//  - Optional components (`ping_mesh`, `etcd`) are absent unless the file has their section.
//  - The file's schema, with an example per feature, is documented in scenarios/README.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/scenario/check_spec.h"
#include "model/scenario/dist_spec.h"
#include "model/scenario/timeline.h"
#include "sim/time.h"

namespace kcsim::scenario {

inline constexpr std::uint64_t kZonesMax = 26;  // zone-a .. zone-z
inline constexpr std::size_t kTimelineEntriesMax = 10'000;
inline constexpr std::size_t kChecksMax = 1'000;
inline constexpr std::uint64_t kEvaluationsMax = 10'000'000;  // duration / interval bound

struct Metadata {
  std::string name;  // DNS-1123 label: [a-z0-9]([-a-z0-9]*[a-z0-9])?, at most 63 characters
  std::string description;
};

struct NetworkSpec {
  std::uint64_t zones = 3;  // zone-a, zone-b, ...; hosts are spread over them round-robin
  DistSpec intra_zone_latency =
      DistSpec::lognormal(250.0 * sim::kMicrosecond, 1.0 * sim::kMillisecond);
  DistSpec inter_zone_latency =
      DistSpec::lognormal(1.0 * sim::kMillisecond, 4.0 * sim::kMillisecond);
  double loss = 0;                                  // drop probability per message
  std::uint64_t bandwidth_bps = 10'000'000'000ULL;  // per link, 10Gbps
};

// A probe of the network alone: hosts ping-0..N-1, each pinging every other.
struct PingMeshSpec {
  std::uint64_t hosts = 4;  // 2..kPingHostsMax
  sim::Time interval = 500 * sim::kMillisecond;
  std::uint64_t payload_bytes = 64;
};
inline constexpr std::uint64_t kPingHostsMax = 1'000;

// Synthetic key-value load sent straight to etcd.
struct EtcdClientsSpec {
  std::uint64_t count = 0;          // clients
  double qps = 0;                   // requests per second, per client
  std::uint64_t keys = 100;         // size of the key space, >= 1
  std::uint64_t value_bytes = 256;  // <= max_request_bytes
  double read_fraction = 0.5;       // share of requests that are reads, in [0, 1]
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

// Member names etcd-0..N-1, one per host of the same name.
struct EtcdSpec {
  std::uint64_t members = 3;  // 1..9 (even sizes allowed, for teaching)
  sim::Time heartbeat_interval = 100 * sim::kMillisecond;  // --heartbeat-interval
  sim::Time election_timeout = 1000 * sim::kMillisecond;   // --election-timeout, >= 5 heartbeats
  std::uint64_t snapshot_count = 100'000;                  // --snapshot-count (etcd >= 3.2)
  std::uint64_t snapshot_catch_up_entries = 5'000;         // --snapshot-catchup-entries
  std::uint64_t quota_backend_bytes = 2ULL << 30;          // --quota-backend-bytes, 2GiB
  std::uint64_t max_request_bytes = 1'572'864;             // --max-request-bytes, 1.5MiB
  std::uint64_t cpus = 2;                                  // cores per member
  DistSpec wal_fsync = DistSpec::lognormal(2.0 * sim::kMillisecond, 10.0 * sim::kMillisecond);
  DistSpec backend_commit = DistSpec::lognormal(5.0 * sim::kMillisecond, 25.0 * sim::kMillisecond);
  // CPU time of a client request at the member serving it (estimates: etcd_config.h).
  DistSpec write_cpu = DistSpec::lognormal(150.0 * sim::kMicrosecond, 400.0 * sim::kMicrosecond);
  DistSpec read_cpu = DistSpec::lognormal(50.0 * sim::kMicrosecond, 150.0 * sim::kMicrosecond);
  bool pre_vote = true;               // --pre-vote (default true since etcd 3.5)
  bool strict_reconfig_check = true;  // --strict-reconfig-check
  std::uint64_t max_learners = 1;     // --max-learners
  EtcdClientsSpec clients;
  EtcdWatchersSpec watchers;
  EtcdCompactorsSpec compactors;
  EtcdLeasesSpec leases;
};
inline constexpr std::uint64_t kEtcdMembersMax = 9;

struct ClusterSpec {
  std::optional<PingMeshSpec> ping_mesh;
  std::optional<EtcdSpec> etcd;
};

struct Spec {
  std::uint64_t seed = 1;
  sim::Time duration = 0;  // required, > 0
  sim::Time check_interval = 100 * sim::kMillisecond;
  sim::Time metrics_interval = 1 * sim::kSecond;
  NetworkSpec network;
  ClusterSpec cluster;
  std::vector<TimelineEntry> timeline;
  std::vector<CheckSpec> checks;
};

struct Scenario {
  std::string file;  // as given to the loader, for messages
  std::string api_version = "kcsim/v1";
  std::string kind = "Scenario";
  Metadata metadata;
  Spec spec;
};

}  // namespace kcsim::scenario
