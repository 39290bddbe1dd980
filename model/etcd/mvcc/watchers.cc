#include "model/etcd/mvcc/watchers.h"

#include <algorithm>
#include <utility>

#include "sim/invariant.h"

namespace kcsim::etcd::mvcc {

bool Watchers::matches(const Watcher& watcher, const Event& event) const {
  if (event.kv.mod_revision < watcher.next_revision) return false;
  if (event.type == EventType::kPut && watcher.request.filter_put) return false;
  if (event.type == EventType::kDelete && watcher.request.filter_delete) return false;
  return watcher.request.range.contains(event.kv.key);
}

Event Watchers::with_prev_kv(const Event& event, const KvStore& kv) const {
  Event out = event;
  const bool creation = event.type == EventType::kPut && event.kv.version == 1;
  if (!creation) out.prev_kv = kv.get(event.kv.key, event.kv.mod_revision - 1);
  return out;
}

void Watchers::replay(WatchId id, Watcher& watcher, const KvStore& kv,
                      std::vector<WatchResponse>& out) {
  const std::int64_t current = kv.current_revision();
  // Bounded: each pass moves next_revision forward by at least one revision.
  while (watcher.next_revision <= current) {
    const std::int64_t last =
        std::min(current, watcher.next_revision + kWatchBatchMaxRevisions - 1);
    WatchResponse response;
    response.watch_id = id;
    response.revision = current;
    for (const Event& event : kv.history(watcher.next_revision, last)) {
      if (!matches(watcher, event)) continue;
      response.events.push_back(watcher.request.prev_kv ? with_prev_kv(event, kv) : event);
    }
    watcher.next_revision = last + 1;
    if (!response.events.empty()) out.push_back(std::move(response));
  }
}

WatchCreateResult Watchers::create(const WatchCreateRequest& request, const KvStore& kv) {
  WatchCreateResult result;
  result.watch_id = next_id_++;
  const std::int64_t start = request.start_revision;
  if (start > 0 && start < kv.compact_revision()) {
    result.error = Error::kCompacted;
    WatchResponse notice;
    notice.watch_id = result.watch_id;
    notice.revision = kv.current_revision();
    notice.compact_revision = kv.compact_revision();
    notice.canceled = true;
    result.responses.push_back(std::move(notice));
    return result;
  }
  Watcher watcher{request, start > 0 ? start : kv.current_revision() + 1};
  replay(result.watch_id, watcher, kv, result.responses);
  watchers_.emplace(result.watch_id, std::move(watcher));
  return result;
}

bool Watchers::cancel(WatchId id) {
  return watchers_.erase(id) != 0;
}

std::vector<WatchResponse> Watchers::notify(std::int64_t revision, const std::vector<Event>& events,
                                            const KvStore& kv) {
  std::vector<WatchResponse> out;
  for (auto& [id, watcher] : watchers_) {
    if (watcher.next_revision > revision) continue;  // a future start revision
    KCSIM_ASSERT(watcher.next_revision == revision);
    WatchResponse response;
    response.watch_id = id;
    response.revision = revision;
    for (const Event& event : events) {
      if (!matches(watcher, event)) continue;
      response.events.push_back(watcher.request.prev_kv ? with_prev_kv(event, kv) : event);
    }
    watcher.next_revision = revision + 1;
    if (!response.events.empty()) out.push_back(std::move(response));
  }
  return out;
}

std::vector<WatchResponse> Watchers::resync(const KvStore& kv) {
  std::vector<WatchResponse> out;
  for (auto it = watchers_.begin(); it != watchers_.end();) {
    Watcher& watcher = it->second;
    if (watcher.next_revision < kv.compact_revision()) {
      WatchResponse notice;
      notice.watch_id = it->first;
      notice.revision = kv.current_revision();
      notice.compact_revision = kv.compact_revision();
      notice.canceled = true;
      out.push_back(std::move(notice));
      it = watchers_.erase(it);
      continue;
    }
    replay(it->first, watcher, kv, out);
    ++it;
  }
  return out;
}

std::vector<WatchResponse> Watchers::progress_notifications(const KvStore& kv) const {
  std::vector<WatchResponse> out;
  for (const auto& [id, watcher] : watchers_) {
    if (!watcher.request.progress_notify) continue;
    WatchResponse response;
    response.watch_id = id;
    response.revision = kv.current_revision();
    out.push_back(std::move(response));
  }
  return out;
}

std::optional<WatchResponse> Watchers::request_progress_all(const std::vector<WatchId>& ids,
                                                            const KvStore& kv) const {
  const std::int64_t revision = kv.current_revision();
  bool any = false;
  for (WatchId id : ids) {
    const auto it = watchers_.find(id);
    if (it == watchers_.end()) continue;
    // progressIfSync: `rev < w.startRev` means not synced yet (a watch from a future
    // revision); a notification now would move the client's resume revision backwards.
    if (revision < it->second.request.start_revision) return std::nullopt;
    any = true;
  }
  if (!any) return std::nullopt;
  WatchResponse response;
  response.watch_id = kInvalidWatchId;
  response.revision = revision;
  return response;
}

}  // namespace kcsim::etcd::mvcc
