#include <gtest/gtest.h>

#include "model/etcd/mvcc/lessor.h"
#include "model/etcd/mvcc/store.h"
#include "tests/model/etcd/mvcc/harness.h"

namespace kcsim::etcd::mvcc {
namespace {

using sim::kMillisecond;
using sim::kSecond;
using testing::Harness;

TEST(MinLeaseTtl, IsCeilOfOneAndAHalfElectionTimeouts) {
  EXPECT_EQ(min_lease_ttl_seconds(10, 100 * kMillisecond), 2);  // etcd defaults: 1.5s -> 2
  EXPECT_EQ(min_lease_ttl_seconds(10, 200 * kMillisecond), 3);  // exactly 3s
  EXPECT_EQ(min_lease_ttl_seconds(5, 100 * kMillisecond), 1);   // (15 / 2) * 100ms = 0.7s
  EXPECT_EQ(min_lease_ttl_seconds(50, 100 * kMillisecond), 8);  // 7.5s -> 8
}

TEST(Lessor, GrantAppliesTheMinimumTtlAndRejectsBadRequests) {
  Lessor lessor(5);
  EXPECT_EQ(lessor.grant(1, 2, 0).ttl_seconds, 5);
  EXPECT_EQ(lessor.grant(2, 60, 0).ttl_seconds, 60);
  EXPECT_EQ(lessor.grant(1, 60, 0).error, Error::kLeaseExists);
  EXPECT_EQ(lessor.grant(kNoLease, 60, 0).error, Error::kLeaseNotFound);
  EXPECT_EQ(lessor.grant(3, kMaxLeaseTtlSeconds + 1, 0).error, Error::kLeaseTtlTooLarge);
  EXPECT_EQ(lessor.size(), 2u);
}

TEST(Lessor, OnlyThePrimaryExpiresLeases) {
  Lessor lessor;
  lessor.grant(1, 10, 0);
  EXPECT_TRUE(lessor.expired(1000 * kSecond, 100).empty());
  EXPECT_EQ(lessor.keep_alive(1, 0).error, Error::kNotPrimary);
  lessor.promote(0, 1 * kSecond);  // extend by an election timeout
  EXPECT_TRUE(lessor.expired(11 * kSecond - 1, 100).empty());
  EXPECT_EQ(lessor.expired(11 * kSecond, 100), (std::vector<LeaseId>{1}));
  lessor.demote();
  EXPECT_TRUE(lessor.expired(1000 * kSecond, 100).empty());
}

TEST(Lessor, KeepAliveRenewsFromNowAndExpiredLeasesMustWaitForTheirRevoke) {
  Lessor lessor;
  lessor.promote(0, 0);
  lessor.grant(1, 10, 0);
  lessor.grant(2, 10, 0);
  KeepAliveResult renewed = lessor.keep_alive(1, 8 * kSecond);
  EXPECT_EQ(renewed.error, Error::kOk);
  EXPECT_EQ(renewed.ttl_seconds, 10);
  EXPECT_EQ(lessor.expired(10 * kSecond, 100), (std::vector<LeaseId>{2}));
  EXPECT_EQ(lessor.remaining_seconds(1, 10 * kSecond), 8);
  EXPECT_EQ(lessor.keep_alive(2, 10 * kSecond).error, Error::kLeaseExpired);
  EXPECT_EQ(lessor.keep_alive(3, 0).error, Error::kLeaseNotFound);
}

TEST(Lessor, ExpiredListsEarliestFirstAndRespectsTheBound) {
  Lessor lessor;
  lessor.promote(0, 0);
  lessor.grant(5, 30, 0);
  lessor.grant(6, 20, 0);
  lessor.grant(7, 20, 0);
  EXPECT_EQ(lessor.expired(60 * kSecond, 100), (std::vector<LeaseId>{6, 7, 5}));
  EXPECT_EQ(lessor.expired(60 * kSecond, 2), (std::vector<LeaseId>{6, 7}));
}

TEST(Lessor, PromoteUsesTheCheckpointedRemainingTtlAndKeepAliveClearsIt) {
  Lessor lessor;
  lessor.grant(1, 60, 0);
  lessor.checkpoint(1, 15);
  lessor.promote(100 * kSecond, 1 * kSecond);
  EXPECT_EQ(lessor.expired(116 * kSecond - 1, 10), (std::vector<LeaseId>{}));
  EXPECT_EQ(lessor.expired(116 * kSecond, 10), (std::vector<LeaseId>{1}));
  lessor.keep_alive(1, 110 * kSecond);
  lessor.demote();
  lessor.promote(200 * kSecond, 0);  // the checkpoint was cleared: full TTL again
  EXPECT_EQ(lessor.find(1)->expiry, 260 * kSecond);
}

// With 2000 leases all due at once after a promote, etcd spreads them so that no more
// than 3/4 of the 1000/s revoke rate expire in the first second: lease i (counting from
// 1 in expiry order) beyond the 750th is pushed to base + i/750 seconds.
TEST(Lessor, PromoteSpreadsPiledUpExpiries) {
  Lessor lessor;
  for (LeaseId id = 1; id <= 2000; ++id)
    lessor.grant(id, 10, 0);
  lessor.promote(0, 1 * kSecond);
  const sim::Time base = 11 * kSecond;
  int in_first_second = 0;
  int in_second_second = 0;
  sim::Time latest = 0;
  for (LeaseId id = 1; id <= 2000; ++id) {
    const sim::Time expiry = lessor.find(id)->expiry;
    EXPECT_GE(expiry, base);
    if (expiry < base + kSecond) ++in_first_second;
    if (expiry >= base + kSecond && expiry < base + 2 * kSecond) ++in_second_second;
    latest = std::max(latest, expiry);
  }
  EXPECT_EQ(in_first_second, 750);
  EXPECT_EQ(in_second_second, 749);  // i = 751 .. 1499; i = 1500 lands on base + 2s
  EXPECT_EQ(latest, base + kSecond * 2000 / 750);
}

TEST(Leases, RevokeDeletesAttachedKeysInOneRevision) {
  Harness h;
  ASSERT_EQ(h.apply(LeaseGrantRequest{9, 30}).error, Error::kOk);
  h.put("a", "1", 9);  // 2
  h.put("b", "1", 9);  // 3
  h.put("c", "1");     // 4
  EXPECT_EQ(h.store.lessor().find(9)->keys.size(), 2u);
  ApplyResult revoked = h.apply(LeaseRevokeRequest{9});
  ASSERT_EQ(revoked.error, Error::kOk);
  EXPECT_EQ(h.store.current_revision(), 5);
  EXPECT_EQ(h.value("a"), "<none>");
  EXPECT_EQ(h.value("b"), "<none>");
  EXPECT_EQ(h.value("c"), "1");
  EXPECT_FALSE(h.store.lessor().contains(9));
  EXPECT_EQ(h.apply(LeaseRevokeRequest{9}).error, Error::kLeaseNotFound);
}

TEST(Leases, RevokeOfALeaseWithoutKeysKeepsTheRevision) {
  Harness h;
  h.apply(LeaseGrantRequest{9, 30});
  h.apply(LeaseRevokeRequest{9});
  EXPECT_EQ(h.store.current_revision(), 1);
}

TEST(Leases, PutMovesAKeyBetweenLeasesAndDeleteDetachesIt) {
  Harness h;
  h.apply(LeaseGrantRequest{1, 30});
  h.apply(LeaseGrantRequest{2, 30});
  EXPECT_EQ(h.apply(PutRequest{"k", make_value("v"), 3}).error, Error::kLeaseNotFound);
  h.put("k", "v", 1);
  h.put("k", "v", 2);
  EXPECT_TRUE(h.store.lessor().find(1)->keys.empty());
  EXPECT_EQ(h.store.lessor().find(2)->keys.count("k"), 1u);
  h.apply(LeaseRevokeRequest{1});  // k is no longer on lease 1
  EXPECT_EQ(h.value("k"), "v");
  h.del(KeyRange::single("k"));
  EXPECT_TRUE(h.store.lessor().find(2)->keys.empty());
}

TEST(Leases, ExpiryOnTheLeaderLeadsToARevokeThatDeletesTheKeys) {
  Harness h;
  h.store.promote(0, 0);
  h.apply(LeaseGrantRequest{1, 5});
  h.put("session", "alive", 1);
  EXPECT_TRUE(h.store.expired_leases(4 * kSecond, 10).empty());
  std::vector<LeaseId> due = h.store.expired_leases(5 * kSecond, 10);
  ASSERT_EQ(due, (std::vector<LeaseId>{1}));
  h.now = 5 * kSecond;
  h.apply(LeaseRevokeRequest{due[0]});  // what the leader proposes
  EXPECT_EQ(h.value("session"), "<none>");
  EXPECT_TRUE(h.store.expired_leases(100 * kSecond, 10).empty());
}

}  // namespace
}  // namespace kcsim::etcd::mvcc
