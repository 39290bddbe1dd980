#include "model/apiserver/server/max_inflight_gate.h"

#include "model/apiserver/server/apiserver_metrics.h"
#include "sim/invariant.h"

namespace kcsim::apiserver {

RequestGate::Decision MaxInflightGate::admit(std::uint64_t ticket, const api::ApiRequest& request,
                                             sim::Time, sim::Time) {
  if (request.verb == api::Verb::kWatch) return {Outcome::kExecute, 0};
  const bool is_mutating = mutating(request.verb);
  std::int64_t& count = is_mutating ? mutating_ : read_;
  const std::int64_t limit = is_mutating ? mutating_limit_ : read_limit_;
  if (count >= limit) return {Outcome::kRejected, kRetryAfterSeconds};
  ++count;
  counted_[ticket] = is_mutating;
  return {Outcome::kExecute, 0};
}

void MaxInflightGate::finish(std::uint64_t ticket, sim::Time) {
  const auto it = counted_.find(ticket);
  if (it == counted_.end()) return;  // a watch, or not admitted
  std::int64_t& count = it->second ? mutating_ : read_;
  KCSIM_ASSERT(count > 0);
  --count;
  counted_.erase(it);
}

}  // namespace kcsim::apiserver
