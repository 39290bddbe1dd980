// The max-inflight filter (staging/src/k8s.io/apiserver/pkg/server/filters/
// maxinflight.go), used when --enable-priority-and-fairness=false: two counters,
// read-only requests up to --max-requests-inflight (400) and mutating ones up to
// --max-mutating-requests-inflight (200); a request past its limit is rejected at once
// with 429 and "Retry-After: 1" (no queue). Long-running requests (WATCH) pass
// uncounted.
#pragma once

#include <cstdint>
#include <map>

#include "model/apiserver/server/request_gate.h"

namespace kcsim::apiserver {

class MaxInflightGate final : public RequestGate {
 public:
  static constexpr std::int64_t kRetryAfterSeconds = 1;  // maxinflight.go tooManyRequests

  MaxInflightGate(std::int64_t read_limit, std::int64_t mutating_limit)
      : read_limit_(read_limit), mutating_limit_(mutating_limit) {}

  Decision admit(std::uint64_t ticket, const api::ApiRequest& request, sim::Time now,
                 sim::Time deadline) override;
  void finish(std::uint64_t ticket, sim::Time now) override;
  void advance(sim::Time) override {}
  sim::Time next_event() const override { return sim::kTimeNever; }
  std::size_t waiting() const override { return 0; }

  std::int64_t read_inflight() const { return read_; }
  std::int64_t mutating_inflight() const { return mutating_; }

 private:
  std::int64_t read_limit_;
  std::int64_t mutating_limit_;
  std::int64_t read_ = 0;
  std::int64_t mutating_ = 0;
  std::map<std::uint64_t, bool> counted_;  // ticket -> mutating; admitted and counted
};

}  // namespace kcsim::apiserver
