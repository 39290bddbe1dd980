// kube-apiserver's compactors through a client and the members: one compaction per
// interval whatever the number of compactors, another compactor taking over when one
// dies, and a watch that falls behind a compaction halted with "compacted", end to end.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "tests/model/runner/scenario_text_run.h"

namespace kcsim::runner {
namespace {

constexpr const char* kCompaction = R"(apiVersion: kcsim/v1
kind: Scenario
metadata: {name: compaction}
spec:
  seed: 1
  duration: 70s
  cluster:
    etcd:
      members: 3
      clients: {count: 4, qps: 20, keys: 20}
      watchers: {count: 3}
      compactors: {count: 2, interval: 20s}
  checks:
    - {name: every change once and in order, always: "etcd.watch_violations == 0"}
)";

RunResult run_compaction(std::vector<std::string> sets) {
  return scenario_test::run_text(kCompaction, "compaction.yaml", std::move(sets));
}

using scenario_test::all_checks_pass;
using scenario_test::metric;

const char* const kCompactedHalts = "etcd_watch_halts_total{reason=\"compacted\"}";

// Rounds at about 20s, 40s and 60s. In each, one compactor's Txn on compact_rev_key
// wins; the first win compacts nothing (no revision noted yet): 2 compactions by 70s.
TEST(EtcdCompaction, OneCompactionPerIntervalWithTwoCompactors) {
  const RunResult r =
      run_compaction({"spec.checks=[{name: compacted, expect: \"etcd.compact_revision > 0\"}]"});
  EXPECT_TRUE(all_checks_pass(r));
  EXPECT_EQ(metric(r, "etcd_compactor_compactions_total"), 2);
  EXPECT_EQ(metric(r, kCompactedHalts), 0);  // the watchers keep up
}

// compactor-0 dies at 25s, after winning the first round. compactor-1's compact time
// then matches the key's version at 40s: it wins every round from there (40s, 60s,
// 80s, 100s) and compacts each time.
TEST(EtcdCompaction, AnotherCompactorTakesOver) {
  const RunResult r =
      run_compaction({"spec.duration=110s", "spec.timeline=[{at: 25s, crash: compactor-0}]"});
  EXPECT_TRUE(all_checks_pass(r));
  EXPECT_EQ(metric(r, "etcd_compactor_compactions_total"), 4);
}

// watcher-0 is cut off from 10s to 70s. Its stream fails by keep-alive at about 50s and
// it cannot reconnect until the heal; by then the compaction at about 60s has removed
// the revisions it would resume from: the member refuses with "compacted", and the
// watcher starts a new segment. The segments it has are all verified.
TEST(EtcdCompaction, AWatcherBehindACompactionHaltsWithCompacted) {
  const RunResult r = run_compaction(
      {"spec.duration=110s", "spec.timeline=[{at: 10s, partition: [[watcher-0]], for: 60s}]"});
  EXPECT_TRUE(all_checks_pass(r));
  EXPECT_EQ(metric(r, kCompactedHalts), 1);
  // Without the compactors nothing is compacted: the watch resumes where it stopped.
  const RunResult none =
      run_compaction({"spec.duration=110s", "spec.cluster.etcd.compactors.count=0",
                      "spec.timeline=[{at: 10s, partition: [[watcher-0]], for: 60s}]"});
  EXPECT_TRUE(all_checks_pass(none));
  EXPECT_EQ(metric(none, kCompactedHalts), 0);
  EXPECT_GE(metric(none, "etcd_watch_resumes_total"), 1);
}

}  // namespace
}  // namespace kcsim::runner
