// What kube-apiserver's concurrency filter (APF, or the older max-inflight filter) says
// about one request, and what a later event (a finish, a timer) releases.
//
// The replica server asks `enqueue` on arrival; on kExecute it serves the request now; on
// kQueued it waits for the handle to appear in a Wakeup's `dispatched` (serve it then) or
// `timed_out` (answer 429 with its Retry-After); on kRejected it answers 429 at once
// (Code::kTooManyRequests, Reason::kTooManyRequests, retry_after_seconds). When the
// handler is done it calls `finish(handle)`.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "model/apiserver/flowcontrol/queue_set.h"
#include "model/apiserver/flowcontrol/work_estimate.h"

namespace kcsim::flowcontrol {

// The `reason` label of apiserver_flowcontrol_rejected_requests_total.
enum class RejectReason : std::uint8_t { kQueueFull, kConcurrencyLimit, kTimeOut };
std::string_view to_string(RejectReason reason);  // "queue-full", "concurrency-limit", "time-out"

struct Admission {
  enum class Outcome : std::uint8_t { kExecute, kQueued, kRejected };
  Outcome outcome = Outcome::kExecute;
  Handle handle = 0;  // kExecute, kQueued: the request's handle for finish()
  RejectReason reason = RejectReason::kQueueFull;  // kRejected
  std::int64_t retry_after_seconds = 0;            // kRejected: the Retry-After header
  std::string_view flow_schema;     // APF: the matched schema ("" in max-inflight mode)
  std::string_view priority_level;  // APF: its level
  WorkEstimate work;                // APF: the seats it takes
};

struct TimedOut {
  Handle handle = 0;
  std::int64_t retry_after_seconds = 0;
};

// Requests released by a finish or by time passing.
struct Wakeup {
  std::vector<Handle> dispatched;   // serve these now
  std::vector<TimedOut> timed_out;  // their queue wait ran out: 429
};

}  // namespace kcsim::flowcontrol
