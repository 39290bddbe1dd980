// A seeded nemesis for etcd: a random schedule of faults, written out as a scenario.
//
// Contract:
//  - `nemesis_scenario_yaml(options)` is a pure function of its options: the same seed
//    gives the same text. The text is the log of the faults, up front, and a scenario
//    file that `kcsim run` replays exactly.
//  - Faults fall in [1s, fault_window): member crashes, partitions (both ways and one
//    way), slow and stalled disks, extra latency and loss between members, each lasting
//    0.5s..5s and undone before fault_window. At fault_window a final `heal: all` named
//    "heal" ends every network fault.
//  - Its checks: Raft's safety throughout, no acknowledged write lost (linearizability
//    of the clients' history), and liveness after the heal: a leader within 4.1s (one
//    split vote allowed, see etcd-leader-crash.yaml) and an acknowledged write within
//    6s (a client stuck on a request lost before the heal waits out its 5s deadline).
#pragma once

#include <cstdint>
#include <string>

#include "sim/time.h"

namespace kcsim::runner {

struct NemesisOptions {
  std::uint64_t seed = 1;
  std::uint64_t members = 3;
  std::uint64_t faults = 6;
  sim::Time fault_window = 20 * sim::kSecond;
  sim::Time settle = 10 * sim::kSecond;  // after the heal, for liveness
  std::uint64_t clients = 3;
  double qps = 20;
  // etcd's --snapshot-count and --snapshot-catchup-entries; 0 keeps etcd's defaults.
  // Small values make members snapshot and compact often, so that members behind the
  // leader's log (crashed, cut off) catch up through snapshots.
  std::uint64_t snapshot_count = 0;
  std::uint64_t snapshot_catch_up_entries = 0;
};

std::string nemesis_scenario_yaml(const NemesisOptions& options);

}  // namespace kcsim::runner
