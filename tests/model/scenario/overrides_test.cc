#include "model/scenario/overrides.h"

#include <gtest/gtest.h>

#include "model/scenario/load.h"

namespace kcsim::scenario {
namespace {

const std::string kText =
    "apiVersion: kcsim/v1\nkind: Scenario\nmetadata: {name: t}\nspec:\n  duration: 60s\n"
    "  cluster:\n    etcd: {members: 3}\n  timeline:\n    - {at: 10s, crash: etcd-0}\n";

Scenario parse_ok(const std::vector<std::string>& sets) {
  const Result<Scenario, ScenarioError> result = parse_scenario(kText, "s.yaml", sets);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().format());
  return result.ok() ? result.value() : Scenario{};
}

ScenarioError parse_error(const std::vector<std::string>& sets) {
  const Result<Scenario, ScenarioError> result = parse_scenario(kText, "s.yaml", sets);
  EXPECT_FALSE(result.ok());
  return result.ok() ? ScenarioError{} : result.error();
}

TEST(Overrides, ReplaceAScalar) {
  const Scenario s = parse_ok({"spec.cluster.etcd.members=5", "spec.seed=7"});
  EXPECT_EQ(s.spec.cluster.etcd->members, 5u);
  EXPECT_EQ(s.spec.seed, 7u);
}

TEST(Overrides, LaterOverrideWins) {
  const Scenario s = parse_ok({"spec.duration=10s", "spec.duration=20s"});
  EXPECT_EQ(s.spec.duration, 20 * sim::kSecond);
}

TEST(Overrides, CreateMissingSections) {
  const Scenario s = parse_ok({"spec.network.loss=0.25", "spec.cluster.pingMesh.hosts=6"});
  EXPECT_DOUBLE_EQ(s.spec.network.loss, 0.25);
  ASSERT_TRUE(s.spec.cluster.ping_mesh.has_value());
  EXPECT_EQ(s.spec.cluster.ping_mesh->hosts, 6u);
}

TEST(Overrides, IndexIntoAList) {
  const Scenario s = parse_ok({"spec.timeline[0].at=20s", "spec.timeline[0].crash=etcd-2"});
  EXPECT_EQ(s.spec.timeline[0].at, 20 * sim::kSecond);
  EXPECT_EQ(s.spec.timeline[0].target, "etcd-2");
}

TEST(Overrides, StructuredValue) {
  const Scenario s = parse_ok({"spec.network.intraZoneLatency={median: 1ms, p99: 2ms}"});
  EXPECT_EQ(s.spec.network.intra_zone_latency, DistSpec::lognormal(1e6, 2e6));
}

TEST(Overrides, PathNotInTheSchemaIsAnErrorNamingIt) {
  const ScenarioError e = parse_error({"spec.cluster.etcd.membrs=5"});
  EXPECT_EQ(e.file, "--set");
  EXPECT_EQ(e.key_path, "spec.cluster.etcd.membrs");
  EXPECT_NE(e.message.find("unknown key \"membrs\""), std::string::npos) << e.format();
  EXPECT_NE(e.message.find("did you mean \"members\""), std::string::npos) << e.format();
}

TEST(Overrides, BadValueIsReportedAgainstSetWithColumnInsideTheValue) {
  // "spec.duration=" is 14 characters: the value starts at column 15.
  const ScenarioError e = parse_error({"spec.duration=20"});
  EXPECT_EQ(e.format(),
            "--set:1:15: spec.duration: expected a duration with a unit such as 150ms or 2s, "
            "found \"20\"");
}

TEST(Overrides, ValueErrorsAreHeldToTheSameRules) {
  const ScenarioError e = parse_error({"spec.cluster.etcd.members=\"5\""});
  EXPECT_EQ(e.file, "--set");
  EXPECT_NE(e.message.find("found the quoted string \"5\""), std::string::npos) << e.format();
}

TEST(Overrides, CannotDescendIntoAScalarOrAListWithoutIndex) {
  ScenarioError e = parse_error({"spec.duration.seconds=5"});
  EXPECT_EQ(e.file, "--set");
  EXPECT_EQ(e.key_path, "spec.duration.seconds");
  EXPECT_NE(e.message.find("spec.duration is not a mapping"), std::string::npos) << e.format();

  e = parse_error({"spec.timeline.at=5s"});
  EXPECT_NE(e.message.find("spec.timeline is not a mapping"), std::string::npos) << e.format();

  e = parse_error({"spec.timeline[3].at=5s"});
  EXPECT_NE(e.message.find("has no element 3"), std::string::npos) << e.format();
}

TEST(Overrides, MalformedOverrideText) {
  ScenarioError e = parse_error({"spec.seed"});
  EXPECT_EQ(e.file, "--set");
  EXPECT_NE(e.message.find("no '='"), std::string::npos);
  e = parse_error({"spec..seed=1"});
  EXPECT_NE(e.message.find("expected a key path"), std::string::npos);
  e = parse_error({"=1"});
  EXPECT_NE(e.message.find("expected a key path"), std::string::npos);
  e = parse_error({"spec.timeline[x].at=1s"});
  EXPECT_NE(e.message.find("expected a key path"), std::string::npos);
}

TEST(Overrides, ValueThatIsNotYaml) {
  const ScenarioError e = parse_error({"spec.seed=[1"});
  EXPECT_EQ(e.file, "--set");
  EXPECT_NE(e.message.find("not valid YAML"), std::string::npos) << e.format();
}

TEST(Overrides, ParseOverrideSplitsAtTheFirstEquals) {
  const Result<Override, ScenarioError> o = parse_override("metadata.description=a=b");
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o.value().path, "metadata.description");
  EXPECT_EQ(o.value().value, "a=b");
}

}  // namespace
}  // namespace kcsim::scenario
