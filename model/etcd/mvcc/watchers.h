// Watchers: etcd's watchable store (server/storage/mvcc/watchable_store.go) reduced to
// the part that decides what each watcher receives.
//
// Contract:
//  - create: start_revision 0 means "from the next revision". A start revision below
//    the compact revision fails with kCompacted and one response carrying
//    compact_revision and canceled = true; the watcher is not kept. Otherwise the
//    watcher first receives the history from start_revision to the current revision
//    (at most kWatchBatchMaxRevisions revisions per response, etcd's
//    watchBatchMaxRevs), then every later change that matches.
//  - notify(events of one revision): each watcher whose range matches at least one
//    event (after its NOPUT/NODELETE filters) gets one response with those events, in
//    watch-id order. A watcher created with a future start revision gets nothing
//    before that revision.
//  - prev_kv: for a watcher that asked, each event except a creation (a put of
//    version 1) carries the key's state at mod_revision - 1 when that revision is still
//    readable, as etcd's server looks it up.
//  - request_progress_all (etcd 3.4+ RequestProgress on a whole stream,
//    server/mvcc/watchable_store.go progressIfSync, etcd 3.5): when every watcher of
//    the stream is synced and none was created with a start revision beyond the
//    current revision, one response with watch_id -1 (clientv3.InvalidWatchID) and the
//    current revision; otherwise nothing, and the request is dropped, not deferred
//    (v3rpc/watch.go recvLoop ignores RequestProgressAll's false). A stream without a
//    watcher gets nothing either.
//  - Not modelled: etcd's synced/unsynced watcher groups and its victim list. They only
//    decide *when* a slow watcher catches up; here every watcher is always caught up
//    at the moment of each write (a client's own slowness is the network's to model).
//    So the only unsynced case a progress request meets is the future start revision.
//    Watch streams, fragmenting and the watch id chosen by the client are the API
//    server's or the member's business; ids here are store-wide, from 0.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "model/etcd/mvcc/error.h"
#include "model/etcd/mvcc/key_range.h"
#include "model/etcd/mvcc/key_value.h"
#include "model/etcd/mvcc/kv_store.h"

namespace kcsim::etcd::mvcc {

using WatchId = std::int64_t;
inline constexpr WatchId kInvalidWatchId = -1;  // clientv3.InvalidWatchID
inline constexpr std::int64_t kWatchBatchMaxRevisions = 1000;

struct WatchCreateRequest {
  KeyRange range;
  std::int64_t start_revision = 0;  // 0: the next revision
  bool prev_kv = false;
  bool progress_notify = false;
  bool filter_put = false;     // WatchCreateRequest_NOPUT
  bool filter_delete = false;  // WatchCreateRequest_NODELETE
};

struct WatchResponse {
  WatchId watch_id = kInvalidWatchId;
  std::int64_t revision = 0;  // header.revision
  std::int64_t compact_revision = 0;
  bool canceled = false;
  std::vector<Event> events;

  bool is_progress_notify() const { return events.empty() && compact_revision == 0 && !canceled; }
};

struct WatchCreateResult {
  Error error = Error::kOk;
  WatchId watch_id = kInvalidWatchId;
  std::vector<WatchResponse> responses;  // the history replay, or the compaction notice
};

class Watchers {
 public:
  WatchCreateResult create(const WatchCreateRequest& request, const KvStore& kv);
  bool cancel(WatchId id);

  // The responses for the changes of revision `revision` (events in sub-revision order).
  std::vector<WatchResponse> notify(std::int64_t revision, const std::vector<Event>& events,
                                    const KvStore& kv);

  // Brings every watcher up to the store's current revision after a restore: a watcher
  // whose next revision was compacted gets the compaction notice and is dropped.
  std::vector<WatchResponse> resync(const KvStore& kv);

  // One empty response per watcher that asked for progress notifications, with the
  // current revision (etcd sends these every --experimental-watch-progress-notify-interval,
  // 10 minutes by default, when the watcher is synced).
  std::vector<WatchResponse> progress_notifications(const KvStore& kv) const;

  // The answer to a progress request of the stream holding `ids` (see the contract).
  std::optional<WatchResponse> request_progress_all(const std::vector<WatchId>& ids,
                                                    const KvStore& kv) const;

  std::size_t size() const { return watchers_.size(); }
  bool contains(WatchId id) const { return watchers_.count(id) != 0; }

 private:
  struct Watcher {
    WatchCreateRequest request;
    std::int64_t next_revision = 0;  // etcd's minRev: the first revision not yet sent
  };

  bool matches(const Watcher& watcher, const Event& event) const;
  Event with_prev_kv(const Event& event, const KvStore& kv) const;
  void replay(WatchId id, Watcher& watcher, const KvStore& kv, std::vector<WatchResponse>& out);

  WatchId next_id_ = 0;
  std::map<WatchId, Watcher> watchers_;
};

}  // namespace kcsim::etcd::mvcc
