// Scenario: a scenario file as plain values, after the strict parse (load.h).
//
// Contract:
//  - Every field holds its real default unless the file sets it; the comment names the
//    source of the default (the flag of the real component where there is one).
//  - Every value has been range-checked and every cross-reference resolved: a runner can
//    use a Scenario without validating it again, except for metric names in checks, which
//    only the runner knows (see CheckSpec, names()).
//  - Components are absent unless the file has their section under spec.cluster; each
//    component declares its settings (defaults, schema) in its own folder (component.h).
//  - The file's schema, with an example per feature, is documented in scenarios/README.md.
#pragma once

#include <any>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/etcd/component/etcd_spec.h"
#include "model/netprobe/ping_mesh_spec.h"
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

// The built-in components' settings, declared with their components (kept here as
// typed members of ClusterSpec, which code and tests predating the registry read).
using PingMeshSpec = netprobe::PingMeshSpec;
using EtcdSpec = etcd::EtcdSpec;
using EtcdClientsSpec = etcd::EtcdClientsSpec;
using EtcdWatchersSpec = etcd::EtcdWatchersSpec;
using EtcdCompactorsSpec = etcd::EtcdCompactorsSpec;
using EtcdLeasesSpec = etcd::EtcdLeasesSpec;
using etcd::kEtcdMembersMax;
using netprobe::kPingHostsMax;

// Each component's settings, filled by its parse (component.h) when the file has its key
// under spec.cluster: the built-in ones in their typed members, others by key in
// `components` (a std::any holding the component's settings struct).
struct ClusterSpec {
  std::optional<PingMeshSpec> ping_mesh;
  std::optional<EtcdSpec> etcd;
  std::map<std::string, std::any, std::less<>> components;
};

// A process's local clock (sim::ClockSpec): it reads offset + t x (1 + driftPpm / 1e6)
// at true time t, and its timers count local time. Default: exact.
struct ClockEntry {
  std::string process;   // a process the cluster names
  sim::Time offset = 0;  // >= 0
  double drift_ppm = 0;  // in [-kClockDriftPpmMax, kClockDriftPpmMax]
};
inline constexpr double kClockDriftPpmMax = 10'000;  // 1%: far past any real quartz
inline constexpr std::size_t kClocksMax = 10'000;

// A metric series (`etcd_server_is_leader{member="etcd-0"}`) or family (`ping_rtt_seconds`)
// whose own values metrics.csv records, beside the family aggregates it always has
// (sim/metrics.h). Names are checked against the run's metrics before it starts.
struct KeptSeries {
  std::string name;
  SourcePos pos;
  std::string key_path;  // "spec.keepSeries[2]"
};
inline constexpr std::size_t kKeptSeriesMax = 10'000;

struct Spec {
  std::uint64_t seed = 1;
  sim::Time duration = 0;  // required, > 0
  sim::Time check_interval = 100 * sim::kMillisecond;
  sim::Time metrics_interval = 1 * sim::kSecond;
  // Histogram statistics in checks count only samples recorded from this time on (boot
  // stays out of a latency check); 0: from the start. runner/histogram_windows.h.
  sim::Time warm_up = 0;
  NetworkSpec network;
  ClusterSpec cluster;
  std::vector<TimelineEntry> timeline;
  std::vector<CheckSpec> checks;
  std::vector<ClockEntry> clocks;
  std::vector<KeptSeries> keep_series;
};

struct Scenario {
  std::string file;  // as given to the loader, for messages
  std::string api_version = "kcsim/v1";
  std::string kind = "Scenario";
  Metadata metadata;
  Spec spec;
};

}  // namespace kcsim::scenario
