// The scenario key `mode: open|closed` of a synthetic load (spec.cluster.etcd.clients,
// spec.cluster.apiClients.groups[]), read by one function for every load so that a bad
// value gets the same message wherever it is written (sim/load_loop.h says what the two
// loops are).
//
// Contract:
//  - read_load_loop() leaves `out` as it is when the key is absent (the caller's default);
//    "open" and "closed" set it; anything else fails at the value with
//    "expected open (...) or closed (...), found X".
//  - load_loop_shape() describes the key for `kcsim schema`, with `fallback` as its default.
#pragma once

#include <string>

#include "model/scenario/parse_context.h"
#include "model/scenario/shape.h"
#include "sim/load_loop.h"

namespace kcsim::runner {

// The key's type text, as `kcsim schema` and the docs list it.
inline constexpr const char* kLoadLoopType = "open or closed";

scenario::Shape load_loop_shape(sim::LoadLoop fallback);

void read_load_loop(scenario::ParseContext& ctx, const scenario::Field& field, sim::LoadLoop& out);

}  // namespace kcsim::runner
