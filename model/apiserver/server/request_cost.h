// The CPU time a request costs a kube-apiserver replica: a pure function of what the
// request does, so that the costs are testable without a simulation.
//
// Contract:
//  - cost = per_request + per_object x objects touched + per_byte x bytes encoded or
//    decoded (+ admission for a write). `objects` is what the request reads or filters
//    (a LIST over the watch cache filters every object of the resource, and encodes
//    those it returns); `bytes` is the request body plus the response body.
//  - A watch event costs watch_event per watcher it reaches, plus per_byte x its size
//    once (the cacher encodes an event once and shares the bytes: cachingObject).
//  - Monotone: more objects or more bytes never cost less.
#pragma once

#include <cstdint>

#include "model/apiserver/api/wire.h"
#include "model/apiserver/server/apiserver_config.h"
#include "sim/time.h"

namespace kcsim::apiserver {

struct RequestWork {
  api::Verb verb = api::Verb::kGet;
  std::uint64_t objects = 0;  // objects read, filtered or written
  std::uint64_t bytes = 0;    // request plus response bytes encoded or decoded
};

sim::Time request_cost(const CostConfig& cost, const RequestWork& work);
// One event fanned out to `watchers` watchers.
sim::Time watch_event_cost(const CostConfig& cost, std::uint64_t event_bytes,
                           std::uint64_t watchers);

}  // namespace kcsim::apiserver
