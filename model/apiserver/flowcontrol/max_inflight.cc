#include "model/apiserver/flowcontrol/max_inflight.h"

#include <algorithm>

#include "model/apiserver/flowcontrol/work_estimate.h"
#include "sim/invariant.h"

namespace kcsim::flowcontrol {

Admission MaxInflightFilter::admit(const api::ApiRequest& request) {
  Admission out;
  Pool pool = Pool::kNone;
  if (request.verb != api::Verb::kWatch) {
    pool = api::is_mutating(request.verb) ? Pool::kMutating : Pool::kReadOnly;
  }
  int* count = pool == Pool::kMutating ? &mutating_ : &readonly_;
  const int limit = pool == Pool::kMutating ? config_.max_mutating_requests_inflight
                                            : config_.max_requests_inflight;
  const bool full = pool != Pool::kNone && limit > 0 && *count >= limit;
  if (full) {
    const auto& groups = request.user.groups;
    const bool privileged =
        std::find(groups.begin(), groups.end(), "system:masters") != groups.end();
    if (!privileged) {
      (pool == Pool::kMutating ? dropped_mutating_ : dropped_readonly_) += 1;
      out.outcome = Admission::Outcome::kRejected;
      out.reason = RejectReason::kConcurrencyLimit;
      out.retry_after_seconds = kMaxInflightRetryAfterSeconds;
      return out;
    }
    pool = Pool::kNone;  // served beyond the limit, holding no slot
  }
  if (pool != Pool::kNone && limit > 0) {
    ++*count;
  } else {
    pool = Pool::kNone;
  }
  out.outcome = Admission::Outcome::kExecute;
  out.handle = next_handle_++;
  in_flight_.emplace(out.handle, pool);
  return out;
}

void MaxInflightFilter::finish(Handle handle) {
  auto it = in_flight_.find(handle);
  KCSIM_ASSERT_MSG(it != in_flight_.end(), "finish of an unknown handle");
  if (it->second == Pool::kReadOnly) --readonly_;
  if (it->second == Pool::kMutating) --mutating_;
  KCSIM_ASSERT(readonly_ >= 0);
  KCSIM_ASSERT(mutating_ >= 0);
  in_flight_.erase(it);
}

}  // namespace kcsim::flowcontrol
