#include <gtest/gtest.h>

#include "model/etcd/mvcc/store.h"
#include "tests/model/etcd/mvcc/harness.h"

namespace kcsim::etcd::mvcc {
namespace {

using testing::Harness;

TEST(ConsistentIndex, EntriesAtOrBelowItAreSkipped) {
  Store store;
  ApplyResult first = store.apply(5, 1, PutRequest{"k", make_value("1")}, 0);
  EXPECT_TRUE(first.applied);
  EXPECT_EQ(store.consistent_index(), 5u);
  EXPECT_EQ(store.current_revision(), 2);
  // A replay of the same entry (e.g. after a restart) and an older one change nothing.
  EXPECT_FALSE(store.apply(5, 1, PutRequest{"k", make_value("1")}, 0).applied);
  EXPECT_FALSE(store.apply(3, 1, PutRequest{"k", make_value("x")}, 0).applied);
  EXPECT_EQ(store.current_revision(), 2);
  EXPECT_EQ(std::string(store.range({KeyRange::single("k")}).response.kvs.at(0).value_view()), "1");
  // A failed request still consumes its index.
  ApplyResult failed = store.apply(6, 2, CompactionRequest{100}, 0);
  EXPECT_TRUE(failed.applied);
  EXPECT_EQ(failed.error, Error::kFutureRevision);
  EXPECT_EQ(store.consistent_index(), 6u);
  EXPECT_EQ(store.consistent_term(), 2u);
}

// A store with some of everything: versions, deletes, a compaction, leases, an alarm.
void build_history(Harness& h) {
  h.apply(LeaseGrantRequest{7, 60});
  h.apply(LeaseGrantRequest{8, 60});
  h.apply(LeaseCheckpointRequest{8, 30});
  h.put("a", "1");               // 2
  h.put("b", "1", 7);            // 3
  h.put("a", "2");               // 4
  h.del(KeyRange::single("a"));  // 5
  h.put("c", "1", 8);            // 6
  h.put("d", "1");               // 7
  h.del(KeyRange::single("d"));  // 8
  ASSERT_EQ(h.apply(CompactionRequest{5}).error, Error::kOk);
  h.put("a", "3");  // 9
  h.apply(AlarmRequest{AlarmRequest::Action::kActivate});
}

TEST(Snapshot, RestoreIntoAFreshStoreGivesTheSameStateAndSnapshot) {
  Harness original;
  build_history(original);
  const StoreSnapshot snapshot = original.store.snapshot();
  EXPECT_EQ(snapshot.current_revision, 9);
  EXPECT_EQ(snapshot.compact_revision, 5);
  EXPECT_TRUE(snapshot.nospace_alarm);

  Harness copy;
  copy.store.restore(snapshot);
  copy.index = original.index;
  EXPECT_EQ(copy.store.snapshot(), snapshot);
  for (std::int64_t revision = 5; revision <= 9; ++revision) {
    for (const char* key : {"a", "b", "c", "d"}) {
      EXPECT_EQ(copy.value(key, revision), original.value(key, revision)) << key << "@" << revision;
    }
  }
  // The key index was rebuilt: versions and create revisions continue as before.
  original.apply(AlarmRequest{AlarmRequest::Action::kDeactivate});
  copy.apply(AlarmRequest{AlarmRequest::Action::kDeactivate});
  original.put("b", "2");
  copy.put("b", "2");
  EXPECT_EQ(copy.get(KeyRange::single("b")).kvs.at(0),
            original.get(KeyRange::single("b")).kvs.at(0));
  EXPECT_EQ(copy.get(KeyRange::single("b")).kvs.at(0).version, 2);
  // Leases came back with their keys attached: revoking 8 deletes c on both.
  original.apply(LeaseRevokeRequest{8});
  copy.apply(LeaseRevokeRequest{8});
  EXPECT_EQ(copy.value("c"), "<none>");
  EXPECT_EQ(copy.store.snapshot(), original.store.snapshot());
  // Compaction continues identically, tombstone bookkeeping included.
  original.apply(CompactionRequest{11});
  copy.apply(CompactionRequest{11});
  EXPECT_EQ(copy.store.snapshot(), original.store.snapshot());
}

TEST(Snapshot, RestoredLeasesHaveNoExpiryUntilPromoteAndKeepTheirCheckpoint) {
  Harness original;
  build_history(original);
  Harness copy;
  copy.store.restore(original.store.snapshot());
  EXPECT_TRUE(copy.store.expired_leases(1'000'000 * sim::kSecond, 10).empty());
  copy.store.promote(0, 0);
  // Lease 8 was checkpointed at 30s remaining; lease 7 gets its full 60s.
  EXPECT_EQ(copy.store.expired_leases(30 * sim::kSecond, 10), (std::vector<LeaseId>{8}));
  EXPECT_EQ(copy.store.expired_leases(60 * sim::kSecond, 10), (std::vector<LeaseId>{8, 7}));
}

TEST(Snapshot, AWatcherBehindTheSnapshotsCompactionIsCanceled) {
  Harness leader;
  Harness follower;
  WatchId lagging = follower.store.watch({KeyRange::prefix(""), 0}).watch_id;
  leader.put("a", "1");  // 2
  leader.put("b", "1");  // 3
  leader.put("c", "1");  // 4
  leader.apply(CompactionRequest{4});
  // The watcher needs revision 2 onwards; the snapshot only has what compaction at 4 kept.
  std::vector<WatchResponse> compacted = follower.store.restore(leader.store.snapshot());
  ASSERT_EQ(compacted.size(), 1u);
  EXPECT_EQ(compacted[0].watch_id, lagging);
  EXPECT_TRUE(compacted[0].canceled);
  EXPECT_EQ(compacted[0].compact_revision, 4);
  EXPECT_EQ(follower.store.watchers().size(), 0u);
}

TEST(Snapshot, RestoreReplaysTheMissedHistoryToWatchers) {
  Harness leader;
  Harness follower;
  WatchId id = follower.store.watch({KeyRange::prefix(""), 0}).watch_id;
  leader.put("a", "1");  // 2
  leader.put("b", "1");  // 3
  std::vector<WatchResponse> replay = follower.store.restore(leader.store.snapshot());
  ASSERT_EQ(replay.size(), 1u);
  EXPECT_EQ(replay[0].watch_id, id);
  ASSERT_EQ(replay[0].events.size(), 2u);
  EXPECT_EQ(replay[0].events[0].kv.key, "a");
  EXPECT_EQ(replay[0].events[1].kv.key, "b");
  // And it keeps following live writes from there.
  follower.index = leader.index;
  ApplyResult live = follower.apply(PutRequest{"c", make_value("1")});
  ASSERT_EQ(live.watch_responses.size(), 1u);
  EXPECT_EQ(live.watch_responses[0].events.at(0).kv.mod_revision, 4);
}

}  // namespace
}  // namespace kcsim::etcd::mvcc
