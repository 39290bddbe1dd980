// The hash of a flow, the entropy of its shuffle-sharding hand.
//
// Source: hashFlowID in staging/src/k8s.io/apiserver/pkg/util/flowcontrol/apf_controller.go:
// SHA-256 of (flow schema name, a zero byte, flow distinguisher), of which the first 8
// bytes are read as a little-endian uint64. The same flow gets the same hand on every
// replica and in every run, as in the real server.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace kcsim::flowcontrol {

// FIPS 180-4 SHA-256 of `data`.
std::array<std::uint8_t, 32> sha256(std::string_view data);

std::uint64_t hash_flow_id(std::string_view flow_schema, std::string_view distinguisher);

}  // namespace kcsim::flowcontrol
