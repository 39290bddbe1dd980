// The watch cache's event history: a ring of the most recent events of one resource,
// whose capacity follows the event rate so that it covers about event_fresh_duration
// (watch_cache.go: updateCache, resizeCacheLocked, doCacheResizeLocked).
//
// Contract:
//  - `add(event)` appends one event (resourceVersions strictly increasing). Before it,
//    the capacity is resized as the real cache does, both only when the ring is full:
//      * doubled (up to the upper bound) when the oldest event is younger than
//        event_fresh_duration at the new event's record time;
//      * halved (down to the lower bound) when the event a quarter of the capacity
//        back from the newest is older than event_fresh_duration (the newest quarter
//        is stale: the rate fell); the oldest events are dropped.
//    Then, if still full, the oldest event is evicted.
//  - `clear()` (a relist) empties the ring; the capacity stays.
//  - `oldest_servable_rv(list_rv)`: the real getAllEventsSinceLocked rule. If no event
//    was evicted since the last relist, every event after the list is here, so the
//    window starts at list_rv; otherwise it starts just before the oldest kept event.
//    A watch from a resourceVersion below that gets 410 Gone.
//  - Events hold shared pointers (no object copies); the ring never exceeds capacity.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/apiserver/api/wire.h"
#include "model/apiserver/objects/object.h"
#include "sim/time.h"

namespace kcsim::apiserver::watchcache {

// One change as the cache keeps it (watch_cache.go watchCacheEvent): the new version
// and the previous one, so that a watcher can tell a change into or out of its
// selector. For a deletion, `object` is the last version carrying the deletion's
// resourceVersion (what a DELETED watch event shows), and `prev` the same pointer.
struct CacheEvent {
  api::WatchEventType type = api::WatchEventType::kAdded;
  std::string key;
  api::Versioned object;
  api::ObjectPtr prev;  // null for a creation
  sim::Time record_time = 0;

  std::int64_t resource_version() const { return object.resource_version; }
};

class History {
 public:
  History(std::size_t lower_bound, std::size_t upper_bound, sim::Time fresh_duration);

  void add(CacheEvent event);
  void clear();

  std::size_t size() const { return end_ - start_; }
  std::size_t capacity() const { return ring_.size(); }
  bool evicted_since_relist() const { return evicted_since_relist_; }
  std::int64_t oldest_servable_rv(std::int64_t list_rv) const;
  std::int64_t newest_rv() const;  // 0 when empty

  // The events with resourceVersion > rv, oldest first (binary search + copy of the
  // pointers). The caller has checked rv against oldest_servable_rv.
  std::vector<const CacheEvent*> since(std::int64_t rv) const;

  // How many capacity changes happened (for tests and the capacity metric).
  std::uint64_t resizes() const { return resizes_; }

 private:
  const CacheEvent& at(std::size_t index) const { return ring_[index % ring_.size()]; }
  bool full() const { return size() == ring_.size(); }
  void resize_before(sim::Time event_time);
  void resize_to(std::size_t capacity);

  std::size_t lower_bound_;
  std::size_t upper_bound_;
  sim::Time fresh_duration_;
  std::vector<CacheEvent> ring_;  // size() is the capacity
  std::size_t start_ = 0;         // absolute index of the oldest event
  std::size_t end_ = 0;           // absolute index after the newest
  bool evicted_since_relist_ = false;
  std::uint64_t resizes_ = 0;
};

}  // namespace kcsim::apiserver::watchcache
