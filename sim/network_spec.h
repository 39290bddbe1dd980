// What the network is made of: the latency, loss and bandwidth of its two kinds of path.
//
// Contract: the latencies and the loss are end to end, per message: `intra_zone` between
// two hosts of one zone, `inter_zone` between two hosts of different zones (drawn once,
// instead of the intra-zone values, not on top of them). The bandwidth is per link and
// direction (a host's uplink to its zone switch, the link between two zone switches).
#pragma once

#include "sim/distributions.h"
#include "sim/time.h"

namespace kcsim::sim {

struct LinkSpec {
  Distribution latency = Distribution::lognormal(250 * kMicrosecond, 1 * kMillisecond);
  double loss = 0;                     // probability that a message on the path is lost
  double bandwidth_bits_per_s = 10e9;  // 10 Gbps, per link and direction
};

struct NetworkSpec {
  LinkSpec intra_zone{Distribution::lognormal(250 * kMicrosecond, 1 * kMillisecond), 0, 10e9};
  LinkSpec inter_zone{Distribution::lognormal(1 * kMillisecond, 4 * kMillisecond), 0, 10e9};
};

}  // namespace kcsim::sim
