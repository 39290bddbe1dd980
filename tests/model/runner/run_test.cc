#include "model/runner/run.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <string>

#include "model/scenario/load.h"
#include "reports/output/summary_json.h"

namespace kcsim::runner {
namespace {

constexpr const char* kMesh = R"(apiVersion: kcsim/v1
kind: Scenario
metadata: {name: mesh}
spec:
  seed: 4
  duration: 20s
  network: {zones: 2, loss: 0.01}
  cluster:
    pingMesh: {hosts: 5, interval: 200ms}
  timeline:
    - {at: 5s, name: cut, partition: [[ping-0], [ping-1, ping-2]], for: 5s}
    - {at: 12s, crash: ping-3, for: 2s}
  checks:
    - {name: cut seen, within: 1s, after: cut, expect: "ping_unreachable_pairs > 0"}
)";

scenario::Scenario load(const std::string& text, std::vector<std::string> sets = {}) {
  auto loaded = scenario::parse_scenario(text, "mesh.yaml", sets);
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().format());
  return std::move(loaded.value());
}

TEST(RunScenario, SameScenarioAndSeedGiveTheSameRun) {
  const scenario::Scenario s = load(kMesh);
  const RunResult a = run_scenario(s);
  const RunResult b = run_scenario(s);
  EXPECT_EQ(a.trace_hash, b.trace_hash);
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.trace_records, b.trace_records);
  EXPECT_GT(a.events, 1000u);
  EXPECT_TRUE(a.passed());
}

TEST(RunScenario, AnotherSeedGivesAnotherRun) {
  const scenario::Scenario s = load(kMesh);
  RunOptions options;
  options.seed = 5;
  EXPECT_NE(run_scenario(s).trace_hash, run_scenario(s, options).trace_hash);
  EXPECT_EQ(run_scenario(s, options).seed, 5u);
}

TEST(RunScenario, SamplingAndCheckingMoreOftenDoesNotChangeTheRun) {
  const RunResult a = run_scenario(load(kMesh));
  const RunResult b =
      run_scenario(load(kMesh, {"spec.checkInterval=10ms", "spec.metricsInterval=50ms"}));
  EXPECT_EQ(a.trace_hash, b.trace_hash);
  EXPECT_GT(b.metrics->series().row_count(), a.metrics->series().row_count());
}

TEST(RunScenario, AFailingCheckFailsTheRun) {
  std::string text = kMesh;
  text += "    - {name: impossible, expect: \"ping_lost_total < 0\"}\n";
  const RunResult r = run_scenario(load(text));
  ASSERT_EQ(r.checks.size(), 2u);
  EXPECT_TRUE(r.checks[0].passed);
  EXPECT_FALSE(r.checks[1].passed);
  EXPECT_FALSE(r.passed());
}

TEST(RunScenario, AnInterruptStopsTheRunAndKeepsWhatWasMeasured) {
  std::atomic<bool> interrupt{true};
  RunOptions options;
  options.interrupt = &interrupt;
  const RunResult r = run_scenario(load(kMesh), options);
  EXPECT_TRUE(r.interrupted);
  EXPECT_FALSE(r.passed());
  EXPECT_LT(r.sim_time_s, 1.0);  // stopped at the first check tick (100ms)
  EXPECT_GE(r.metrics->series().row_count(), 1u);
}

TEST(RunScenario, SummaryHasTheKeysOfTheContract) {
  const RunResult r = run_scenario(load(kMesh));
  const auto summary = reports::summary_json(r);
  for (const char* key : {"scenario", "seed", "trace_hash", "sim_time_s", "wall_time_s", "events",
                          "checks", "metrics"}) {
    EXPECT_TRUE(summary.contains(key)) << key;
  }
  EXPECT_EQ(summary["trace_hash"].get<std::string>().size(), 16u);
  EXPECT_EQ(summary["sim_time_s"].get<double>(), 20.0);
  EXPECT_EQ(summary["checks"][0]["name"], "cut seen");
  EXPECT_TRUE(summary["metrics"].contains("ping_sent_total"));
  EXPECT_TRUE(summary["metrics"].contains("ping_rtt_seconds.p99"));
}

TEST(UnknownCheckNames, NamesThatNothingAnswersAreErrorsWithPositions) {
  std::string text = kMesh;
  text += "    - {name: typo, expect: \"ping_lost_totl == 0\"}\n";
  const std::vector<std::string> errors = unknown_check_names(load(text));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("mesh.yaml:15:29:"), std::string::npos) << errors[0];
  EXPECT_NE(errors[0].find("ping_lost_totl"), std::string::npos) << errors[0];
  // Histogram statistics of a histogram with no values yet are known names.
  EXPECT_TRUE(unknown_check_names(load(kMesh)).empty());
}

// Every shipped scenario passes its checks and replays to the same hash.
TEST(ShippedScenarios, EveryOnePassesAndReplays) {
  namespace fs = std::filesystem;
  const fs::path root = fs::path(KCSIM_SOURCE_DIR) / "scenarios";
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    auto loaded = scenario::load_scenario(file.string());
    ASSERT_TRUE(loaded.ok()) << loaded.error().format();
    EXPECT_TRUE(unknown_check_names(loaded.value()).empty());
    const RunResult a = run_scenario(loaded.value());
    for (const auto& check : a.checks)
      EXPECT_TRUE(check.passed) << check.name << ": " << check.detail;
    EXPECT_EQ(run_scenario(loaded.value()).trace_hash, a.trace_hash);
  }
}

}  // namespace
}  // namespace kcsim::runner

namespace kcsim::runner {
namespace {

RunResult run_file(const std::string& relative, std::vector<std::string> sets) {
  auto loaded =
      scenario::load_scenario(std::string(KCSIM_SOURCE_DIR) + "/scenarios/" + relative, sets);
  EXPECT_TRUE(loaded.ok()) << loaded.error().format();
  return run_scenario(loaded.value());
}

double metric(const RunResult& r, const std::string& name) {
  return r.metrics->query(name).value_or(-1);
}

const scenario::CheckResult* find_check(const RunResult& r, const std::string& name) {
  for (const auto& check : r.checks) {
    if (check.name == name) return &check;
  }
  return nullptr;
}

// The etcd scenarios' checks follow from the mechanism: change the mechanism and they
// fail. Without pre-vote, the isolated leader keeps raising its term while cut off, and
// its return forces a third election: the disruption pre-vote exists to prevent.
TEST(EtcdScenarios, WithoutPreVoteTheHealedLeaderForcesAnotherElection) {
  const RunResult with = run_file("failover/etcd-leader-partition.yaml", {});
  const RunResult without =
      run_file("failover/etcd-leader-partition.yaml", {"spec.cluster.etcd.preVote=false"});
  ASSERT_NE(find_check(with, "exactly two elections"), nullptr);
  EXPECT_TRUE(find_check(with, "exactly two elections")->passed);
  EXPECT_FALSE(find_check(without, "exactly two elections")->passed)
      << find_check(without, "exactly two elections")->detail;
  EXPECT_TRUE(find_check(without, "no acknowledged write lost")->passed);
}

// A 3s election timeout draws from [3s, 6s): no leader can exist 4.1s after a crash.
TEST(EtcdScenarios, ALongerElectionTimeoutBreaksTheFailoverBound) {
  const RunResult r =
      run_file("failover/etcd-leader-crash.yaml", {"spec.cluster.etcd.electionTimeout=3000ms"});
  const auto* check = find_check(r, "a new leader within 4.1s of the crash");
  ASSERT_NE(check, nullptr);
  EXPECT_FALSE(check->passed) << check->detail;
}

}  // namespace
}  // namespace kcsim::runner

namespace kcsim::runner {
namespace {

// etcd promotes a learner only when its log reaches 90% of the leader's: promoting it
// the moment it is added is refused ("not in sync"), and etcdctl's retry a second
// later succeeds.
TEST(EtcdMemberReplace, PromotingBeforeTheLearnerCaughtUpIsRefusedThenRetried) {
  const RunResult r = run_file("failover/etcd-member-replace.yaml", {"spec.timeline[3].at=21s"});
  const auto* first_try = find_check(r, "promoted at the first try");
  ASSERT_NE(first_try, nullptr);
  EXPECT_FALSE(first_try->passed) << first_try->detail;
  EXPECT_GE(metric(r,
                   "etcd_server_learner_promote_failures{Reason=\"etcdserver: can only promote "
                   "a learner member which is in sync with leader\"}"),
            1);
  EXPECT_EQ(metric(r, "etcd_server_learner_promote_successes"), 1);
  EXPECT_TRUE(find_check(r, "no acknowledged write lost")->passed);
  EXPECT_TRUE(find_check(r, "Raft safety holds throughout")->passed);
}

// With a small --snapshot-count and --snapshot-catchup-entries the leader's log is
// compacted past what the new member needs: it gets the leader's snapshot (the backend
// on the wire) instead of the log, and the replacement still completes.
TEST(EtcdMemberReplace, ALearnerBehindACompactedLogGetsTheLeadersSnapshot) {
  const RunResult r = run_file(
      "failover/etcd-member-replace.yaml",
      {"spec.cluster.etcd.snapshotCount=100", "spec.cluster.etcd.snapshotCatchUpEntries=50"});
  EXPECT_EQ(metric(r, "etcd_network_snapshot_receive_success{member=\"etcd-3\"}"), 1);
  for (const auto& check : r.checks)
    EXPECT_TRUE(check.passed) << check.name << ": " << check.detail;
}

// Without the snapshot settings the log is whole, and the learner catches up by appends.
TEST(EtcdMemberReplace, AWholeLogNeedsNoSnapshot) {
  const RunResult r = run_file("failover/etcd-member-replace.yaml", {});
  EXPECT_EQ(metric(r, "etcd_network_snapshot_receive_success{member=\"etcd-3\"}"), 0);
}

// --strict-reconfig-check: with etcd-1 down, removing a live voter would leave one of
// two active voters: refused as "unhealthy cluster", retried in vain; three voters stay.
TEST(EtcdMemberReplace, RemovingALiveVoterWhileAnotherIsDownIsRefused) {
  const RunResult r =
      run_file("failover/etcd-member-replace.yaml", {"spec.timeline[1].memberRemove=etcd-2"});
  const auto* removal = find_check(r, "two voters within 1s of the removal");
  ASSERT_NE(removal, nullptr);
  EXPECT_FALSE(removal->passed) << removal->detail;
  EXPECT_TRUE(find_check(r, "no acknowledged write lost")->passed);
}

}  // namespace
}  // namespace kcsim::runner

namespace kcsim::runner {
namespace {

// One member, four closed-loop clients that always have a request waiting, and 10ms of
// CPU per request: the member can serve at most 100 requests per core-second.
constexpr const char* kCpuBound = R"(apiVersion: kcsim/v1
kind: Scenario
metadata: {name: cpu-bound}
spec:
  seed: 3
  duration: 20s
  cluster:
    etcd:
      members: 1
      cpus: 1
      writeCpu: 10ms
      readCpu: 10ms
      clients: {count: 4, qps: 1000, keys: 10}
)";

// With one core the four clients queue behind each other: each request waits for the
// three ahead of it (30ms) and then takes its own 10ms; no more than 100 requests a
// second are served. With four cores nobody waits for the CPU.
TEST(EtcdCosts, RequestsQueueForTheMembersCores) {
  const RunResult one = run_scenario(load(kCpuBound));
  const RunResult four = run_scenario(load(kCpuBound, {"spec.cluster.etcd.cpus=4"}));
  const double served_one = metric(one, "etcd_request_duration_seconds.count");
  EXPECT_LE(served_one, 100 * 20 + 1);
  EXPECT_GE(served_one, 0.9 * 100 * 19);  // minus the first second's election
  EXPECT_GE(metric(one, "etcd_request_duration_seconds.p50"), 0.035);
  EXPECT_LE(metric(four, "etcd_request_duration_seconds.p50"), 0.025);
  // Four cores: each request takes its 10ms plus a WAL fsync (2ms median) and a local
  // round trip, under 20ms in all: more than twice the one core's 100 a second.
  EXPECT_GT(metric(four, "etcd_request_duration_seconds.count"), 2 * served_one);
  // One core is busy at most 20s in 20s (a request's CPU time is counted when it
  // arrives, so the few queued at the end count too); refused requests cost CPU as well.
  const double cpu = metric(one, "process_cpu_seconds_total{member=\"etcd-0\"}");
  EXPECT_LE(cpu, 20 + 4 * 0.010 + 1e-9);
  EXPECT_GE(cpu, served_one * 0.010);
}

// Under steady writes the backend commits once per --backend-batch-interval (100ms).
// Its commits sync the disk the WAL shares: when a commit takes 80ms, WAL fsyncs queue
// behind it and their latency grows to the commit's.
TEST(EtcdCosts, BackendCommitsShareTheDiskWithTheWal) {
  const std::vector<std::string> load_sets = {
      "spec.cluster.etcd.cpus=8", "spec.cluster.etcd.writeCpu=10us",
      "spec.cluster.etcd.readCpu=10us", "spec.cluster.etcd.clients.qps=50"};
  const RunResult normal = run_scenario(load(kCpuBound, load_sets));
  std::vector<std::string> slow_sets = load_sets;
  slow_sets.push_back("spec.cluster.etcd.backendCommit=80ms");
  const RunResult slow = run_scenario(load(kCpuBound, slow_sets));
  const std::string commits = "etcd_disk_backend_commit_duration_seconds{member=\"etcd-0\"}.count";
  EXPECT_LE(metric(normal, commits), 20 / 0.1 + 1);
  EXPECT_GE(metric(normal, commits), 0.9 * 19 / 0.1);
  const std::string wal_p99 = "etcd_disk_wal_fsync_duration_seconds{member=\"etcd-0\"}.p99";
  EXPECT_LT(metric(normal, wal_p99), 0.03);
  EXPECT_GT(metric(slow, wal_p99), 0.06);
}

}  // namespace
}  // namespace kcsim::runner
