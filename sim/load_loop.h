// How a synthetic load paces its requests: the one type for every load generator in the
// model (the etcd clients, etcd_client.h; the API client groups, loadgen/load_client.h)
// and for the digest line that reports them (runner/load_rates.h).
//
//  - closed loop: a client sends its next request only after the answer to the last one
//    (and a think time), so a slow server slows the clients: the offered rate adapts.
//  - open loop: requests arrive at a fixed rate whatever the answers (k6's
//    constant-arrival-rate executor, wrk2), so the offered rate stays fixed and a slow
//    server builds a backlog (bounded per client; arrivals past it are dropped and counted).
//
// The scenario key that chooses it, `mode: open|closed`, is read by one function
// (runner/load_loop_key.h), so every load says the same thing about a bad value.
#pragma once

#include <cstdint>
#include <string_view>

namespace kcsim::sim {

enum class LoadLoop : std::uint8_t { kClosed, kOpen };

// "closed" or "open": the value of the scenario key.
constexpr std::string_view load_loop_name(LoadLoop loop) {
  return loop == LoadLoop::kOpen ? "open" : "closed";
}

}  // namespace kcsim::sim
