#include "model/apiserver/watchcache/watchers.h"

#include <algorithm>

#include "sim/invariant.h"

namespace kcsim::apiserver::watchcache {

Watcher& Watchers::add(Watcher watcher) {
  const WatcherId id = watcher.id;
  KCSIM_ASSERT_MSG(!watchers_.contains(id), "watcher ids are unique");
  if (watcher.selection.trigger_value) {
    by_value_[*watcher.selection.trigger_value].emplace(id, true);
  } else {
    by_scope_[{watcher.selection.scope.namespace_, watcher.selection.scope.name}].emplace(id, true);
  }
  return watchers_.emplace(id, std::move(watcher)).first->second;
}

void Watchers::remove(WatcherId id) {
  auto it = watchers_.find(id);
  if (it == watchers_.end()) return;
  const Selection& selection = it->second.selection;
  if (selection.trigger_value) {
    auto group = by_value_.find(*selection.trigger_value);
    KCSIM_ASSERT(group != by_value_.end());
    group->second.erase(id);
    if (group->second.empty()) by_value_.erase(group);
  } else {
    auto group = by_scope_.find({selection.scope.namespace_, selection.scope.name});
    KCSIM_ASSERT(group != by_scope_.end());
    group->second.erase(id);
    if (group->second.empty()) by_scope_.erase(group);
  }
  watchers_.erase(it);
}

Watcher* Watchers::find(WatcherId id) {
  auto it = watchers_.find(id);
  return it == watchers_.end() ? nullptr : &it->second;
}

const Watcher* Watchers::find(WatcherId id) const {
  auto it = watchers_.find(id);
  return it == watchers_.end() ? nullptr : &it->second;
}

std::vector<WatcherId> Watchers::ids() const {
  std::vector<WatcherId> result;
  result.reserve(watchers_.size());
  for (const auto& [id, watcher] : watchers_)
    result.push_back(id);
  return result;
}

void Watchers::append_scope(const ScopeKey& key, std::vector<WatcherId>& out) const {
  auto it = by_scope_.find(key);
  if (it == by_scope_.end()) return;
  for (const auto& [id, unused] : it->second)
    out.push_back(id);
}

void Watchers::select(const std::string& namespace_, const std::string& name,
                      const std::vector<std::string>& trigger_values, bool trigger_supported,
                      std::vector<WatcherId>& out) const {
  if (!namespace_.empty()) {
    if (!name.empty()) append_scope({namespace_, name}, out);
    append_scope({namespace_, ""}, out);
  }
  if (!name.empty()) append_scope({"", name}, out);
  append_scope({"", ""}, out);
  if (trigger_supported) {
    for (const std::string& value : trigger_values) {
      auto it = by_value_.find(value);
      if (it == by_value_.end()) continue;
      for (const auto& [id, unused] : it->second)
        out.push_back(id);
    }
    return;
  }
  for (const auto& [value, group] : by_value_) {
    for (const auto& [id, unused] : group)
      out.push_back(id);
  }
}

void BookmarkBuckets::add(WatcherId id, sim::Time next_bookmark) {
  std::int64_t bucket = (next_bookmark - created_) / sim::kSecond;
  bucket = std::max(bucket, start_bucket_);
  buckets_[bucket].push_back(id);
}

std::vector<WatcherId> BookmarkBuckets::pop_expired(sim::Time now) {
  std::vector<WatcherId> result;
  const std::int64_t current = (now - created_) / sim::kSecond;
  while (!buckets_.empty() && buckets_.begin()->first <= current) {
    auto& ids = buckets_.begin()->second;
    result.insert(result.end(), ids.begin(), ids.end());
    buckets_.erase(buckets_.begin());
  }
  start_bucket_ = std::max(start_bucket_, current + 1);
  return result;
}

sim::Time BookmarkBuckets::next_due() const {
  if (buckets_.empty()) return sim::kTimeNever;
  return created_ + buckets_.begin()->first * sim::kSecond;
}

std::size_t BookmarkBuckets::size() const {
  std::size_t total = 0;
  for (const auto& [bucket, ids] : buckets_)
    total += ids.size();
  return total;
}

}  // namespace kcsim::apiserver::watchcache
