// Revisions, ranges and compaction, through the Store's apply path.
#include <gtest/gtest.h>

#include "model/etcd/mvcc/store.h"
#include "tests/model/etcd/mvcc/harness.h"

namespace kcsim::etcd::mvcc {
namespace {

using testing::Harness;

TEST(Revisions, PutPutDeleteGiveRevisionsTwoThreeFourFromEtcdsInitialOne) {
  Harness h;
  EXPECT_EQ(h.store.current_revision(), 1);
  EXPECT_EQ(h.put("a", "1"), 2);
  EXPECT_EQ(h.put("b", "1"), 3);
  EXPECT_EQ(h.del(KeyRange::single("a")), 1);
  EXPECT_EQ(h.store.current_revision(), 4);
}

TEST(Revisions, DeleteOfNothingDoesNotAdvanceTheRevision) {
  Harness h;
  h.put("a", "1");
  EXPECT_EQ(h.del(KeyRange::single("zzz")), 0);
  EXPECT_EQ(h.store.current_revision(), 2);
  ApplyResult result = h.apply(DeleteRangeRequest{KeyRange::single("zzz")});
  EXPECT_EQ(std::get<DeleteRangeResponse>(result.response).header.revision, 2);
}

TEST(Revisions, VersionCountsPutsAndRestartsAfterADelete) {
  Harness h;
  h.put("k", "a");  // 2
  h.put("k", "b");  // 3
  h.put("k", "c");  // 4
  KeyValue kv = h.get(KeyRange::single("k")).kvs.at(0);
  EXPECT_EQ(kv.create_revision, 2);
  EXPECT_EQ(kv.mod_revision, 4);
  EXPECT_EQ(kv.version, 3);
  h.del(KeyRange::single("k"));  // 5
  h.put("k", "d");               // 6
  kv = h.get(KeyRange::single("k")).kvs.at(0);
  EXPECT_EQ(kv.create_revision, 6);
  EXPECT_EQ(kv.mod_revision, 6);
  EXPECT_EQ(kv.version, 1);
}

TEST(Revisions, PutResponseCarriesPrevKvOnlyWhenAsked) {
  Harness h;
  h.put("k", "old");
  PutRequest put{"k", make_value("new")};
  put.prev_kv = true;
  ApplyResult result = h.apply(put);
  const PutResponse& response = std::get<PutResponse>(result.response);
  EXPECT_EQ(response.header.revision, 3);
  ASSERT_TRUE(response.prev_kv.has_value());
  EXPECT_EQ(response.prev_kv->value_view(), "old");
  EXPECT_EQ(response.prev_kv->mod_revision, 2);
  ApplyResult without = h.apply(PutRequest{"k", make_value("newer")});
  EXPECT_FALSE(std::get<PutResponse>(without.response).prev_kv.has_value());
}

TEST(Range, ReadsPastRevisionsAndRejectsFutureOnes) {
  Harness h;
  h.put("k", "v1");              // 2
  h.put("k", "v2");              // 3
  h.del(KeyRange::single("k"));  // 4
  EXPECT_EQ(h.value("k", 1), "<none>");
  EXPECT_EQ(h.value("k", 2), "v1");
  EXPECT_EQ(h.value("k", 3), "v2");
  EXPECT_EQ(h.value("k", 4), "<none>");
  EXPECT_EQ(h.value("k"), "<none>");
  RangeRequest future;
  future.range = KeyRange::single("k");
  future.revision = 5;
  EXPECT_EQ(h.store.range(future).error, Error::kFutureRevision);
}

TEST(Range, PrefixLimitCountAndMore) {
  Harness h;
  h.put("a/1", "x");
  h.put("a/2", "y");
  h.put("a/3", "z");
  h.put("b/1", "w");
  RangeRequest request;
  request.range = KeyRange::prefix("a/");
  request.limit = 2;
  RangeResponse response = h.store.range(request).response;
  ASSERT_EQ(response.kvs.size(), 2u);
  EXPECT_EQ(response.kvs[0].key, "a/1");
  EXPECT_EQ(response.kvs[1].key, "a/2");
  EXPECT_EQ(response.count, 3);  // count ignores the limit
  EXPECT_TRUE(response.more);
  EXPECT_EQ(response.header.revision, 5);
  request.limit = 3;
  EXPECT_FALSE(h.store.range(request).response.more);
}

TEST(Range, CountOnlyAndKeysOnly) {
  Harness h;
  h.put("a/1", "x");
  h.put("a/2", "y");
  RangeRequest request;
  request.range = KeyRange::prefix("a/");
  request.count_only = true;
  RangeResponse counted = h.store.range(request).response;
  EXPECT_TRUE(counted.kvs.empty());
  EXPECT_EQ(counted.count, 2);
  request.count_only = false;
  request.keys_only = true;
  RangeResponse keys = h.store.range(request).response;
  ASSERT_EQ(keys.kvs.size(), 2u);
  EXPECT_EQ(keys.kvs[0].value_view(), "");
  EXPECT_EQ(keys.kvs[0].mod_revision, 2);
}

TEST(Range, LargeValuesAreSharedNotCopied) {
  Harness h;
  Value big = make_value(std::string(1 << 20, 'x'));
  h.apply(PutRequest{"big", big});
  RangeResponse response = h.get(KeyRange::single("big"));
  EXPECT_TRUE(response.kvs.at(0).value.shares_storage_with(big));
}

TEST(Compaction, RejectsRevisionsAtOrBelowTheCompactedOneAndInTheFuture) {
  Harness h;
  h.put("a", "1");  // 2
  h.put("a", "2");  // 3
  EXPECT_EQ(h.apply(CompactionRequest{4}).error, Error::kFutureRevision);
  EXPECT_EQ(h.apply(CompactionRequest{2}).error, Error::kOk);
  EXPECT_EQ(h.store.compact_revision(), 2);
  EXPECT_EQ(h.apply(CompactionRequest{2}).error, Error::kCompacted);
  EXPECT_EQ(h.apply(CompactionRequest{1}).error, Error::kCompacted);
  EXPECT_EQ(h.apply(CompactionRequest{3}).error, Error::kOk);
}

TEST(Compaction, ReadsBelowTheCompactedRevisionFailAndReadsAtOrAboveAreUnchanged) {
  Harness h;
  h.put("a", "1");               // 2
  h.put("b", "1");               // 3
  h.put("a", "2");               // 4
  h.del(KeyRange::single("b"));  // 5
  h.put("c", "1");               // 6
  ASSERT_EQ(h.apply(CompactionRequest{5}).error, Error::kOk);
  RangeRequest old;
  old.range = KeyRange::single("a");
  old.revision = 4;
  EXPECT_EQ(h.store.range(old).error, Error::kCompacted);
  EXPECT_EQ(h.value("a", 5), "2");
  EXPECT_EQ(h.value("b", 5), "<none>");
  EXPECT_EQ(h.value("c", 5), "<none>");
  EXPECT_EQ(h.value("c", 6), "1");
  KeyValue a = h.get(KeyRange::single("a"), 5).kvs.at(0);
  EXPECT_EQ(a.create_revision, 2);
  EXPECT_EQ(a.version, 2);
}

TEST(Compaction, RemovesSupersededRecordsButKeepsATombstoneAtTheRevision) {
  Harness h;
  h.put("a", "1");               // 2
  h.put("a", "2");               // 3
  h.put("b", "1");               // 4
  h.del(KeyRange::single("b"));  // 5
  EXPECT_EQ(h.store.kv().record_count(), 4u);
  ASSERT_EQ(h.apply(CompactionRequest{5}).error, Error::kOk);
  // a@2 goes; a@3 is a's latest at 5; b@4 goes; b's tombstone at 5 stays (compact == 5).
  EXPECT_EQ(h.store.kv().record_count(), 2u);
  EXPECT_EQ(h.store.kv().key_count(), 2u);
  h.put("c", "1");  // 6
  ASSERT_EQ(h.apply(CompactionRequest{6}).error, Error::kOk);
  // The tombstone at 5 is now below the compaction: b is forgotten entirely.
  EXPECT_EQ(h.store.kv().record_count(), 2u);
  EXPECT_EQ(h.store.kv().key_count(), 2u);
}

}  // namespace
}  // namespace kcsim::etcd::mvcc
