// What stands between a request's arrival and its execution at a replica: API Priority
// and Fairness (flowcontrol/), or, with --enable-priority-and-fairness=false, the
// max-inflight filter. One interface, so that the replica's request path is the same.
//
// Contract:
//  - admit(): execute now, queue (a later advance or finish dispatches it, or times
//    it out), or reject (429, with the Retry-After to send).
//  - finish(): the request's handler returned; its seats are freed (maybe later: APF's
//    additional latency) and what now fits is dispatched.
//  - take_dispatched() / take_timed_out(): the tickets that started or were rejected
//    from their queue since the last call, in order.
//  - WATCH requests are long-running: the max-inflight filter lets them through
//    uncounted (--max-requests-inflight counts only short requests); APF charges their
//    initialisation only.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "model/apiserver/api/wire.h"
#include "model/apiserver/server/apiserver_config.h"
#include "sim/time.h"

namespace kcsim::apiserver {

class RequestGate {
 public:
  enum class Outcome : std::uint8_t { kExecute, kQueued, kRejected };
  struct Decision {
    Outcome outcome = Outcome::kExecute;
    std::int64_t retry_after_seconds = 0;
  };

  virtual ~RequestGate() = default;
  virtual Decision admit(std::uint64_t ticket, const api::ApiRequest& request, sim::Time now,
                         sim::Time deadline) = 0;
  virtual void finish(std::uint64_t ticket, sim::Time now) = 0;
  virtual void advance(sim::Time now) = 0;
  virtual sim::Time next_event() const = 0;  // kTimeNever when nothing is due
  virtual std::size_t waiting() const = 0;

  std::vector<std::uint64_t> take_dispatched() { return std::move(dispatched_); }
  std::vector<std::uint64_t> take_timed_out() { return std::move(timed_out_); }

 protected:
  std::vector<std::uint64_t> dispatched_;
  std::vector<std::uint64_t> timed_out_;
};

// The gate the configuration asks for.
std::unique_ptr<RequestGate> make_request_gate(const ApiServerConfig& config, sim::Time now);

}  // namespace kcsim::apiserver
