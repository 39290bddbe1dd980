// Leases through members and clients: the leader's lessor expires a lease whose keeper
// is gone, keeps one whose keeper renews it across a leader crash, and never revokes a
// lease before the TTL its last renewal promised (etcd.lease_violations). Each bound
// is derived in the test's comment from the defaults, not from a run.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "tests/model/runner/scenario_text_run.h"

namespace kcsim::runner {
namespace {

constexpr const char* kLeases = R"(apiVersion: kcsim/v1
kind: Scenario
metadata: {name: leases}
spec:
  seed: 1
  duration: 30s
  cluster:
    etcd:
      members: 3
      clients: {count: 4, qps: 20, keys: 20}
      leases: {count: 3, ttl: 5s}
  checks:
    - {name: no lease revoked before its promise, always: "etcd.lease_violations == 0"}
)";

RunResult run_leases(std::vector<std::string> sets) {
  return scenario_test::run_text(kLeases, "leases.yaml", std::move(sets));
}

using scenario_test::all_checks_pass;
using scenario_test::metric;

double per_member_sum(const RunResult& r, const std::string& name) {
  double sum = 0;
  for (int i = 0; i < 3; ++i)
    sum += metric(r, name + "{member=\"etcd-" + std::to_string(i) + "\"}");
  return sum;
}

double expired(const RunResult& r) {
  return per_member_sum(r, "etcd_debugging_server_lease_expired_total");
}

TEST(EtcdLease, KeptLeasesAreRenewedAndNeverExpire) {
  const RunResult r = run_leases({});
  EXPECT_TRUE(all_checks_pass(r));
  EXPECT_EQ(expired(r), 0);
  EXPECT_EQ(metric(r, "etcd_lease_keepalive_lost_total"), 0);
  // A keep-alive every TTL/3 (1.67s) per keeper, for about 28s: some 16 each.
  EXPECT_GE(per_member_sum(r, "etcd_debugging_lease_renewed_total"), 3 * 14);
}

// The keeper dies at 10s. Its last renewal was at most TTL/3 earlier, so the lease
// expires between 13.3s and 15s; the leader checks every 500ms and needs a ReadIndex
// round and a commit to revoke it: revoked after 13s and by 16s.
TEST(EtcdLease, TheLeaderRevokesALeaseWhoseKeeperDied) {
  const std::string crash = "spec.timeline=[{at: 10s, crash: lease-1}]";
  const RunResult before = run_leases({crash, "spec.duration=13s"});
  EXPECT_EQ(expired(before), 0);
  const RunResult after = run_leases({crash, "spec.duration=16s"});
  EXPECT_EQ(expired(after), 1);
  EXPECT_TRUE(all_checks_pass(after));
}

// A new leader extends every lease by an election timeout past its full TTL when it
// promotes its lessor; keepers that lost the old leader find the new one within an
// election (at most about 4.1s with one split vote) plus a 500ms send tick, inside a
// 10s TTL even if their last answer is TTL/3 old.
TEST(EtcdLease, LeasesSurviveALeaderCrash) {
  for (int seed = 1; seed <= 5; ++seed) {
    const RunResult r =
        run_leases({"spec.seed=" + std::to_string(seed), "spec.cluster.etcd.leases.ttl=10s",
                    "spec.timeline=[{at: 10s, crash: etcd/leader, for: 5s}]"});
    EXPECT_TRUE(all_checks_pass(r)) << "seed " << seed;
    EXPECT_EQ(expired(r), 0) << "seed " << seed;
    EXPECT_EQ(metric(r, "etcd_lease_keepalive_lost_total"), 0) << "seed " << seed;
  }
}

// The leader is cut off from everyone for 15s. A keeper whose keep-alive stream goes
// to it hears nothing; gRPC's keep-alive (30s + 10s) gives up on the stream long after
// the 15s TTL, so its lease is lost, though the cluster had a leader all along. With
// 5s + 2s the stream moves within 7s and the lease is kept. Lease safety holds either
// way.
TEST(EtcdLease, ACutOffMemberCostsTheLeaseUnlessKeepAliveIsShorterThanTheTtl) {
  const std::vector<std::string> base = {
      "spec.duration=40s", "spec.cluster.etcd.leases.ttl=15s",
      "spec.timeline=[{at: 10s, partition: [[etcd/leader]], for: 15s}]"};
  const RunResult slow = run_leases(base);
  EXPECT_TRUE(all_checks_pass(slow));
  EXPECT_GE(metric(slow, "etcd_lease_keepalive_lost_total"), 1);
  EXPECT_GE(expired(slow), 1);
  std::vector<std::string> quick = base;
  quick.push_back("spec.cluster.etcd.leases.keepaliveTime=5s");
  quick.push_back("spec.cluster.etcd.leases.keepaliveTimeout=2s");
  for (int seed = 1; seed <= 5; ++seed) {
    quick.push_back("spec.seed=" + std::to_string(seed));
    const RunResult r = run_leases(quick);
    quick.pop_back();
    EXPECT_TRUE(all_checks_pass(r)) << "seed " << seed;
    EXPECT_EQ(metric(r, "etcd_lease_keepalive_lost_total"), 0) << "seed " << seed;
  }
}

// Reads waiting for their read index when a new leader appears get "leader changed"
// (etcd_server_read_indexes_failed_total) and the clients retry them elsewhere: the
// history stays linearizable.
TEST(EtcdLease, ReadsCutShortByANewLeaderAreRetried) {
  double failed = 0;
  for (int seed = 1; seed <= 5; ++seed) {
    const RunResult r = run_leases(
        {"spec.seed=" + std::to_string(seed), "spec.cluster.etcd.clients.readFraction=0.9",
         "spec.timeline=[{at: 10s, crash: etcd/leader, for: 5s}]",
         "spec.checks=[{name: linearizable, expect: etcd.linearizable}]"});
    EXPECT_TRUE(all_checks_pass(r)) << "seed " << seed;
    failed += per_member_sum(r, "etcd_server_read_indexes_failed_total");
  }
  EXPECT_GE(failed, 1);
}

}  // namespace
}  // namespace kcsim::runner
