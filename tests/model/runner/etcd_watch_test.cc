// Watches through members and clients: every change once, in order, across the member
// failures the client rides out, found as the real client finds them (a reset from a
// live host at once; a dead host only by keep-alive; a member without a leader by the
// require-leader monitor).
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "tests/model/runner/scenario_text_run.h"

namespace kcsim::runner {
namespace {

// watcher-N starts on etcd-N (its first endpoint is N modulo the members).
constexpr const char* kWatch = R"(apiVersion: kcsim/v1
kind: Scenario
metadata: {name: watch}
spec:
  seed: 3
  duration: 30s
  cluster:
    etcd:
      members: 3
      clients: {count: 4, qps: 20, keys: 20}
      watchers: {count: 3}
  checks:
    - {name: every change once and in order, always: "etcd.watch_violations == 0"}
    - {name: every watch checked, expect: "etcd.watch_segments_checked >= 3"}
)";

RunResult run_watch(std::vector<std::string> sets) {
  return scenario_test::run_text(kWatch, "watch.yaml", std::move(sets));
}

using scenario_test::all_checks_pass;
using scenario_test::metric;

const char* const kNoLeaderHalts = "etcd_watch_halts_total{reason=\"no_leader\"}";

TEST(EtcdWatch, WatchersSeeEveryWriteWithNoFault) {
  const RunResult r = run_watch({});
  EXPECT_TRUE(all_checks_pass(r));
  EXPECT_EQ(metric(r, "etcd_watch_resumes_total"), 0);
  // Three watchers, each sees every acknowledged write at least (about 40 a second).
  EXPECT_GT(metric(r, "etcd_watch_events_received_total"), 3 * 30 * 20);
}

// A member's process crashes on a live host: its kernel resets the streams, and the
// watcher resumes on the next member at once, from the next revision.
TEST(EtcdWatch, AProcessCrashIsSeenAtOnceAndTheWatchResumes) {
  const RunResult r = run_watch({"spec.timeline=[{at: 10s, crash: etcd-0, for: 5s}]"});
  EXPECT_TRUE(all_checks_pass(r));
  EXPECT_EQ(metric(r, "etcd_watch_resumes_total"), 1);
}

// A dead host sends nothing: the watcher hears nothing for keepaliveTime (30s), pings,
// and gives up keepaliveTimeout (10s) later, about 40s after the crash.
TEST(EtcdWatch, ADeadHostIsFoundOnlyByKeepAlive) {
  const std::string crash = "spec.timeline=[{at: 10s, crashHost: etcd-0}]";
  const RunResult before = run_watch({crash, "spec.duration=48s"});
  EXPECT_EQ(metric(before, "etcd_watch_resumes_total"), 0);
  const RunResult after = run_watch({crash, "spec.duration=52s"});
  EXPECT_EQ(metric(after, "etcd_watch_resumes_total"), 1);
  EXPECT_TRUE(all_checks_pass(after));  // the resumed watch missed nothing
  // Shorter keep-alive settings find it sooner: 5s + 2s.
  const RunResult quick =
      run_watch({crash, "spec.duration=18s", "spec.cluster.etcd.watchers.keepaliveTime=5s",
                 "spec.cluster.etcd.watchers.keepaliveTimeout=2s"});
  EXPECT_EQ(metric(quick, "etcd_watch_resumes_total"), 1);
}

// etcd-0 is cut off from its peers (the clients are with them), not from the watchers.
// It loses its leader within two election timeouts; after three more checks without
// one (3s) it cancels the watch of the watcher it serves, which must watch again
// elsewhere. At start-up every member refuses require-leader watches until the first
// election: those halts are the baseline. Without require-leader the watch stays on
// the cut-off member, silently stale, and nothing is canceled.
TEST(EtcdWatch, AMemberWithoutALeaderCancelsRequireLeaderWatches) {
  const std::string cut =
      "spec.timeline=[{at: 10s, partition: [[etcd-0, watcher-0, watcher-1, watcher-2], "
      "[etcd-1, etcd-2, client-0, client-1, client-2, client-3]], for: 10s}]";
  const RunResult baseline = run_watch({});
  const RunResult required = run_watch({cut});
  EXPECT_TRUE(all_checks_pass(required));
  EXPECT_EQ(metric(required, kNoLeaderHalts), metric(baseline, kNoLeaderHalts) + 1);
  const std::string no_require = "spec.cluster.etcd.watchers.requireLeader=false";
  const RunResult stale = run_watch({cut, no_require});
  EXPECT_TRUE(all_checks_pass(stale));
  EXPECT_EQ(metric(stale, kNoLeaderHalts), 0);
}

}  // namespace
}  // namespace kcsim::runner
