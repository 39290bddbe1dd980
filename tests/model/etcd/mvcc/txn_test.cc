#include <gtest/gtest.h>

#include "model/etcd/mvcc/store.h"
#include "tests/model/etcd/mvcc/harness.h"

namespace kcsim::etcd::mvcc {
namespace {

using testing::Harness;
using Result = Compare::Result;

// The API server's optimistic concurrency: update only if mod_revision is unchanged.
TxnRequest compare_and_swap(const std::string& key, std::int64_t expected_mod_revision,
                            const std::string& value) {
  TxnRequest txn;
  txn.compare.push_back(Compare::mod_revision(key, Result::kEqual, expected_mod_revision));
  txn.success.push_back(PutRequest{key, make_value(value)});
  RangeRequest read;
  read.range = KeyRange::single(key);
  txn.failure.push_back(read);
  return txn;
}

TEST(Txn, CompareAndSwapSucceedsOnlyAgainstTheCurrentModRevision) {
  Harness h;
  const std::int64_t written = h.put("pod", "v1");  // 2
  ApplyResult ok = h.apply(compare_and_swap("pod", written, "v2"));
  ASSERT_EQ(ok.error, Error::kOk);
  const auto& swapped = std::get<TxnResponse>(ok.response);
  EXPECT_TRUE(swapped.succeeded);
  EXPECT_EQ(swapped.header.revision, 3);
  EXPECT_EQ(h.value("pod"), "v2");

  ApplyResult stale = h.apply(compare_and_swap("pod", written, "v3"));
  const auto& conflict = std::get<TxnResponse>(stale.response);
  EXPECT_FALSE(conflict.succeeded);
  EXPECT_EQ(conflict.header.revision, 3);  // no write, no new revision
  const auto& read = std::get<RangeResponse>(conflict.responses.at(0));
  EXPECT_EQ(read.kvs.at(0).value_view(), "v2");
  EXPECT_EQ(read.kvs.at(0).mod_revision, 3);
}

TEST(Txn, AllWritesOfATxnShareOneRevisionWithIncreasingSubRevisions) {
  Harness h;
  h.put("x", "0");  // 2
  TxnRequest txn;
  txn.success.push_back(PutRequest{"a", make_value("1")});
  txn.success.push_back(PutRequest{"b", make_value("1")});
  txn.success.push_back(DeleteRangeRequest{KeyRange::single("x")});
  ApplyResult result = h.apply(txn);
  ASSERT_EQ(result.error, Error::kOk);
  EXPECT_EQ(h.store.current_revision(), 3);
  EXPECT_EQ(h.get(KeyRange::single("a")).kvs.at(0).mod_revision, 3);
  EXPECT_EQ(h.get(KeyRange::single("b")).kvs.at(0).mod_revision, 3);
  EXPECT_EQ(h.value("x", 2), "0");
  EXPECT_EQ(h.value("x", 3), "<none>");
  std::vector<StoredRevision> records = h.store.kv().records();
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[1].revision, (Revision{3, 0}));
  EXPECT_EQ(records[2].revision, (Revision{3, 1}));
  EXPECT_EQ(records[3].revision, (Revision{3, 2}));
  EXPECT_TRUE(records[3].tombstone);
}

TEST(Txn, CreateIfAbsentComparesCreateRevisionWithZero) {
  Harness h;
  TxnRequest create;
  create.compare.push_back(Compare::create_revision("lock", Result::kEqual, 0));
  create.success.push_back(PutRequest{"lock", make_value("me")});
  EXPECT_TRUE(std::get<TxnResponse>(h.apply(create).response).succeeded);
  EXPECT_FALSE(std::get<TxnResponse>(h.apply(create).response).succeeded);
  EXPECT_EQ(h.store.current_revision(), 2);
}

TEST(Txn, ValueCompareOnAMissingKeyFailsEvenForNotEqual) {
  Harness h;
  TxnRequest txn;
  txn.compare.push_back(Compare::value_of("missing", Result::kNotEqual, "x"));
  EXPECT_FALSE(std::get<TxnResponse>(h.apply(txn).response).succeeded);
  h.put("present", "b");
  TxnRequest greater;
  greater.compare.push_back(Compare::value_of("present", Result::kGreater, "a"));
  greater.compare.push_back(Compare::version("present", Result::kLess, 2));
  EXPECT_TRUE(std::get<TxnResponse>(h.apply(greater).response).succeeded);
}

TEST(Txn, RangeCompareRequiresEveryKeyToMatch) {
  Harness h;
  h.put("a/1", "x");  // 2
  h.put("a/2", "x");  // 3
  TxnRequest txn;
  Compare all_old{Result::kLess, Compare::Target::kMod, KeyRange::prefix("a/"), 3, {}};
  txn.compare.push_back(all_old);
  EXPECT_FALSE(std::get<TxnResponse>(h.apply(txn).response).succeeded);
  txn.compare[0].number = 4;
  EXPECT_TRUE(std::get<TxnResponse>(h.apply(txn).response).succeeded);
}

TEST(Txn, ReadsInsideATxnSeeItsOwnEarlierWrites) {
  Harness h;
  h.put("k", "old");  // 2
  TxnRequest txn;
  txn.success.push_back(PutRequest{"k", make_value("new")});
  RangeRequest read;
  read.range = KeyRange::single("k");
  txn.success.push_back(read);
  ApplyResult result = h.apply(txn);
  const auto& response = std::get<TxnResponse>(result.response);
  const auto& seen = std::get<RangeResponse>(response.responses.at(1));
  EXPECT_EQ(seen.kvs.at(0).value_view(), "new");
  EXPECT_EQ(seen.kvs.at(0).version, 2);
}

TEST(Txn, ReadOnlyTxnDoesNotAdvanceTheRevision) {
  Harness h;
  h.put("k", "v");
  TxnRequest txn;
  RangeRequest read;
  read.range = KeyRange::single("k");
  txn.success.push_back(read);
  txn.success.push_back(DeleteRangeRequest{KeyRange::single("nothing")});
  ApplyResult result = h.apply(txn);
  EXPECT_EQ(result.error, Error::kOk);
  EXPECT_EQ(h.store.current_revision(), 2);
  EXPECT_TRUE(result.watch_responses.empty());
}

TEST(Txn, AMissingLeaseFailsTheWholeChosenBranchWithoutAnyChange) {
  Harness h;
  TxnRequest txn;
  txn.success.push_back(PutRequest{"a", make_value("1")});
  txn.success.push_back(PutRequest{"b", make_value("1"), /*lease=*/42});
  ApplyResult result = h.apply(txn);
  EXPECT_EQ(result.error, Error::kLeaseNotFound);
  EXPECT_EQ(h.store.current_revision(), 1);
  EXPECT_EQ(h.value("a"), "<none>");
  // The same bad op in the branch not taken does not matter.
  TxnRequest other;
  other.compare.push_back(Compare::version("a", Result::kEqual, 0));
  other.success.push_back(PutRequest{"a", make_value("1")});
  other.failure.push_back(PutRequest{"b", make_value("1"), 42});
  EXPECT_EQ(h.apply(other).error, Error::kOk);
  EXPECT_EQ(h.value("a"), "1");
}

TEST(Put, IgnoreValueAndIgnoreLeaseKeepTheCurrentOnesAndNeedTheKey) {
  Harness h;
  PutRequest touch{"k", empty_value()};
  touch.ignore_value = true;
  EXPECT_EQ(h.apply(touch).error, Error::kKeyNotFound);
  EXPECT_EQ(h.store.current_revision(), 1);
  h.put("k", "kept");
  EXPECT_EQ(h.apply(touch).error, Error::kOk);
  KeyValue kv = h.get(KeyRange::single("k")).kvs.at(0);
  EXPECT_EQ(kv.value_view(), "kept");
  EXPECT_EQ(kv.version, 2);
}

}  // namespace
}  // namespace kcsim::etcd::mvcc
