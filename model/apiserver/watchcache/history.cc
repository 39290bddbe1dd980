#include "model/apiserver/watchcache/history.h"

#include <algorithm>
#include <utility>

#include "sim/invariant.h"

namespace kcsim::apiserver::watchcache {

History::History(std::size_t lower_bound, std::size_t upper_bound, sim::Time fresh_duration)
    : lower_bound_(lower_bound),
      upper_bound_(upper_bound),
      fresh_duration_(fresh_duration),
      ring_(lower_bound) {
  KCSIM_ASSERT(lower_bound > 0);
  KCSIM_ASSERT(lower_bound <= upper_bound);
}

void History::add(CacheEvent event) {
  KCSIM_ASSERT_MSG(size() == 0 || event.resource_version() > at(end_ - 1).resource_version(),
                   "events come in resourceVersion order");
  resize_before(event.record_time);
  if (full()) {
    ++start_;
    evicted_since_relist_ = true;
  }
  ring_[end_ % ring_.size()] = std::move(event);
  ++end_;
  KCSIM_ASSERT(size() <= capacity());
}

void History::clear() {
  for (std::size_t i = start_; i < end_; ++i)
    ring_[i % ring_.size()] = CacheEvent{};
  start_ = end_;
  evicted_since_relist_ = false;
}

std::int64_t History::oldest_servable_rv(std::int64_t list_rv) const {
  if (!evicted_since_relist_) return list_rv;
  KCSIM_ASSERT(size() > 0);
  return at(start_).resource_version() - 1;
}

std::int64_t History::newest_rv() const {
  return size() == 0 ? 0 : at(end_ - 1).resource_version();
}

std::vector<const CacheEvent*> History::since(std::int64_t rv) const {
  // Binary search for the first event with resourceVersion > rv (sort.Search).
  std::size_t low = 0;
  std::size_t high = size();
  while (low < high) {
    const std::size_t mid = low + (high - low) / 2;
    if (at(start_ + mid).resource_version() > rv) {
      high = mid;
    } else {
      low = mid + 1;
    }
  }
  std::vector<const CacheEvent*> result;
  result.reserve(size() - low);
  for (std::size_t i = start_ + low; i < end_; ++i)
    result.push_back(&at(i));
  return result;
}

void History::resize_before(sim::Time event_time) {
  if (!full()) return;
  if (event_time - at(start_).record_time < fresh_duration_) {
    const std::size_t grown = std::min(ring_.size() * 2, upper_bound_);
    if (grown > ring_.size()) resize_to(grown);
    return;
  }
  const std::size_t quarter_back = end_ - ring_.size() / 4;
  if (event_time - at(quarter_back).record_time > fresh_duration_) {
    const std::size_t shrunk = std::max(ring_.size() / 2, lower_bound_);
    if (shrunk < ring_.size()) resize_to(shrunk);
  }
}

void History::resize_to(std::size_t capacity) {
  if (capacity < size()) {
    // Shrinking drops the oldest events. The real doCacheResizeLocked does not mark
    // them removed (removedEventSinceRelist); here it does, so that a watch from a
    // dropped resourceVersion gets 410 rather than a silent gap.
    start_ = end_ - capacity;
    evicted_since_relist_ = true;
  }
  std::vector<CacheEvent> ring(capacity);
  for (std::size_t i = start_; i < end_; ++i)
    ring[i % capacity] = std::move(ring_[i % ring_.size()]);
  ring_ = std::move(ring);
  ++resizes_;
}

}  // namespace kcsim::apiserver::watchcache
