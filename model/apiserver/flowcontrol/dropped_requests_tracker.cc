#include "model/apiserver/flowcontrol/dropped_requests_tracker.h"

#include <algorithm>

namespace kcsim::flowcontrol {

void DroppedRequestsStats::record_dropped(sim::Time now) {
  const std::int64_t second = now / sim::kSecond;
  if (second == current_second_) {
    ++current_count_;
    return;
  }
  if (current_second_ != std::numeric_limits<std::int64_t>::min()) {
    update_history(current_second_, current_count_);
  }
  current_second_ = second;
  current_count_ = 1;
  update_retry_after(second);
}

void DroppedRequestsStats::update_history(std::int64_t second, std::int64_t count) {
  history_.push_back({second, count});
  const std::int64_t max_history = std::min(2 * retry_after_, kMaxRetryAfterSeconds);
  while (!history_.empty() && second - history_.front().second > max_history) {
    history_.pop_front();
  }
}

void DroppedRequestsStats::update_retry_after(std::int64_t second) {
  std::int64_t dropped = 0;
  for (auto it = history_.rbegin(); it != history_.rend(); ++it) {
    if (second - it->second > retry_after_) break;
    if (it->second < second) dropped += it->requests;
  }
  if (second - retry_after_update_second_ >= retry_after_ && dropped >= 3 * retry_after_) {
    retry_after_ = std::min(2 * retry_after_, kMaxRetryAfterSeconds);
    retry_after_update_second_ = second;
    return;
  }
  if (dropped < retry_after_ && retry_after_ > 1) --retry_after_;
}

}  // namespace kcsim::flowcontrol
