#include <gtest/gtest.h>

#include "model/etcd/mvcc/store.h"
#include "tests/model/etcd/mvcc/harness.h"

namespace kcsim::etcd::mvcc {
namespace {

using testing::Harness;

WatchCreateRequest watch_of(KeyRange range, std::int64_t start_revision = 0) {
  WatchCreateRequest request;
  request.range = std::move(range);
  request.start_revision = start_revision;
  return request;
}

TEST(Watch, FromNowSeesOnlyLaterChangesInItsRange) {
  Harness h;
  h.put("a/old", "1");  // 2
  WatchCreateResult created = h.store.watch(watch_of(KeyRange::prefix("a/")));
  ASSERT_EQ(created.error, Error::kOk);
  EXPECT_TRUE(created.responses.empty());
  ApplyResult other = h.apply(PutRequest{"b/1", make_value("x")});  // 3
  EXPECT_TRUE(other.watch_responses.empty());
  ApplyResult mine = h.apply(PutRequest{"a/new", make_value("y")});  // 4
  ASSERT_EQ(mine.watch_responses.size(), 1u);
  const WatchResponse& response = mine.watch_responses[0];
  EXPECT_EQ(response.watch_id, created.watch_id);
  EXPECT_EQ(response.revision, 4);
  ASSERT_EQ(response.events.size(), 1u);
  EXPECT_EQ(response.events[0].type, EventType::kPut);
  EXPECT_EQ(response.events[0].kv.key, "a/new");
  EXPECT_EQ(response.events[0].kv.mod_revision, 4);
}

TEST(Watch, ReplaysHistoryFromTheStartRevisionThenContinuesLive) {
  Harness h;
  h.put("k", "1");               // 2
  h.put("k", "2");               // 3
  h.del(KeyRange::single("k"));  // 4
  WatchCreateResult created = h.store.watch(watch_of(KeyRange::single("k"), 3));
  ASSERT_EQ(created.responses.size(), 1u);
  const std::vector<Event>& replay = created.responses[0].events;
  ASSERT_EQ(replay.size(), 2u);
  EXPECT_EQ(replay[0].type, EventType::kPut);
  EXPECT_EQ(replay[0].kv.mod_revision, 3);
  EXPECT_EQ(replay[0].kv.value_view(), "2");
  EXPECT_EQ(replay[1].type, EventType::kDelete);
  EXPECT_EQ(replay[1].kv.mod_revision, 4);
  EXPECT_EQ(replay[1].kv.value_view(), "");  // a delete event carries only key and revision
  EXPECT_EQ(replay[1].kv.create_revision, 0);
  EXPECT_EQ(created.responses[0].revision, 4);
  ApplyResult live = h.apply(PutRequest{"k", make_value("3")});
  ASSERT_EQ(live.watch_responses.size(), 1u);
  EXPECT_EQ(live.watch_responses[0].events.at(0).kv.version, 1);
}

TEST(Watch, StartBelowTheCompactedRevisionIsCanceledWithTheCompactRevision) {
  Harness h;
  h.put("k", "1");  // 2
  h.put("k", "2");  // 3
  h.put("k", "3");  // 4
  ASSERT_EQ(h.apply(CompactionRequest{3}).error, Error::kOk);
  WatchCreateResult too_old = h.store.watch(watch_of(KeyRange::single("k"), 2));
  EXPECT_EQ(too_old.error, Error::kCompacted);
  ASSERT_EQ(too_old.responses.size(), 1u);
  EXPECT_EQ(too_old.responses[0].compact_revision, 3);
  EXPECT_TRUE(too_old.responses[0].canceled);
  EXPECT_FALSE(h.store.watchers().contains(too_old.watch_id));
  // Starting exactly at the compacted revision is allowed and sees its event.
  WatchCreateResult at_compact = h.store.watch(watch_of(KeyRange::single("k"), 3));
  ASSERT_EQ(at_compact.error, Error::kOk);
  ASSERT_EQ(at_compact.responses.size(), 1u);
  EXPECT_EQ(at_compact.responses[0].events.size(), 2u);  // revisions 3 and 4
}

TEST(Watch, ADeleteAtTheCompactedRevisionIsStillReplayed) {
  Harness h;
  h.put("k", "1");               // 2
  h.del(KeyRange::single("k"));  // 3
  ASSERT_EQ(h.apply(CompactionRequest{3}).error, Error::kOk);
  WatchCreateResult created = h.store.watch(watch_of(KeyRange::single("k"), 3));
  ASSERT_EQ(created.responses.size(), 1u);
  ASSERT_EQ(created.responses[0].events.size(), 1u);
  EXPECT_EQ(created.responses[0].events[0].type, EventType::kDelete);
}

TEST(Watch, ResponsesGoOutInWatchIdOrderAndCancelStopsThem) {
  Harness h;
  WatchId first = h.store.watch(watch_of(KeyRange::prefix(""))).watch_id;
  WatchId second = h.store.watch(watch_of(KeyRange::single("k"))).watch_id;
  WatchId third = h.store.watch(watch_of(KeyRange::single("other"))).watch_id;
  EXPECT_LT(first, second);
  ApplyResult result = h.apply(PutRequest{"k", make_value("v")});
  ASSERT_EQ(result.watch_responses.size(), 2u);
  EXPECT_EQ(result.watch_responses[0].watch_id, first);
  EXPECT_EQ(result.watch_responses[1].watch_id, second);
  EXPECT_TRUE(h.store.cancel_watch(second));
  EXPECT_FALSE(h.store.cancel_watch(second));
  result = h.apply(PutRequest{"k", make_value("w")});
  ASSERT_EQ(result.watch_responses.size(), 1u);
  EXPECT_EQ(result.watch_responses[0].watch_id, first);
  (void)third;
}

TEST(Watch, ATxnIsOneResponseWithItsEventsInOrder) {
  Harness h;
  h.put("a", "0");
  WatchId id = h.store.watch(watch_of(KeyRange::from_key("a"))).watch_id;
  TxnRequest txn;
  txn.success.push_back(PutRequest{"b", make_value("1")});
  txn.success.push_back(DeleteRangeRequest{KeyRange::single("a")});
  txn.success.push_back(PutRequest{"c", make_value("1")});
  ApplyResult result = h.apply(txn);
  ASSERT_EQ(result.watch_responses.size(), 1u);
  EXPECT_EQ(result.watch_responses[0].watch_id, id);
  const std::vector<Event>& events = result.watch_responses[0].events;
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].kv.key, "b");
  EXPECT_EQ(events[1].kv.key, "a");
  EXPECT_EQ(events[1].type, EventType::kDelete);
  EXPECT_EQ(events[2].kv.key, "c");
}

TEST(Watch, FiltersDropPutsOrDeletes) {
  Harness h;
  WatchCreateRequest no_put = watch_of(KeyRange::single("k"));
  no_put.filter_put = true;
  WatchCreateRequest no_delete = watch_of(KeyRange::single("k"));
  no_delete.filter_delete = true;
  WatchId deletes_only = h.store.watch(no_put).watch_id;
  WatchId puts_only = h.store.watch(no_delete).watch_id;
  ApplyResult put = h.apply(PutRequest{"k", make_value("v")});
  ASSERT_EQ(put.watch_responses.size(), 1u);
  EXPECT_EQ(put.watch_responses[0].watch_id, puts_only);
  ApplyResult del = h.apply(DeleteRangeRequest{KeyRange::single("k")});
  ASSERT_EQ(del.watch_responses.size(), 1u);
  EXPECT_EQ(del.watch_responses[0].watch_id, deletes_only);
}

TEST(Watch, PrevKvIsTheStateBeforeTheChangeExceptForCreations) {
  Harness h;
  WatchCreateRequest request = watch_of(KeyRange::single("k"));
  request.prev_kv = true;
  h.store.watch(request);
  ApplyResult created = h.apply(PutRequest{"k", make_value("1")});
  EXPECT_FALSE(created.watch_responses.at(0).events.at(0).prev_kv.has_value());
  ApplyResult updated = h.apply(PutRequest{"k", make_value("2")});
  const auto& update_prev = updated.watch_responses.at(0).events.at(0).prev_kv;
  ASSERT_TRUE(update_prev.has_value());
  EXPECT_EQ(update_prev->value_view(), "1");
  ApplyResult deleted = h.apply(DeleteRangeRequest{KeyRange::single("k")});
  const auto& delete_prev = deleted.watch_responses.at(0).events.at(0).prev_kv;
  ASSERT_TRUE(delete_prev.has_value());
  EXPECT_EQ(delete_prev->value_view(), "2");
  EXPECT_EQ(delete_prev->version, 2);
}

TEST(Watch, FutureStartRevisionWaitsForIt) {
  Harness h;
  WatchId id = h.store.watch(watch_of(KeyRange::single("k"), 4)).watch_id;
  EXPECT_TRUE(h.apply(PutRequest{"k", make_value("2")}).watch_responses.empty());  // 2
  EXPECT_TRUE(h.apply(PutRequest{"k", make_value("3")}).watch_responses.empty());  // 3
  ApplyResult at_start = h.apply(PutRequest{"k", make_value("4")});                // 4
  ASSERT_EQ(at_start.watch_responses.size(), 1u);
  EXPECT_EQ(at_start.watch_responses[0].watch_id, id);
}

TEST(Watch, LongHistoriesAreReplayedInBatchesOfAThousandRevisions) {
  Harness h;
  for (int i = 0; i < 2500; ++i)
    h.put("k", std::to_string(i));  // revisions 2 .. 2501
  WatchCreateResult created = h.store.watch(watch_of(KeyRange::single("k"), 2));
  ASSERT_EQ(created.responses.size(), 3u);
  EXPECT_EQ(created.responses[0].events.size(), 1000u);
  EXPECT_EQ(created.responses[1].events.size(), 1000u);
  EXPECT_EQ(created.responses[2].events.size(), 500u);
  EXPECT_EQ(created.responses[2].events.back().kv.mod_revision, 2501);
}

TEST(Watch, ProgressNotificationsCarryTheCurrentRevision) {
  Harness h;
  WatchCreateRequest wants = watch_of(KeyRange::single("k"));
  wants.progress_notify = true;
  WatchId id = h.store.watch(wants).watch_id;
  h.store.watch(watch_of(KeyRange::single("j")));
  h.put("x", "1");
  std::vector<WatchResponse> progress = h.store.progress_notifications();
  ASSERT_EQ(progress.size(), 1u);
  EXPECT_EQ(progress[0].watch_id, id);
  EXPECT_EQ(progress[0].revision, 2);
  EXPECT_TRUE(progress[0].is_progress_notify());
}

TEST(Watch, AProgressRequestIsAnsweredWithTheCurrentRevisionForTheWholeStream) {
  Harness h;
  h.put("x", "1");  // 2
  const WatchId a = h.store.watch(watch_of(KeyRange::single("k"))).watch_id;
  const WatchId b = h.store.watch(watch_of(KeyRange::single("j"), 3)).watch_id;  // next rev
  h.put("x", "2");                                                               // 3
  std::optional<WatchResponse> requested = h.store.request_progress({a, b});
  ASSERT_TRUE(requested.has_value());
  EXPECT_EQ(requested->watch_id, kInvalidWatchId);
  EXPECT_EQ(requested->revision, 3);
  EXPECT_TRUE(requested->is_progress_notify());
}

TEST(Watch, AProgressRequestIsDroppedWhileAWatcherWaitsForAFutureRevision) {
  Harness h;
  h.put("x", "1");  // 2
  const WatchId now = h.store.watch(watch_of(KeyRange::single("k"))).watch_id;
  const WatchId future = h.store.watch(watch_of(KeyRange::single("k"), 4)).watch_id;
  EXPECT_TRUE(h.store.request_progress({now}).has_value());
  // progressIfSync: rev 2 < startRev 4: no answer (and none later: dropped, not deferred).
  EXPECT_FALSE(h.store.request_progress({now, future}).has_value());
  h.put("x", "2");  // 3
  EXPECT_FALSE(h.store.request_progress({future}).has_value());
  h.put("x", "3");  // 4
  std::optional<WatchResponse> answered = h.store.request_progress({now, future});
  ASSERT_TRUE(answered.has_value());
  EXPECT_EQ(answered->revision, 4);
}

TEST(Watch, AProgressRequestOfAStreamWithoutWatchersGetsNothing) {
  Harness h;
  const WatchId gone = h.store.watch(watch_of(KeyRange::single("k"))).watch_id;
  ASSERT_TRUE(h.store.cancel_watch(gone));
  EXPECT_FALSE(h.store.request_progress({gone}).has_value());
  EXPECT_FALSE(h.store.request_progress({}).has_value());
}

TEST(Watch, LeaseRevokeDeletesAreOneResponse) {
  Harness h;
  h.apply(LeaseGrantRequest{1, 60});
  h.put("a", "1", 1);
  h.put("b", "1", 1);
  h.store.watch(watch_of(KeyRange::from_key("a")));
  ApplyResult revoked = h.apply(LeaseRevokeRequest{1});
  ASSERT_EQ(revoked.watch_responses.size(), 1u);
  EXPECT_EQ(revoked.watch_responses[0].events.size(), 2u);
  EXPECT_EQ(revoked.watch_responses[0].revision, 4);
}

}  // namespace
}  // namespace kcsim::etcd::mvcc
