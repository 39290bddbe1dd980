// Checks over a window after a timeline entry, in a whole run: the leader's disk slows
// tenfold from 10s to 20s. A p99 over the 10s after the slowdown must see it (the check
// fails), the p99 from the heal to the end must not (it passes), whatever the cumulative
// p99 says.
#include <gtest/gtest.h>

#include "tests/model/runner/scenario_text_run.h"

namespace kcsim::runner {
namespace {

using scenario_test::run_text;

// The WAL fsync's p99 is 10ms (etcd_config.h); tenfold, 100ms, and a write waits for the
// leader's own fsync: more than 1% of the writes in [10s, 20s] take over 50ms. After the
// heal the disk is back to 10ms at p99 (the backend commit's p99 25ms on the same disk):
// a p99 under 50ms, as in etcd-leader-crash.yaml before its crash.
constexpr const char* kScenario = R"(apiVersion: kcsim/v1
kind: Scenario
metadata: {name: event-windows}
spec:
  duration: 30s
  cluster:
    etcd:
      members: 3
      clients: {count: 4, qps: 20, keys: 20}
  timeline:
    - {at: 10s, name: slow disk, slowDisk: etcd/leader, factor: 10}
    - {at: 20s, name: disk healed, healDisk: etcd/leader}
  checks:
    - {name: slow window, expect: "etcd_request_duration_seconds.p99 < 50ms", over: 10s, after: slow disk}
    - {name: after the heal, expect: "etcd_request_duration_seconds.p99 < 50ms", after: disk healed}
)";

TEST(EventWindowRun, TheWindowAfterAnEntrySeesWhatHappenedInIt) {
  const RunResult result = run_text(kScenario, "event-windows.yaml", {});
  ASSERT_EQ(result.checks.size(), 2u);
  const scenario::CheckResult& slow = result.checks[0];
  const scenario::CheckResult& healed = result.checks[1];
  EXPECT_EQ(slow.status, scenario::CheckStatus::kFailed) << slow.detail;
  EXPECT_NE(slow.detail.find("false over [10s, 20s] (10s after slow disk)"), std::string::npos)
      << slow.detail;
  EXPECT_EQ(healed.status, scenario::CheckStatus::kPassed) << healed.detail;
  // ... though the cumulative p99, the slow window included, is over the bound.
  EXPECT_GT(scenario_test::metric(result, "etcd_request_duration_seconds.p99"), 0.050);
  EXPECT_NE(healed.detail.find("over [20s, 30s] (from disk healed to the end)"), std::string::npos)
      << healed.detail;
}

}  // namespace
}  // namespace kcsim::runner
