// What stands between a request's arrival and its execution at a replica: API Priority
// and Fairness (flowcontrol/flow_control.h), or, with --enable-priority-and-fairness=
// false, the max-inflight filter (flowcontrol/max_inflight.h). One interface over both,
// so that the replica's request path is the same; the replica's tickets map to the
// filters' handles here.
//
// Contract:
//  - admit(): execute now, queue (a later advance or finish dispatches it, or times it
//    out), or reject (429, with the Retry-After to send).
//  - finish(): the request's handler returned (a watch: it is initialised); its seats
//    are freed (maybe later: APF's additional latency) and what now fits is dispatched.
//    A queued request whose deadline the server enforced (504) is finished too.
//  - take_dispatched() / take_timed_out(): what started, or was rejected from its
//    queue (with its Retry-After), since the last call, in order.
//  - Watches are counted for APF's mutating-work estimate while they live
//    (register_watch / forget_watch); the max-inflight filter ignores them.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "model/apiserver/api/wire.h"
#include "model/apiserver/server/apiserver_config.h"
#include "sim/metrics.h"
#include "sim/time.h"

namespace kcsim::apiserver {

class RequestGate {
 public:
  enum class Outcome : std::uint8_t { kExecute, kQueued, kRejected };
  struct Decision {
    Outcome outcome = Outcome::kExecute;
    std::int64_t retry_after_seconds = 0;
  };
  struct TimedOut {
    std::uint64_t ticket = 0;
    std::int64_t retry_after_seconds = 0;
  };

  virtual ~RequestGate() = default;
  virtual Decision admit(std::uint64_t ticket, const api::ApiRequest& request, sim::Time now) = 0;
  virtual void finish(std::uint64_t ticket, sim::Time now) = 0;
  virtual void advance(sim::Time now) = 0;
  virtual sim::Time next_event() const = 0;  // kTimeNever when nothing is due
  virtual void set_object_count(api::Kind, std::int64_t) {}
  virtual std::uint64_t register_watch(const api::ApiRequest&) { return 0; }
  virtual void forget_watch(std::uint64_t) {}

  std::vector<std::uint64_t> take_dispatched() { return std::exchange(dispatched_, {}); }
  std::vector<TimedOut> take_timed_out() { return std::exchange(timed_out_, {}); }

 protected:
  std::vector<std::uint64_t> dispatched_;
  std::vector<TimedOut> timed_out_;
};

// The gate the configuration asks for; APF publishes its metrics with the label
// apiserver="<replica>".
std::unique_ptr<RequestGate> make_request_gate(const ApiServerConfig& config, sim::Time now,
                                               sim::Metrics& metrics, const std::string& replica);

}  // namespace kcsim::apiserver
