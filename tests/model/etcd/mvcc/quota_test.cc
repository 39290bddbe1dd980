#include <gtest/gtest.h>

#include "model/etcd/mvcc/request_checks.h"
#include "model/etcd/mvcc/store.h"
#include "tests/model/etcd/mvcc/harness.h"

namespace kcsim::etcd::mvcc {
namespace {

using testing::Harness;

TEST(QuotaCost, FollowsEtcdsBackendQuotaCost) {
  EXPECT_EQ(quota_cost_bytes(PutRequest{"key", make_value("value")}), 256 + 3 + 5);
  TxnRequest txn;
  txn.success.push_back(PutRequest{"a", make_value("1")});
  txn.failure.push_back(PutRequest{"b", make_value("22")});
  txn.failure.push_back(PutRequest{"c", make_value("333")});
  EXPECT_EQ(quota_cost_bytes(txn), (256 + 1 + 2) + (256 + 1 + 3));  // the larger branch
  EXPECT_EQ(quota_cost_bytes(LeaseGrantRequest{1, 10}), 64);
  EXPECT_EQ(quota_cost_bytes(DeleteRangeRequest{KeyRange::single("a")}), 0);
  EXPECT_EQ(quota_cost_bytes(CompactionRequest{5}), 0);
}

TEST(BackendSize, GrowsWithWritesAndDoesNotShrinkOnCompactionUntilDefrag) {
  Harness h;
  EXPECT_EQ(h.store.backend().file_bytes, kEmptyBackendBytes);
  const std::string value(1000, 'v');
  h.put("k", value);
  h.put("k", value);
  h.put("k", value);
  const std::int64_t per_put = record_bytes("k", value);
  EXPECT_EQ(h.store.backend().in_use_bytes, kEmptyBackendBytes + 3 * per_put);
  EXPECT_EQ(h.store.backend().file_bytes, kEmptyBackendBytes + 3 * per_put);
  ASSERT_EQ(h.apply(CompactionRequest{4}).error, Error::kOk);
  EXPECT_EQ(h.store.backend().in_use_bytes, kEmptyBackendBytes + per_put);
  EXPECT_EQ(h.store.backend().file_bytes, kEmptyBackendBytes + 3 * per_put);
  // Freed pages are reused: one more put does not grow the file.
  h.put("k", value);
  EXPECT_EQ(h.store.backend().file_bytes, kEmptyBackendBytes + 3 * per_put);
  h.store.defragment();
  EXPECT_EQ(h.store.backend().file_bytes, kEmptyBackendBytes + 2 * per_put);
}

TEST(Quota, ExceedingItRaisesNospaceAndThenOnlyWritesThatAddDataFail) {
  const std::string value(1000, 'v');
  const std::int64_t per_put = record_bytes("k", value);
  StoreConfig config;
  // Room for three versions of "k" in the file; the fourth put's cost does not fit.
  config.quota_backend_bytes = kEmptyBackendBytes + 3 * per_put + 256 + 1 + 1000;
  Harness h(config);
  h.put("k", value);  // 2
  h.put("k", value);  // 3
  h.put("k", value);  // 4: file = empty + 3 * per_put, then cost no longer fits
  EXPECT_FALSE(h.store.nospace_alarm());

  // The put that does not fit is applied, returns kNoSpace and raises the alarm.
  ApplyResult over = h.apply(PutRequest{"k", make_value(value)});
  EXPECT_EQ(over.error, Error::kNoSpace);
  EXPECT_TRUE(over.nospace_alarm_raised);
  EXPECT_TRUE(h.store.nospace_alarm());
  EXPECT_EQ(h.store.current_revision(), 5);
  EXPECT_EQ(h.store.check_quota(PutRequest{"x", make_value("1")}), Error::kNoSpace);

  // Now every put fails without a change, even a tiny one, and so do txns with puts.
  EXPECT_EQ(h.apply(PutRequest{"x", make_value("1")}).error, Error::kNoSpace);
  TxnRequest txn;
  txn.failure.push_back(PutRequest{"x", make_value("1")});
  EXPECT_EQ(h.apply(txn).error, Error::kNoSpace);
  EXPECT_EQ(h.apply(LeaseGrantRequest{7, 60}).error, Error::kNoSpace);
  EXPECT_EQ(h.store.current_revision(), 5);

  // Reads, deletes and compaction still work.
  EXPECT_EQ(h.value("k"), value);
  EXPECT_EQ(h.apply(CompactionRequest{5}).error, Error::kOk);
  EXPECT_EQ(h.apply(PutRequest{"unused", make_value("")}).error, Error::kNoSpace);  // still capped
  EXPECT_EQ(h.store.current_revision(), 5);
  EXPECT_EQ(h.del(KeyRange::single("k")), 1);
  EXPECT_EQ(h.store.current_revision(), 6);

  // Compaction alone frees nothing in the file; defrag does; then disarm.
  const std::int64_t before_defrag = h.store.backend().file_bytes;
  h.store.defragment();
  EXPECT_LT(h.store.backend().file_bytes, before_defrag);
  EXPECT_EQ(h.apply(AlarmRequest{AlarmRequest::Action::kDeactivate}).error, Error::kOk);
  EXPECT_FALSE(h.store.nospace_alarm());
  EXPECT_EQ(h.apply(PutRequest{"x", make_value("1")}).error, Error::kOk);
  EXPECT_EQ(h.store.current_revision(), 7);
}

TEST(Quota, NegativeQuotaDisablesItAndZeroMeansTheDefault) {
  StoreConfig none;
  none.quota_backend_bytes = -1;
  EXPECT_EQ(Store(none).check_quota(PutRequest{"k", make_value(std::string(100, 'x'))}),
            Error::kOk);
  StoreConfig zero;
  zero.quota_backend_bytes = 0;
  EXPECT_EQ(Store(zero).quota_backend_bytes(), 2LL * 1024 * 1024 * 1024);
}

TEST(Quota, AlarmCanBeActivatedThroughTheLogAsTheProposingMemberDoes) {
  Harness h;
  EXPECT_EQ(h.apply(AlarmRequest{AlarmRequest::Action::kActivate}).error, Error::kOk);
  EXPECT_EQ(h.apply(PutRequest{"k", make_value("v")}).error, Error::kNoSpace);
  EXPECT_EQ(h.store.current_revision(), 1);
}

TEST(RequestChecks, RejectsTooLargeEmptyDuplicateAndTooManyOps) {
  const RequestLimits limits;
  EXPECT_EQ(check_request(PutRequest{"k", make_value(std::string(1536 * 1024, 'x'))}, limits),
            Error::kRequestTooLarge);
  EXPECT_EQ(check_request(PutRequest{"k", make_value(std::string(1500 * 1024, 'x'))}, limits),
            Error::kOk);
  EXPECT_EQ(check_request(PutRequest{"", make_value("v")}, limits), Error::kEmptyKey);
  TxnRequest duplicate;
  duplicate.success.push_back(PutRequest{"a", make_value("1")});
  duplicate.success.push_back(PutRequest{"a", make_value("2")});
  EXPECT_EQ(check_request(duplicate, limits), Error::kDuplicateKey);
  TxnRequest put_in_deleted;
  put_in_deleted.failure.push_back(DeleteRangeRequest{KeyRange::prefix("a/")});
  put_in_deleted.failure.push_back(PutRequest{"a/1", make_value("2")});
  EXPECT_EQ(check_request(put_in_deleted, limits), Error::kDuplicateKey);
  TxnRequest separate_branches;
  separate_branches.success.push_back(PutRequest{"a", make_value("1")});
  separate_branches.failure.push_back(PutRequest{"a", make_value("2")});
  EXPECT_EQ(check_request(separate_branches, limits), Error::kOk);
  TxnRequest many;
  for (int i = 0; i < 129; ++i) {
    many.success.push_back(PutRequest{"k" + std::to_string(i), make_value("v")});
  }
  EXPECT_EQ(check_request(many, limits), Error::kTooManyOps);
  many.success.pop_back();
  EXPECT_EQ(check_request(many, limits), Error::kOk);
}

}  // namespace
}  // namespace kcsim::etcd::mvcc
