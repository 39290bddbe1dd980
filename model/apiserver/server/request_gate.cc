#include "model/apiserver/server/request_gate.h"

#include "model/apiserver/server/max_inflight_gate.h"

namespace kcsim::apiserver {

std::unique_ptr<RequestGate> make_request_gate(const ApiServerConfig& config, sim::Time) {
  return std::make_unique<MaxInflightGate>(config.max_requests_inflight,
                                           config.max_mutating_requests_inflight);
}

}  // namespace kcsim::apiserver
