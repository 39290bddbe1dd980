// Bad input: every case yields one error at an exact line, column and key path.
//
// A case gives the line and a snippet `at` of that line: the error's column must be the
// column where the snippet starts (its first occurrence on the line). This states where
// the error should point in terms of the text, independently of the parser.
#include <gtest/gtest.h>

#include "model/scenario/load.h"
#include "tests/model/scenario/bad_case.h"

namespace kcsim::scenario {
namespace {

using testing::BadCase;

const std::string kHead = "apiVersion: kcsim/v1\nkind: Scenario\nmetadata: {name: t}\nspec:\n";
// kHead + "  duration: 120s\n": the body below starts on line 6.
const std::string kBase = kHead + "  duration: 120s\n";
const std::string kEtcd = kBase + "  cluster:\n    etcd: {}\n";  // etcd-0..2; next line 8
const std::string kTimelineHead = kEtcd + "  timeline:\n";       // entries from line 9

class LoadErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(LoadErrors, PointsAtTheProblem) {
  testing::expect_points_at_the_problem(GetParam());
}

const BadCase kCases[] = {
    // The document as a whole.
    {"empty file", "", 1, "", "", "the file is empty"},
    {"comments only", "# nothing here\n", 1, "#", "", "the file is empty"},
    {"not YAML", "a: 1\n- b\n", 2, "-", "", "not valid YAML"},
    {"a list, not a mapping", "- a\n- b\n", 1, "-", "",
     "expected a Scenario with apiVersion, kind, metadata and spec (a mapping), found a list"},
    {"a scalar, not a mapping", "hello\n", 1, "hello", "", "found \"hello\""},
    {"two documents", kBase + "---\nkind: x\n", 7, "kind", "",
     "expected one YAML document, found a second one"},
    {"a stray flow entry (the fuzzer's yaml-cpp hang)", ",N1", 1, ",", "",
     "not valid YAML: a ',' outside a flow collection"},
    {"a stray flow entry after a document marker", "---\n,N1\n", 2, ",", "",
     "not valid YAML: a ',' outside a flow collection"},
    {"a null document", "~\n", 1, "~", "",
     "expected a Scenario with apiVersion, kind, metadata and spec (a mapping), found null"},
    {"null spelled out", "# a comment\nnull\n", 2, "null", "", "(a mapping), found null"},
    {"only a document marker", "# a comment\n---\n", 2, "---", "",
     "the document is empty: expected a Scenario"},
    {"only a document end marker", "...\n", 1, "...", "", "the document is empty"},
    {"an empty document, then one", "---\n---\nkind: x\n", 3, "kind", "",
     "expected one YAML document, found a second one"},
    {"unknown top-level key", kBase + "extra: 1\n", 6, "extra", "extra",
     "unknown key \"extra\"; expected one of: apiVersion kind metadata spec"},
    {"missing apiVersion", "kind: Scenario\nmetadata: {name: t}\nspec: {duration: 1s}\n", 1, "kind",
     "apiVersion", "missing required key \"apiVersion\""},
    {"wrong apiVersion",
     "apiVersion: v1\nkind: Scenario\nmetadata: {name: t}\nspec: {duration: 1s}\n", 1, "v1",
     "apiVersion", "expected kcsim/v1, found \"v1\""},
    {"wrong kind",
     "apiVersion: kcsim/v1\nkind: Deployment\nmetadata: {name: t}\nspec: {duration: 1s}\n", 2,
     "Deployment", "kind", "expected Scenario, found \"Deployment\""},
    {"name not a DNS label",
     "apiVersion: kcsim/v1\nkind: Scenario\nmetadata: {name: Etcd_Crash}\nspec: {duration: 1s}\n",
     3, "Etcd_Crash", "metadata.name", "expected a DNS-1123 label"},
    {"missing spec", "apiVersion: kcsim/v1\nkind: Scenario\nmetadata: {name: t}\n", 1, "apiVersion",
     "spec", "missing required key \"spec\""},

    // spec scalars.
    {"missing duration", kHead + "  seed: 3\n", 5, "seed", "spec.duration",
     "missing required key \"duration\""},
    {"duration without a unit", kHead + "  duration: 20\n", 5, "20", "spec.duration",
     "expected a duration with a unit such as 150ms or 2s, found \"20\""},
    {"duration is a list", kHead + "  duration: [1s]\n", 5, "[", "spec.duration",
     "expected a duration with a unit such as 150ms or 2s, found a list"},
    {"empty value reported at its key", kHead + "  duration:\n  seed: 1\n", 5, "duration",
     "spec.duration", "found nothing"},
    {"negative seed", kBase + "  seed: -1\n", 6, "-1", "spec.seed",
     "expected an integer from 0 to 18446744073709551615, found \"-1\""},
    {"quoted number", kBase + "  seed: \"3\"\n", 6, "\"3\"", "spec.seed",
     "found the quoted string \"3\""},
    {"duplicate key", kBase + "  duration: 2s\n", 6, "duration", "spec.duration",
     "duplicate key \"duration\""},
    {"check interval too fine", kHead + "  duration: 1h\n  checkInterval: 1us\n", 6, "1us",
     "spec.checkInterval", "expected an interval of at least 360us"},

    // network.
    {"zones out of range", kBase + "  network: {zones: 27}\n", 6, "27", "spec.network.zones",
     "expected an integer from 1 to 26, found \"27\""},
    {"loss above 1", kBase + "  network:\n    loss: 1.5\n", 7, "1.5", "spec.network.loss",
     "expected a number from 0 to 1, found \"1.5\""},
    {"bandwidth in bytes", kBase + "  network: {bandwidth: 10GB}\n", 6, "10GB",
     "spec.network.bandwidth", "expected a positive bandwidth with a unit such as 100Mbps"},
    {"section left empty", kBase + "  network:\n", 6, "network", "spec.network",
     "expected the network settings (a mapping), found nothing"},
    {"lognormal without p99", kBase + "  network:\n    intraZoneLatency: {median: 1ms}\n", 7, "{",
     "spec.network.intraZoneLatency.p99", "missing required key \"p99\""},
    {"p99 below median", kBase + "  network:\n    intraZoneLatency: {median: 5ms, p99: 1ms}\n", 7,
     "1ms", "spec.network.intraZoneLatency.p99", "expected p99 at least the median (5ms)"},
    {"two distributions",
     kBase + "  network:\n    interZoneLatency: {exponential: 1ms, uniform: [1ms, 2ms]}\n", 7, "{",
     "spec.network.interZoneLatency", "expected exactly one distribution"},
    {"empirical sample without unit",
     kBase + "  network:\n    interZoneLatency: {empirical: [1ms, 2]}\n", 7, "2]",
     "spec.network.interZoneLatency.empirical[1]", "found \"2\""},
    {"unknown distribution", kBase + "  network:\n    interZoneLatency: {gamma: 1ms}\n", 7, "gamma",
     "spec.network.interZoneLatency.gamma", "unknown key \"gamma\""},

    // cluster.etcd.
    {"too many members", kBase + "  cluster:\n    etcd:\n      members: 12\n", 8, "12",
     "spec.cluster.etcd.members", "expected an integer from 1 to 9, found \"12\""},
    {"misspelt key with a suggestion", kBase + "  cluster:\n    etcd:\n      membrs: 3\n", 8,
     "membrs", "spec.cluster.etcd.membrs", "(did you mean \"members\"?)"},
    {"unknown component", kBase + "  cluster:\n    kafka: {}\n", 7, "kafka", "spec.cluster.kafka",
     "unknown key \"kafka\"; expected one of: pingMesh etcd"},
    {"election timeout under 5 heartbeats",
     kBase + "  cluster:\n    etcd: {heartbeatInterval: 100ms, electionTimeout: 400ms}\n", 7,
     "400ms", "spec.cluster.etcd.electionTimeout",
     "expected electionTimeout at least 5 x heartbeatInterval, as etcd requires: 400ms < 5 x "
     "100ms"},
    {"heartbeat not in whole milliseconds",
     kBase + "  cluster:\n    etcd: {heartbeatInterval: 1500us}\n", 7, "1500us",
     "spec.cluster.etcd.heartbeatInterval", "expected whole milliseconds"},
    {"size without a unit", kBase + "  cluster:\n    etcd:\n      maxRequestBytes: 1024\n", 8,
     "1024", "spec.cluster.etcd.maxRequestBytes",
     "expected a size with a unit such as 64B, 512MiB, 1.5MiB or 10kB, found \"1024\""},
    {"size with a bad unit", kBase + "  cluster:\n    etcd:\n      quotaBackendBytes: 2GiBs\n", 8,
     "2GiBs", "spec.cluster.etcd.quotaBackendBytes", "found \"2GiBs\""},
    {"yes is not a boolean", kBase + "  cluster:\n    etcd: {preVote: yes}\n", 7, "yes",
     "spec.cluster.etcd.preVote", "expected true or false, found \"yes\""},
    {"lease TTL not in whole seconds",
     kBase + "  cluster:\n    etcd: {leases: {count: 1, ttl: 1500ms}}\n", 7, "1500ms",
     "spec.cluster.etcd.leases.ttl", "expected whole seconds"},
    {"compaction interval under a second",
     kBase + "  cluster:\n    etcd: {compactors: {count: 1, interval: 10ms}}\n", 7, "10ms",
     "spec.cluster.etcd.compactors.interval", "found \"10ms\""},
    {"client value larger than a request",
     kBase +
         "  cluster:\n    etcd:\n      maxRequestBytes: 1KiB\n      clients: {valueSize: 2KiB}\n",
     9, "2KiB", "spec.cluster.etcd.clients.valueSize",
     "expected a value size at most maxRequestBytes (1024 bytes)"},
    {"ping mesh of one host", kBase + "  cluster:\n    pingMesh: {hosts: 1}\n", 7, "1}",
     "spec.cluster.pingMesh.hosts", "expected an integer from 2 to 1000"},

    // timeline.
    {"timeline not a list", kEtcd + "  timeline: {at: 1s}\n", 8, "{", "spec.timeline",
     "expected a list of up to 10000 entries"},
    {"entry without at", kTimelineHead + "    - {crash: etcd-0}\n", 9, "{", "spec.timeline[0].at",
     "missing required key \"at\""},
    {"entry without action", kTimelineHead + "    - {at: 1s}\n", 9, "{", "spec.timeline[0]",
     "expected one action"},
    {"entry with two actions", kTimelineHead + "    - {at: 1s, crash: etcd-0, restart: etcd-1}\n",
     9, "restart", "spec.timeline[0].restart",
     "expected exactly one action per entry, found both crash and restart"},
    {"unknown action", kTimelineHead + "    - {at: 1s, kill: etcd-0}\n", 9, "kill",
     "spec.timeline[0].kill", "unknown key \"kill\""},
    {"crash of an unknown process", kTimelineHead + "    - {at: 1s, crash: etcd-7}\n", 9, "etcd-7",
     "spec.timeline[0].crash",
     "expected a process or role, found unknown \"etcd-7\"; processes: etcd-0, etcd-1, etcd-2; "
     "roles: etcd/follower, etcd/leader"},
    {"no follower in a one-member cluster",
     kBase +
         "  cluster:\n    etcd: {members: 1}\n  timeline:\n    - {at: 1s, crash: etcd/follower}\n",
     9, "etcd/follower", "spec.timeline[0].crash", "roles: etcd/leader"},
    {"unknown role", kTimelineHead + "    - {at: 1s, crashHost: apiserver/leader}\n", 9,
     "apiserver/leader", "spec.timeline[0].crashHost", "expected a host or role"},
    {"for without a unit (the README example)",
     kTimelineHead + "    - {at: 1s, crash: etcd-0}\n    - {at: 2s, restart: etcd-0}\n"
                     "    - {at: 60s, partition: [[etcd-0], [etcd-1, etcd-2]], for: 20}\n",
     11, "20}", "spec.timeline[2].for",
     "expected a duration with a unit such as 150ms or 2s, found \"20\""},
    {"at after the end", kTimelineHead + "    - {at: 130s, crash: etcd-0}\n", 9, "130s",
     "spec.timeline[0].at", "expected a time within the run (duration 2m)"},
    {"for on an instantaneous action", kTimelineHead + "    - {at: 1s, restart: etcd-0, for: 1s}\n",
     9, "for", "spec.timeline[0].for", "restart is instantaneous"},
    {"factor on a crash", kTimelineHead + "    - {at: 1s, crash: etcd-0, factor: 2}\n", 9, "factor",
     "spec.timeline[0].factor", "factor applies only to slowDisk, not to crash"},
    {"slowDisk without factor", kTimelineHead + "    - {at: 1s, slowDisk: etcd-0}\n", 9, "{",
     "spec.timeline[0].factor", "missing required key \"factor\""},
    {"heal of something else", kTimelineHead + "    - {at: 1s, heal: etcd-0}\n", 9, "etcd-0",
     "spec.timeline[0].heal", "expected all"},
    {"host in two groups",
     kTimelineHead + "    - {at: 1s, partition: [[etcd-0], [etcd-1, etcd-0]]}\n", 9, "etcd-0]]",
     "spec.timeline[0].partition[1][1]",
     "expected each host in one group only, found \"etcd-0\" a second time"},
    {"partition of a bare name", kTimelineHead + "    - {at: 1s, partition: etcd-0}\n", 9, "etcd-0",
     "spec.timeline[0].partition", "expected a list of 1 to 64 groups of hosts"},
    {"latency between three groups",
     kTimelineHead +
         "    - {at: 1s, latency: {between: [[etcd-0], [etcd-1], [etcd-2]], add: 5ms}}\n",
     9, "[[", "spec.timeline[0].latency.between", "expected a list of 2 groups of hosts"},
    {"loss rate above 1",
     kTimelineHead + "    - {at: 1s, loss: {between: [[etcd-0], [etcd-1]], rate: 2}}\n", 9, "2}",
     "spec.timeline[0].loss.rate", "expected a number from 0 to 1, found \"2\""},
    {"duplicate entry name",
     kTimelineHead +
         "    - {at: 1s, crash: etcd-0, name: x}\n    - {at: 2s, crash: etcd-1, name: x}\n",
     10, "x}", "spec.timeline[1].name", "expected a unique name, found \"x\" a second time"},

    // checks.
    {"after names no entry",
     kTimelineHead + "    - {at: 1s, crash: etcd/leader}\n  checks:\n"
                     "    - {name: c, within: 3s, after: crash etcd-1, expect: etcd.has_leader}\n",
     11, "crash etcd-1", "spec.checks[0].after",
     "found \"crash etcd-1\"; timeline: \"crash etcd/leader\""},
    {"malformed predicate, column inside the quotes",
     kBase + "  checks:\n    - {name: c, expect: \"x = 3\"}\n", 7, "= 3", "spec.checks[0].expect",
     "expected == to compare, found a single ="},
    {"malformed plain predicate", kBase + "  checks:\n    - {name: c, always: a && && b}\n", 7,
     "&& b", "spec.checks[0].always", "expected a name, a number or (, found \"&&\""},
    {"both expect and always", kBase + "  checks:\n    - {name: c, expect: a, always: b}\n", 7, "{",
     "spec.checks[0]", "expected either expect or always, found both"},
    {"neither expect nor always", kBase + "  checks:\n    - {name: c, by: 1s}\n", 7, "{",
     "spec.checks[0]", "found neither"},
    {"by with always", kBase + "  checks:\n    - {name: c, always: a, by: 1s}\n", 7, "by",
     "spec.checks[0].by", "by applies to expect, not to always"},
    {"within without after", kBase + "  checks:\n    - {name: c, expect: a, within: 1s}\n", 7, "{",
     "spec.checks[0]", "within needs after"},
    {"an unknown client mode",
     kBase + "  cluster:\n    etcd:\n      clients: {count: 1, qps: 5, mode: burst}\n", 8, "burst",
     "spec.cluster.etcd.clients.mode", "expected open (requests arrive at a fixed rate"},
    {"maxInFlight with a closed loop",
     kBase + "  cluster:\n    etcd:\n      clients: {count: 1, qps: 5, maxInFlight: 10}\n", 8,
     "maxInFlight", "spec.cluster.etcd.clients.maxInFlight", "maxInFlight applies to mode: open"},
    {"over without after", kBase + "  checks:\n    - {name: c, expect: a, over: 1s}\n", 7, "{",
     "spec.checks[0]", "over needs after"},
    {"within and over",
     kTimelineHead + "    - {at: 10s, name: kill, crash: etcd/leader}\n  checks:\n"
                     "    - {name: c, expect: a, within: 1s, over: 2s, after: kill}\n",
     11, "over", "spec.checks[0].over", "expected either within (the predicate true"},
    {"over past the run's end",
     kTimelineHead + "    - {at: 50s, name: kill, crash: etcd/leader}\n  checks:\n"
                     "    - {name: c, expect: a, over: 80s, after: kill}\n",
     11, "80s", "spec.checks[0].over",
     "expected a window that ends within the run: \"kill\" fires at 50s, and 50s + 1m20s "
     "passes the duration 2m"},
    {"by after the end", kBase + "  checks:\n    - {name: c, expect: a, by: 121s}\n", 7, "121s",
     "spec.checks[0].by", "expected a time within the run"},
    {"until before from", kBase + "  checks:\n    - {name: c, always: a, from: 10s, until: 5s}\n",
     7, "5s", "spec.checks[0].until", "expected until at or after from (10s)"},
    {"check without a name", kBase + "  checks:\n    - {expect: a}\n", 7, "{",
     "spec.checks[0].name", "missing required key \"name\""},
    {"duplicate check names",
     kBase + "  checks:\n    - {name: c, expect: a}\n    - {name: c, expect: b}\n", 8, "c,",
     "spec.checks[1].name", "expected a unique check name"},
    {"check that is a string", kBase + "  checks:\n    - just text\n", 7, "just", "spec.checks[0]",
     "found \"just text\""},
};

INSTANTIATE_TEST_SUITE_P(Cases, LoadErrors, ::testing::ValuesIn(kCases), testing::bad_case_name);

TEST(LoadErrorsFormat, FileLineColumnKeyPathMessage) {
  const std::string text = kTimelineHead + "    - {at: 1s, crash: etcd-0}\n" +
                           "    - {at: 2s, restart: etcd-0}\n" +
                           "    - {at: 60s, partition: [[etcd-0], [etcd-1, etcd-2]], for: 20}\n";
  const Result<Scenario, ScenarioError> result = parse_scenario(text, "s.yaml");
  ASSERT_FALSE(result.ok());
  // "    - {at: 60s, partition: [[etcd-0], [etcd-1, etcd-2]], for: " is 62 characters.
  EXPECT_EQ(result.error().format(),
            "s.yaml:11:63: spec.timeline[2].for: expected a duration with a unit such as 150ms "
            "or 2s, found \"20\"");
}

TEST(LoadErrorsFormat, NoPositionForAnUnreadableFile) {
  const ScenarioError error{"x.yaml", 0, 0, "", "cannot open the file"};
  EXPECT_EQ(error.format(), "x.yaml: cannot open the file");
}

// Garbage of many shapes: always an error value, never a crash or an exception.
TEST(LoadErrorsRobustness, NeverThrowsOnMangledInput) {
  const std::string good = kTimelineHead + "    - {at: 1s, crash: etcd-0}\n  checks:\n" +
                           "    - {name: c, expect: \"a < 3\"}\n";
  ASSERT_TRUE(parse_scenario(good, "g.yaml").ok());
  const std::string junk[] = {"\t",       "{",  "}", "[",  "]", ":", "- ", "&a",   "*a",
                              "!!binary", "\"", "'", "? ", "|", "%", "@",  "\x01", "\xff"};
  int errors = 0;
  for (std::size_t cut = 0; cut < good.size(); cut += 7) {
    for (const std::string& piece : junk) {
      std::string text = good.substr(0, cut) + piece + good.substr(cut);
      const Result<Scenario, ScenarioError> result = parse_scenario(text, "m.yaml");
      if (!result.ok()) {
        ++errors;
        EXPECT_GE(result.error().line, 1);
        EXPECT_GE(result.error().column, 1);
        EXPECT_FALSE(result.error().message.empty());
      }
    }
  }
  EXPECT_GT(errors, 100);
}

}  // namespace
}  // namespace kcsim::scenario
