#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "model/scenario/load.h"
#include "model/scenario/targets.h"

namespace kcsim::scenario {
namespace {

using sim::kMillisecond;
using sim::kSecond;

constexpr const char* kFull = R"(apiVersion: kcsim/v1
kind: Scenario
metadata: {name: etcd-leader-crash, description: "crash the leader, expect a new one"}
spec:
  seed: 42
  duration: 120s
  checkInterval: 50ms
  metricsInterval: 2s
  network:
    zones: 2
    intraZoneLatency: 300us
    interZoneLatency: {uniform: [1ms, 3ms]}
    loss: 0.01
    bandwidth: 1Gbps
  cluster:
    pingMesh: {hosts: 3, interval: 250ms, payload: 1KiB}
    etcd:
      members: 5
      heartbeatInterval: 50ms
      electionTimeout: 500ms
      snapshotCount: 10000
      quotaBackendBytes: 8GiB
      maxRequestBytes: 1.5MiB
      cpus: 4
      walFsync: {exponential: 3ms}
      backendCommit: {normal: {mean: 5ms, stddev: 1ms}}
      preVote: false
      clients: {count: 10, qps: 20.5, keys: 1000, valueSize: 1KiB, readFraction: 0.9}
  timeline:
    - {at: 30s, crash: etcd/leader, name: kill leader}
    - {at: 40s, restart: etcd-0}
    - {at: 50s, crashHost: etcd-1, for: 5s}
    - {at: 60s, partition: [[etcd-0], [etcd-1, etcd-2]], for: 20s, oneWay: true}
    - {at: 80s, heal: all}
    - {at: 90s, slowDisk: etcd-1, factor: 10, for: 5s}
    - {at: 96s, failDisk: etcd-2}
    - {at: 99s, latency: {between: [[etcd-0], [etcd-1]], add: 50ms}, for: 10s}
    - {at: 99s, loss: {between: [[ping-0], [ping-1, ping-2]], rate: 0.2}}
  checks:
    - {name: new leader, within: 3s, after: kill leader, expect: etcd.has_leader}
    - {name: converges, by: 110s, expect: "x == 30"}
    - {name: safe, always: etcd.linearizable, from: 1s, until: 30s}
    - name: p99 ok
      expect: "etcd_request_duration_seconds.p99 < 50ms"
)";

TEST(LoadGood, EveryFieldOfAFullScenario) {
  const Result<Scenario, ScenarioError> result = parse_scenario(kFull, "full.yaml");
  ASSERT_TRUE(result.ok()) << result.error().format();
  const Scenario& s = result.value();
  EXPECT_EQ(s.metadata.name, "etcd-leader-crash");
  EXPECT_EQ(s.metadata.description, "crash the leader, expect a new one");
  EXPECT_EQ(s.spec.seed, 42u);
  EXPECT_EQ(s.spec.duration, 120 * kSecond);
  EXPECT_EQ(s.spec.check_interval, 50 * kMillisecond);
  EXPECT_EQ(s.spec.metrics_interval, 2 * kSecond);

  EXPECT_EQ(s.spec.network.zones, 2u);
  EXPECT_EQ(s.spec.network.intra_zone_latency, DistSpec::constant(300'000));
  EXPECT_EQ(s.spec.network.inter_zone_latency, (DistSpec{DistSpec::Kind::kUniform, {1e6, 3e6}}));
  EXPECT_DOUBLE_EQ(s.spec.network.loss, 0.01);
  EXPECT_EQ(s.spec.network.bandwidth_bps, 1'000'000'000u);

  ASSERT_TRUE(s.spec.cluster.ping_mesh.has_value());
  EXPECT_EQ(s.spec.cluster.ping_mesh->hosts, 3u);
  EXPECT_EQ(s.spec.cluster.ping_mesh->interval, 250 * kMillisecond);
  EXPECT_EQ(s.spec.cluster.ping_mesh->payload_bytes, 1024u);

  ASSERT_TRUE(s.spec.cluster.etcd.has_value());
  const EtcdSpec& etcd = *s.spec.cluster.etcd;
  EXPECT_EQ(etcd.members, 5u);
  EXPECT_EQ(etcd.heartbeat_interval, 50 * kMillisecond);
  EXPECT_EQ(etcd.election_timeout, 500 * kMillisecond);
  EXPECT_EQ(etcd.snapshot_count, 10'000u);
  EXPECT_EQ(etcd.quota_backend_bytes, 8ull << 30);
  EXPECT_EQ(etcd.max_request_bytes, 1'572'864u);
  EXPECT_EQ(etcd.cpus, 4u);
  EXPECT_EQ(etcd.wal_fsync, (DistSpec{DistSpec::Kind::kExponential, {3e6}}));
  EXPECT_EQ(etcd.backend_commit, (DistSpec{DistSpec::Kind::kNormal, {5e6, 1e6}}));
  EXPECT_FALSE(etcd.pre_vote);
  EXPECT_EQ(etcd.clients.count, 10u);
  EXPECT_DOUBLE_EQ(etcd.clients.qps, 20.5);
  EXPECT_EQ(etcd.clients.keys, 1000u);
  EXPECT_EQ(etcd.clients.value_bytes, 1024u);
  EXPECT_DOUBLE_EQ(etcd.clients.read_fraction, 0.9);

  const std::vector<TimelineEntry>& t = s.spec.timeline;
  ASSERT_EQ(t.size(), 9u);
  EXPECT_EQ(t[0].action, ActionKind::kCrash);
  EXPECT_EQ(t[0].target, "etcd/leader");
  EXPECT_EQ(t[0].name, "kill leader");
  EXPECT_EQ(t[0].canonical_text(), "crash etcd/leader");
  EXPECT_EQ(t[0].pos.line, 30);
  EXPECT_EQ(t[0].key_path, "spec.timeline[0]");
  EXPECT_EQ(t[1].canonical_text(), "restart etcd-0");
  EXPECT_EQ(t[2].action, ActionKind::kCrashHost);
  EXPECT_EQ(t[2].duration, 5 * kSecond);
  EXPECT_EQ(t[3].action, ActionKind::kPartition);
  EXPECT_EQ(t[3].groups, (HostGroups{{"etcd-0"}, {"etcd-1", "etcd-2"}}));
  EXPECT_TRUE(t[3].one_way);
  EXPECT_EQ(t[3].canonical_text(), "partition");
  EXPECT_EQ(t[4].canonical_text(), "heal all");
  EXPECT_EQ(t[4].duration, std::nullopt);
  EXPECT_DOUBLE_EQ(t[5].factor, 10.0);
  EXPECT_EQ(t[6].action, ActionKind::kFailDisk);
  EXPECT_EQ(t[7].action, ActionKind::kLatency);
  EXPECT_EQ(t[7].add, 50 * kMillisecond);
  EXPECT_EQ(t[7].groups, (HostGroups{{"etcd-0"}, {"etcd-1"}}));
  EXPECT_EQ(t[8].action, ActionKind::kLoss);
  EXPECT_DOUBLE_EQ(t[8].rate, 0.2);

  const std::vector<CheckSpec>& c = s.spec.checks;
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[0].kind, CheckKind::kWithin);
  EXPECT_EQ(c[0].within, 3 * kSecond);
  EXPECT_EQ(c[0].after, "kill leader");
  EXPECT_EQ(c[1].kind, CheckKind::kBy);
  EXPECT_EQ(c[1].by, 110 * kSecond);
  EXPECT_EQ(c[2].kind, CheckKind::kAlways);
  EXPECT_EQ(c[2].from, 1 * kSecond);
  EXPECT_EQ(c[2].until, 30 * kSecond);
  EXPECT_EQ(c[3].kind, CheckKind::kAtEnd);
  EXPECT_EQ(c[3].predicate.text, "etcd_request_duration_seconds.p99 < 50ms");
}

TEST(LoadGood, DefaultsAreTheRealComponentsDefaults) {
  const Result<Scenario, ScenarioError> result = parse_scenario(
      "apiVersion: kcsim/v1\nkind: Scenario\nmetadata: {name: m}\n"
      "spec: {duration: 10s, cluster: {etcd: {}}}\n",
      "min.yaml");
  ASSERT_TRUE(result.ok()) << result.error().format();
  const Spec& spec = result.value().spec;
  EXPECT_EQ(spec.seed, 1u);
  EXPECT_EQ(spec.check_interval, 100 * kMillisecond);
  EXPECT_EQ(spec.metrics_interval, 1 * kSecond);
  EXPECT_EQ(spec.network.zones, 3u);
  EXPECT_EQ(spec.network.bandwidth_bps, 10'000'000'000u);
  EXPECT_EQ(spec.network.intra_zone_latency, DistSpec::lognormal(250e3, 1e6));
  EXPECT_FALSE(spec.cluster.ping_mesh.has_value());
  ASSERT_TRUE(spec.cluster.etcd.has_value());
  EXPECT_EQ(spec.cluster.etcd->members, 3u);
  EXPECT_EQ(spec.cluster.etcd->heartbeat_interval, 100 * kMillisecond);  // etcd default
  EXPECT_EQ(spec.cluster.etcd->election_timeout, 1000 * kMillisecond);   // etcd default
  EXPECT_EQ(spec.cluster.etcd->snapshot_count, 100'000u);
  EXPECT_EQ(spec.cluster.etcd->quota_backend_bytes, 2ull << 30);
  EXPECT_TRUE(spec.cluster.etcd->pre_vote);
  EXPECT_TRUE(spec.timeline.empty());
  EXPECT_TRUE(spec.checks.empty());
}

TEST(LoadGood, DistributionForms) {
  const Result<Scenario, ScenarioError> result = parse_scenario(
      "apiVersion: kcsim/v1\nkind: Scenario\nmetadata: {name: d}\nspec:\n  duration: 1s\n"
      "  network:\n    intraZoneLatency: {pareto: {scale: 1ms, shape: 1.5}}\n"
      "    interZoneLatency: {empirical: [3ms, 1ms, 2ms]}\n"
      "  cluster:\n    etcd: {walFsync: {median: 1ms, p99: 1ms}}\n",
      "d.yaml");
  ASSERT_TRUE(result.ok()) << result.error().format();
  const Spec& spec = result.value().spec;
  EXPECT_EQ(spec.network.intra_zone_latency, (DistSpec{DistSpec::Kind::kPareto, {1e6, 1.5}}));
  // Empirical samples come out sorted.
  EXPECT_EQ(spec.network.inter_zone_latency,
            (DistSpec{DistSpec::Kind::kEmpirical, {1e6, 2e6, 3e6}}));
  EXPECT_EQ(spec.cluster.etcd->wal_fsync, DistSpec::lognormal(1e6, 1e6));
}

TEST(LoadGood, TargetsComeFromTheCluster) {
  ClusterSpec cluster;
  cluster.ping_mesh = PingMeshSpec{};
  cluster.ping_mesh->hosts = 2;
  cluster.etcd = EtcdSpec{};
  cluster.etcd->members = 3;
  const Targets targets = known_targets(cluster);
  EXPECT_EQ(targets.hosts,
            (std::set<std::string, std::less<>>{"etcd-0", "etcd-1", "etcd-2", "ping-0", "ping-1"}));
  EXPECT_EQ(targets.processes, targets.hosts);
  EXPECT_EQ(targets.roles, (std::set<std::string, std::less<>>{"etcd/follower", "etcd/leader"}));
  EXPECT_TRUE(targets.is_process_or_role("etcd/leader"));
  EXPECT_FALSE(targets.is_host_or_role("etcd-3"));
}

TEST(LoadGood, PredicatePositionAndNameError) {
  const Result<Scenario, ScenarioError> result = parse_scenario(kFull, "full.yaml");
  ASSERT_TRUE(result.ok());
  // Line 41: `    - {name: converges, by: 110s, expect: "x == 30"}`; the quote is at column
  // 43, so the predicate starts at column 44.
  const CheckSpec& check = result.value().spec.checks[1];
  EXPECT_EQ(check.predicate_pos.line, 41);
  EXPECT_EQ(check.predicate_pos.column, 44);
  const std::vector<NameRef> refs = names(check.predicate);
  ASSERT_EQ(refs.size(), 1u);
  const ScenarioError error = name_error(check, refs[0], "unknown metric");
  EXPECT_EQ(error.format(), "full.yaml:41:44: spec.checks[1].expect: unknown metric \"x\"");
}

TEST(LoadGood, SameTextSameScenario) {
  const Result<Scenario, ScenarioError> a = parse_scenario(kFull, "f.yaml");
  const Result<Scenario, ScenarioError> b = parse_scenario(kFull, "f.yaml");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a.value().spec.timeline.size(), b.value().spec.timeline.size());
  EXPECT_EQ(a.value().spec.checks[3].predicate.text, b.value().spec.checks[3].predicate.text);
}

TEST(LoadGood, MissingFileIsAnErrorValue) {
  const Result<Scenario, ScenarioError> missing = load_scenario("/nonexistent/x.yaml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().format(), "/nonexistent/x.yaml: cannot open the file");
}

// Every ```yaml example of scenarios/README.md parses: a whole scenario as it is, a
// fragment of spec inside a minimal scenario with etcd and a crash of its leader.
TEST(LoadGood, EveryReadmeExampleParses) {
  const std::string path = std::string(KCSIM_SOURCE_DIR) + "/scenarios/README.md";
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  const std::string readme((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string head = "apiVersion: kcsim/v1\nkind: Scenario\nmetadata: {name: readme}\n";
  int examples = 0;
  for (std::size_t pos = readme.find("```yaml\n"); pos != std::string::npos;
       pos = readme.find("```yaml\n", pos)) {
    const std::size_t start = pos + 8;
    const std::size_t end = readme.find("```", start);
    ASSERT_NE(end, std::string::npos);
    const std::string block = readme.substr(start, end - start);
    std::string text;
    if (block.starts_with("apiVersion:")) {
      text = block;
    } else if (block.starts_with("spec:")) {
      text = head + block;
    } else {
      text = head + "spec:\n  duration: 120s\n";
      if (!block.starts_with("  cluster:")) text += "  cluster:\n    etcd: {}\n";
      if (block.starts_with("  checks:"))
        text += "  timeline:\n    - {at: 30s, crash: etcd/leader}\n";
      text += block;
    }
    const Result<Scenario, ScenarioError> result = parse_scenario(text, "README.md");
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().format()) << "\n" << text;
    ++examples;
    pos = end + 3;
  }
  EXPECT_GE(examples, 7);
}

}  // namespace
}  // namespace kcsim::scenario
