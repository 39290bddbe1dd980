// The watchers registered at one watch cache, indexed the way the real Cacher finds
// the watchers of an event (cacher.go indexedWatchers, forEachSelectionKey):
//  - a watcher whose field selector fixes the indexed trigger's value (a kubelet's
//    spec.nodeName=X pod watch) is kept under that value only;
//  - every other watcher is kept under its scope (namespace, name), either of which
//    may be empty.
// An event of object ns/name selects the watchers under (ns,name), (ns,""), ("",name),
// ("",""), plus those under the trigger values of its new and previous versions. With
// 5,000 kubelets watching pods, a pod event reaches one kubelet's watcher by a map
// lookup, not a scan. The result is in watcher-id order within each group, and no
// watcher is selected twice (each is in exactly one group).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/apiserver/watchcache/requests.h"
#include "sim/time.h"

namespace kcsim::apiserver::watchcache {

struct Watcher {
  WatcherId id = 0;
  std::uint64_t request_id = 0;
  Selection selection;
  bool allow_bookmarks = true;
  sim::Time deadline = 0;
  // Events with a resourceVersion at or below this are not sent (cache_watcher.go
  // process: the requested RV, raised to the last initial event's).
  std::int64_t start_rv = 0;
  std::size_t buffer_capacity = 0;
  std::size_t buffered = 0;  // live events handed out and not yet acknowledged
};

class Watchers {
 public:
  Watcher& add(Watcher watcher);
  void remove(WatcherId id);
  Watcher* find(WatcherId id);
  const Watcher* find(WatcherId id) const;
  std::size_t size() const { return watchers_.size(); }
  std::vector<WatcherId> ids() const;  // in id order

  // The candidate watchers of an event on `namespace_/name` whose trigger values (new
  // and previous version) are `trigger_values`; `trigger_supported` is false when the
  // resource has no indexed trigger.
  void select(const std::string& namespace_, const std::string& name,
              const std::vector<std::string>& trigger_values, bool trigger_supported,
              std::vector<WatcherId>& out) const;

 private:
  using ScopeKey = std::pair<std::string, std::string>;
  void append_scope(const ScopeKey& key, std::vector<WatcherId>& out) const;

  std::map<WatcherId, Watcher> watchers_;
  std::map<ScopeKey, std::map<WatcherId, bool>> by_scope_;
  std::map<std::string, std::map<WatcherId, bool>> by_value_;
};

// Bookmark schedule (cacher.go watcherBookmarkTimeBuckets): each watcher that asked for
// bookmarks sits in the 1 s bucket of its next bookmark time; a bucket is popped by the
// first tick at or after its second.
class BookmarkBuckets {
 public:
  explicit BookmarkBuckets(sim::Time created) : created_(created) {}

  void add(WatcherId id, sim::Time next_bookmark);
  // The watchers of every bucket up to `now`, in bucket then insertion order.
  std::vector<WatcherId> pop_expired(sim::Time now);
  // When the earliest non-empty bucket falls due, or kTimeNever.
  sim::Time next_due() const;
  std::size_t size() const;

 private:
  sim::Time created_;
  std::int64_t start_bucket_ = 0;
  std::map<std::int64_t, std::vector<WatcherId>> buckets_;
};

}  // namespace kcsim::apiserver::watchcache
