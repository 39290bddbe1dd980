#include "model/apiserver/server/request_cost.h"

#include <cmath>

namespace kcsim::apiserver {
namespace {

sim::Time byte_cost(const CostConfig& cost, std::uint64_t bytes) {
  return static_cast<sim::Time>(std::llround(cost.per_byte_ns * static_cast<double>(bytes)));
}

}  // namespace

sim::Time request_cost(const CostConfig& cost, const RequestWork& work) {
  sim::Time total = cost.per_request + byte_cost(cost, work.bytes) +
                    cost.per_object * static_cast<sim::Time>(work.objects);
  if (api::is_mutating(work.verb)) total += cost.admission;
  return total;
}

sim::Time watch_event_cost(const CostConfig& cost, std::uint64_t event_bytes,
                           std::uint64_t watchers) {
  return byte_cost(cost, event_bytes) + cost.watch_event * static_cast<sim::Time>(watchers);
}

}  // namespace kcsim::apiserver
