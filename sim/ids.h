// Identifiers of the things a run owns. Plain integers, dense from 0, assigned in
// creation order, so that iterating over them is deterministic.
#pragma once

#include <cstdint>

namespace kcsim::sim {

using ProcessId = std::uint32_t;
using HostId = std::uint32_t;
inline constexpr ProcessId kNoProcess = UINT32_MAX;
inline constexpr HostId kNoHost = UINT32_MAX;
// A long-lived connection between two processes (sim/network.h), from 1.
using StreamId = std::uint64_t;
inline constexpr StreamId kNoStream = 0;

}  // namespace kcsim::sim
