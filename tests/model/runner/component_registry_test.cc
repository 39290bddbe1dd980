// The component registry: a toy component registered in the test, and nothing else, is
// parsed, validated, built, targeted by the timeline and read by a check, with no edit to
// the parser, the world or the timeline driver. That is the point of the registry.
//
// The toy, "beacon": spec.cluster.beacon: {lights: N} (1..5, default 2) runs processes
// beacon-0..N-1 on hosts of the same names; role beacon/first names beacon-0; timeline
// action `flash: BEACON|ROLE` (instantaneous) counts a flash; state beacon.flashes.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "model/component/builtin.h"
#include "model/component/component_of.h"
#include "model/runner/run.h"
#include "model/runner/world.h"
#include "model/scenario/load.h"
#include "model/scenario/read_values.h"
#include "sim/process.h"

namespace kcsim::component {
namespace {

using scenario::Result;
using scenario::Scenario;
using scenario::ScenarioError;

struct BeaconSpec {
  std::uint64_t lights = 2;
};

class Beacon final : public sim::Process {
 public:
  explicit Beacon(sim::ProcessContext context) : sim::Process(context) {}
  void start() override {}
};

class BeaconInstance final : public Instance {
 public:
  BeaconInstance(runner::World& world, const BeaconSpec& spec) {
    sim::Simulation& sim = world.simulation();
    for (std::uint64_t i = 0; i < spec.lights; ++i) {
      const std::string name = "beacon-" + std::to_string(i);
      const sim::HostId host = sim.add_host(name, world.zones()[0]);
      const sim::ProcessId id = sim.add_process(name, host, [](sim::ProcessContext context) {
        return std::make_unique<Beacon>(context);
      });
      sim.start(id);
    }
    const sim::Simulation* s = &sim;
    world.add_role("beacon/first", [s](sim::Rng&) {
      return s->find_process("beacon-0").value_or(sim::kNoProcess);
    });
    world.add_state("beacon.flashes", [this] { return static_cast<double>(flashes_); });
  }

  std::function<void()> apply(const scenario::TimelineEntry& entry, runner::World& world) override {
    if (world.resolve_process(entry.target) != sim::kNoProcess) ++flashes_;
    return {};
  }

  std::vector<RunOutput> outputs() const override {
    return {{"beacon.txt", [n = flashes_] { return std::to_string(n) + " flashes\n"; }}};
  }

 private:
  std::uint64_t flashes_ = 0;
};

class BeaconComponent final : public ComponentOf<BeaconSpec> {
 public:
  BeaconComponent() {
    ActionSpec flash;
    flash.key = "flash";
    flash.parse_value = [](scenario::ParseContext& ctx, const ActionInput& in,
                           scenario::TimelineEntry& out) {
      out.target = scenario::read_string(ctx, in.value, "");
      if (ctx.failed() || in.targets.is_process_or_role(out.target)) return;
      ctx.fail(in.value, "expected a beacon, found \"" + out.target + "\"");
    };
    actions_.push_back(std::move(flash));
  }

  std::string_view key() const override { return "beacon"; }
  const std::vector<ActionSpec>& actions() const override { return actions_; }
  scenario::Schema<BeaconSpec> schema() const override {
    return scenario::Schema<BeaconSpec>("the beacon settings")
        .count("lights", &BeaconSpec::lights, 1, 5);
  }

 protected:
  void add_names(const BeaconSpec& spec, const std::vector<RawAction>&,
                 scenario::Targets& targets) const override {
    targets.add_numbered("beacon", spec.lights);
    targets.roles.insert("beacon/first");
  }
  std::unique_ptr<Instance> make(runner::World& world, const BeaconSpec& spec) const override {
    return std::make_unique<BeaconInstance>(world, spec);
  }

 private:
  std::vector<ActionSpec> actions_;
};

Registry toy_registry() {
  Registry registry;
  registry.add(std::make_unique<BeaconComponent>());
  return registry;
}

const std::string kHead =
    "apiVersion: kcsim/v1\nkind: Scenario\nmetadata: {name: beacons}\nspec:\n  duration: 10s\n";

const std::string kGood = kHead +
                          "  cluster:\n    beacon: {lights: 3}\n"
                          "  timeline:\n"
                          "    - {at: 2s, flash: beacon/first}\n"
                          "    - {at: 3s, flash: beacon-2}\n"
                          "    - {at: 4s, crashHost: beacon-1, for: 1s}\n"
                          "  checks:\n"
                          "    - {name: seen, within: 1s, after: flash beacon/first, "
                          "expect: \"beacon.flashes >= 1\"}\n"
                          "    - {name: both, expect: \"beacon.flashes == 2\"}\n";

TEST(ComponentRegistry, ToyComponentIsParsedWithItsDefaultsAndActions) {
  const Registry registry = toy_registry();
  const Result<Scenario, ScenarioError> parsed =
      scenario::parse_scenario(registry, kGood, "t.yaml");
  ASSERT_TRUE(parsed.ok()) << parsed.error().format();
  const Scenario& s = parsed.value();
  const auto* beacon =
      static_cast<const BeaconComponent*>(registry.find("beacon"))->find(s.spec.cluster);
  ASSERT_NE(beacon, nullptr);
  EXPECT_EQ(beacon->lights, 3u);
  ASSERT_EQ(s.spec.timeline.size(), 3u);
  EXPECT_EQ(s.spec.timeline[0].action, scenario::ActionKind::kComponent);
  EXPECT_EQ(s.spec.timeline[0].canonical_text(), "flash beacon/first");
  EXPECT_EQ(s.spec.timeline[1].target, "beacon-2");

  const Result<Scenario, ScenarioError> defaults =
      scenario::parse_scenario(registry, kHead + "  cluster:\n    beacon: {}\n", "d.yaml");
  ASSERT_TRUE(defaults.ok()) << defaults.error().format();
  EXPECT_EQ(registry.find("beacon") != nullptr, true);
  EXPECT_EQ(static_cast<const BeaconComponent*>(registry.find("beacon"))
                ->find(defaults.value().spec.cluster)
                ->lights,
            2u);
}

TEST(ComponentRegistry, ToyComponentErrorsHaveKeyPaths) {
  const Registry registry = toy_registry();
  const auto error = [&](const std::string& text) {
    const Result<Scenario, ScenarioError> r = scenario::parse_scenario(registry, text, "bad.yaml");
    return r.ok() ? std::string("parsed") : r.error().format();
  };
  EXPECT_EQ(
      error(kHead + "  cluster:\n    beacon: {lights: 9}\n"),
      "bad.yaml:7:22: spec.cluster.beacon.lights: expected an integer from 1 to 5, found \"9\"");
  EXPECT_EQ(error(kHead + "  cluster:\n    beacon: {light: 2}\n"),
            "bad.yaml:7:14: spec.cluster.beacon.light: unknown key \"light\"; expected one of: "
            "lights (did you mean \"lights\"?)");
  // The cluster's keys are the registry's: etcd is unknown here.
  EXPECT_EQ(error(kHead + "  cluster:\n    etcd: {}\n"),
            "bad.yaml:7:5: spec.cluster.etcd: unknown key \"etcd\"; expected one of: beacon");
  EXPECT_EQ(
      error(kHead + "  cluster:\n    beacon: {}\n  timeline:\n    - {at: 1s, flash: beacon-4}\n"),
      "bad.yaml:9:23: spec.timeline[0].flash: expected a beacon, found \"beacon-4\"");
  EXPECT_EQ(
      error(kHead +
            "  cluster:\n    beacon: {}\n  timeline:\n    - {at: 1s, flash: beacon-0, for: 1s}\n"),
      "bad.yaml:9:33: spec.timeline[0].for: for applies to actions that last; flash is "
      "instantaneous");
  // The kernel's actions and the toy's are listed; etcd's are not.
  EXPECT_NE(error(kHead + "  timeline:\n    - {at: 1s}\n").find("healDisk, latency, loss or flash"),
            std::string::npos);
}

TEST(ComponentRegistry, ToyComponentIsBuiltTargetedAndReadByChecks) {
  const Registry registry = toy_registry();
  const Result<Scenario, ScenarioError> parsed =
      scenario::parse_scenario(registry, kGood, "t.yaml");
  ASSERT_TRUE(parsed.ok()) << parsed.error().format();
  EXPECT_TRUE(runner::unknown_check_names(parsed.value(), &registry).empty());

  runner::RunOptions options;
  options.components = &registry;
  options.keep_outputs = true;
  const runner::RunResult result = runner::run_scenario(parsed.value(), options);
  ASSERT_EQ(result.checks.size(), 2u);
  EXPECT_TRUE(result.checks[0].passed) << result.checks[0].detail;
  EXPECT_TRUE(result.checks[1].passed) << result.checks[1].detail;
  ASSERT_EQ(result.outputs.size(), 1u);
  EXPECT_EQ(result.outputs[0].file, "beacon.txt");
  EXPECT_EQ(result.outputs[0].text(), "2 flashes\n");
}

TEST(ComponentRegistry, BuiltinOrderIsPingMeshThenEtcd) {
  const Registry& builtin = builtin_components();
  ASSERT_EQ(builtin.components().size(), 4u);
  EXPECT_EQ(builtin.components()[0]->key(), "pingMesh");
  EXPECT_EQ(builtin.components()[1]->key(), "etcd");
  EXPECT_EQ(builtin.components()[2]->key(), "apiServers");
  EXPECT_EQ(builtin.components()[3]->key(), "apiClients");
  ASSERT_TRUE(builtin.find_action("memberAdd").has_value());
  EXPECT_EQ(builtin.find_action("memberAdd")->component->key(), "etcd");
  EXPECT_FALSE(builtin.find_action("crash").has_value());
}

// `kcsim schema` describes a component from its own declarations: the toy's key, its
// range and default, and its action are in the scenario's shape with no other edit.
TEST(ComponentRegistry, ToyComponentIsInTheScenarioShape) {
  const scenario::Shape document = scenario::scenario_shape(toy_registry());
  const scenario::Shape* spec = document.property("spec");
  ASSERT_NE(spec, nullptr);
  const scenario::Shape* cluster = spec->property("cluster");
  ASSERT_NE(cluster, nullptr);
  ASSERT_EQ(cluster->properties.size(), 1u);
  const scenario::Shape* lights = cluster->properties[0].property("lights");
  ASSERT_NE(lights, nullptr);
  EXPECT_EQ(cluster->properties[0].key, "beacon");
  EXPECT_EQ(lights->type, scenario::Shape::Type::kInteger);
  EXPECT_EQ(lights->minimum, 1.0);
  EXPECT_EQ(lights->maximum_count, 5u);
  EXPECT_EQ(std::get<std::uint64_t>(lights->default_value), BeaconSpec{}.lights);
  const scenario::Shape& entry = spec->property("timeline")->items.at(0);
  EXPECT_NE(entry.property("flash"), nullptr);
  ASSERT_EQ(entry.exactly_one_of.size(), 1u);
  EXPECT_EQ(entry.exactly_one_of[0].back(), "flash");
}

}  // namespace
}  // namespace kcsim::component
