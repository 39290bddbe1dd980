// Offered against achieved load, as a load tool's summary reports it (k6's iterations
// and dropped_iterations, wrk2's requests/sec): one digest line for any synthetic load,
// the etcd clients' (etcd_client.h) and the API clients' (loadgen/group.h) alike.
//
// Contract:
//  - Counts are over the whole run; rates are counts per second of `elapsed`.
//  - offered = sent + dropped: an open loop's arrivals, a closed loop's requests
//    started (dropped is then 0). Of those sent, `acknowledged` were answered with
//    success, `failed` ended in an error; the rest were still in flight at the end.
//  - The text is a function of its inputs (the same run, the same line).
#pragma once

#include <cstdint>
#include <string>

#include "sim/load_loop.h"
#include "sim/time.h"

namespace kcsim::runner {

struct LoadTotals {
  sim::LoadLoop loop = sim::LoadLoop::kClosed;
  double offered = 0;
  double dropped = 0;  // at the clients' in-flight bound
  double acknowledged = 0;
  double failed = 0;
  std::uint64_t in_flight_bound = 0;  // per client, open loop
  // The rate asked for, in all: open loop, the arrival rate; closed loop, the most the
  // clients can send (each at most its rate).
  double rate_per_second = 0;
};

// "open loop at 1000/s: offered 998/s, sent 988/s (600 dropped at the bound of 64 in
// flight per client), acknowledged 900/s, failed 30/s, 12 in flight at the end";
// "closed loop at most 80/s: offered 62.7/s, ..."; "" when nothing was offered.
std::string load_rates_line(const LoadTotals& totals, sim::Time elapsed);

}  // namespace kcsim::runner
