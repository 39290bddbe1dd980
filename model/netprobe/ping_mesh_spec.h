// PingMeshSpec: spec.cluster.pingMesh, a probe of the network alone: hosts
// ping-0..N-1, each pinging every other (ping_mesh.h).
#pragma once

#include <cstdint>

#include "sim/time.h"

namespace kcsim::netprobe {

inline constexpr std::uint64_t kPingHostsMax = 1'000;

struct PingMeshSpec {
  std::uint64_t hosts = 4;  // 2..kPingHostsMax
  sim::Time interval = 500 * sim::kMillisecond;
  std::uint64_t payload_bytes = 64;
};

}  // namespace kcsim::netprobe
