// The concurrency filter kube-apiserver uses when APF is off
// (--enable-priority-and-fairness=false): two pools of in-flight requests.
//
// Source: staging/src/k8s.io/apiserver/pkg/server/filters/maxinflight.go (WithMaxInFlightLimit).
//  - Read-only requests take a slot of --max-requests-inflight (400), mutating ones a slot
//    of --max-mutating-requests-inflight (200); a limit of 0 means no limit.
//  - Long-running requests (kcsim: WATCH; the real LongRunningFunc also matches proxy,
//    exec, attach, log, portforward) take no slot.
//  - A full pool answers 429 with Retry-After: 1 (the constant retryAfter = "1"), except
//    to members of system:masters, who are served anyway.
// No queueing and no fairness: the request either runs now or is rejected.
#pragma once

#include <cstdint>
#include <map>

#include "model/apiserver/api/wire.h"
#include "model/apiserver/flowcontrol/admission.h"

namespace kcsim::flowcontrol {

struct MaxInflightConfig {
  int max_requests_inflight = 400;
  int max_mutating_requests_inflight = 200;
};

inline constexpr std::int64_t kMaxInflightRetryAfterSeconds = 1;

class MaxInflightFilter {
 public:
  explicit MaxInflightFilter(MaxInflightConfig config) : config_(config) {}

  // kExecute (with a handle to finish) or kRejected (kConcurrencyLimit, Retry-After 1).
  Admission admit(const api::ApiRequest& request);
  void finish(Handle handle);

  int readonly_in_flight() const { return readonly_; }
  int mutating_in_flight() const { return mutating_; }
  std::uint64_t dropped_readonly() const { return dropped_readonly_; }
  std::uint64_t dropped_mutating() const { return dropped_mutating_; }

 private:
  enum class Pool : std::uint8_t { kNone, kReadOnly, kMutating };
  MaxInflightConfig config_;
  std::map<Handle, Pool> in_flight_;
  Handle next_handle_ = 1;
  int readonly_ = 0;
  int mutating_ = 0;
  std::uint64_t dropped_readonly_ = 0;
  std::uint64_t dropped_mutating_ = 0;
};

}  // namespace kcsim::flowcontrol
