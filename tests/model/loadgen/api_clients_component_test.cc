// spec.cluster.apiClients: parsed with its defaults, rejected with key paths, built
// after a (fake) apiServers component and run end to end.
#include "model/loadgen/api_clients_component.h"

#include <gtest/gtest.h>

#include <any>
#include <memory>
#include <string>

#include "model/component/builtin.h"
#include "model/component/component_of.h"
#include "model/runner/run.h"
#include "model/runner/world.h"
#include "model/scenario/load.h"
#include "tests/model/client/fake_replica.h"

namespace kcsim::loadgen {
namespace {

using client::testing::FakeReplica;
using client::testing::ReplicaLog;

// A stand-in for the real apiServers component: replicas apiserver-0..N-1 that answer
// every request 200 at once.
struct FakeServersSpec {
  std::uint64_t replicas = 3;
};

class FakeServersComponent final : public component::ComponentOf<FakeServersSpec> {
 public:
  std::string_view key() const override { return "apiServers"; }
  scenario::Schema<FakeServersSpec> schema() const override {
    return scenario::Schema<FakeServersSpec>("the fake API servers")
        .count("replicas", &FakeServersSpec::replicas, 1, 9);
  }

 protected:
  void add_names(const FakeServersSpec& spec, const std::vector<component::RawAction>&,
                 scenario::Targets& targets) const override {
    targets.add_numbered("apiserver", spec.replicas);
  }
  std::unique_ptr<component::Instance> make(runner::World& world,
                                            const FakeServersSpec& spec) const override {
    sim::Simulation& sim = world.simulation();
    for (std::uint64_t i = 0; i < spec.replicas; ++i) {
      const std::string name = "apiserver-" + std::to_string(i);
      auto log = std::make_shared<ReplicaLog>();
      const sim::ProcessId id = sim.add_process(
          name, sim.add_host(name, world.zones()[0]), [log](sim::ProcessContext context) {
            return std::make_unique<FakeReplica>(context, log, client::testing::answer_ok);
          });
      sim.start(id);
    }
    return std::make_unique<component::Instance>();
  }
};

component::Registry registry() {
  component::Registry r;
  r.add(std::make_unique<FakeServersComponent>());
  r.add(std::make_unique<ApiClientsComponent>());
  return r;
}

const std::string kHead =
    "apiVersion: kcsim/v1\nkind: Scenario\nmetadata: {name: load}\nspec:\n  duration: 60s\n"
    "  cluster:\n    apiServers: {replicas: 3}\n";

std::string error_of(const std::string& text) {
  const component::Registry r = registry();
  auto parsed = scenario::parse_scenario(r, text, "bad.yaml");
  return parsed.ok() ? "" : parsed.error().format();
}

TEST(ApiClientsComponent, ParsesGroupsWithClientGoDefaults) {
  const component::Registry r = registry();
  const std::string text = kHead +
                           "    apiClients:\n"
                           "      groups:\n"
                           "        - {name: nodes, count: 10, mode: closed, rate: 2,\n"
                           "           verbs: {get: 3, update: 1}, resource: leases,\n"
                           "           namespaces: [kube-node-lease],\n"
                           "           user: {name: \"system:node:x\", groups: [system:nodes]},\n"
                           "           list: {limit: 0, resourceVersion: \"0\"}, watchers: 2}\n"
                           "        - {name: bots}\n";
  auto parsed = scenario::parse_scenario(r, text, "t.yaml");
  ASSERT_TRUE(parsed.ok()) << parsed.error().format();
  const auto& spec =
      std::any_cast<const ApiClientsSpec&>(parsed.value().spec.cluster.components.at("apiClients"));
  ASSERT_EQ(spec.groups.size(), 2u);
  const ClientGroupSpec& nodes = spec.groups[0];
  EXPECT_EQ(nodes.count, 10u);
  EXPECT_EQ(nodes.mode, sim::LoadLoop::kClosed);
  EXPECT_EQ(nodes.verbs.get, 3);
  EXPECT_EQ(nodes.verbs.update, 1);
  EXPECT_EQ(nodes.verbs.list, 0);  // only the verbs given
  EXPECT_EQ(nodes.user.groups, std::vector<std::string>{"system:nodes"});
  EXPECT_TRUE(nodes.list.rv_any);
  EXPECT_EQ(nodes.watchers, 2u);
  const ClientGroupSpec& bots = spec.groups[1];
  EXPECT_EQ(bots.qps, 5);  // client-go's DefaultQPS and DefaultBurst
  EXPECT_EQ(bots.burst, 10u);
  EXPECT_EQ(bots.verbs.get, 1);
  EXPECT_EQ(bots.resource, "configmaps");
  EXPECT_FALSE(bots.list.rv_any);
  EXPECT_FALSE(spec.direct);
}

TEST(ApiClientsComponent, ErrorsNameTheKey) {
  EXPECT_EQ(
      error_of(kHead + "    apiClients:\n      groups:\n        - {name: a, resource: podz}\n"),
      "bad.yaml:10:31: spec.cluster.apiClients.groups[0].resource: expected a resource "
      "(namespaces, nodes, pods, leases, replicasets, deployments, statefulsets, services, "
      "endpoints, endpointslices, persistentvolumes, persistentvolumeclaims, "
      "volumeattachments, events, configmaps), found \"podz\"");
  EXPECT_NE(error_of(kHead + "    apiClients:\n      groups:\n        - {name: a, mode: half}\n")
                .find("groups[0].mode: expected open (requests arrive at a fixed rate"),
            std::string::npos);
  EXPECT_NE(
      error_of(kHead + "    apiClients:\n      groups:\n        - {name: a}\n        - {name: a}\n")
          .find("expected distinct group names"),
      std::string::npos);
  EXPECT_NE(
      error_of(kHead + "    apiClients:\n      groups:\n        - {name: a, verbs: {get: 0}}\n")
          .find("groups[0].verbs: expected at least one verb"),
      std::string::npos);
  EXPECT_NE(error_of(kHead + "    apiClients:\n      groups:\n        - {name: A_b}\n")
                .find("groups[0].name: expected a name of lower-case letters"),
            std::string::npos);
  EXPECT_NE(error_of(kHead + "    apiClients:\n      groups:\n        - {count: 1}\n")
                .find("groups[0].name"),
            std::string::npos);
  EXPECT_NE(
      error_of(
          kHead +
          "    apiClients:\n      groups:\n        - {name: a, list: {resourceVersion: \"5\"}}\n")
          .find("list.resourceVersion: expected \"0\""),
      std::string::npos);
  EXPECT_NE(error_of(kHead + "    apiClients:\n      groups:\n        - {name: a, rates: 1}\n")
                .find("unknown key \"rates\""),
            std::string::npos);
  EXPECT_NE(error_of(kHead + "    apiClients:\n      groups: []\n").find("a list of client groups"),
            std::string::npos);
}

TEST(ApiClientsComponent, RunsAgainstTheReplicasAndCountsRequests) {
  const component::Registry r = registry();
  const std::string text = kHead +
                           "    apiClients:\n"
                           "      groups:\n"
                           "        - {name: web, count: 6, mode: closed, rate: 2}\n"
                           "        - {name: informers, count: 0, resource: pods, watchers: 3}\n"
                           "  checks:\n"
                           "    - {name: answered, expect: \"loadgen_completed_total >= 100\"}\n";
  auto parsed = scenario::parse_scenario(r, text, "t.yaml");
  ASSERT_TRUE(parsed.ok()) << parsed.error().format();
  runner::RunOptions options;
  options.components = &r;
  const runner::RunResult result = runner::run_scenario(parsed.value(), options);
  EXPECT_TRUE(result.passed());
  const sim::Metrics& m = *result.metrics;
  // 6 clients thinking 500ms on average between answers, for 60s: about 720 requests.
  const double completed = m.query(R"(loadgen_completed_total{group="web"})").value_or(-1);
  EXPECT_GT(completed, 500);
  EXPECT_EQ(m.query(R"(loadgen_requests_total{code="200",group="web",verb="get"})"), completed);
  EXPECT_EQ(m.sum_over("rest_client_requests_total").value_or(-1),
            completed + 3 /* the watchers' lists */);
  EXPECT_EQ(m.query(R"(loadgen_relists_total{group="informers"})"), 3);
  // The same scenario and seed: the same run, event for event.
  EXPECT_EQ(runner::run_scenario(parsed.value(), options).trace_hash, result.trace_hash);
}

TEST(ApiClientsComponent, TheBuiltinRegistryParsesIt) {
  auto parsed = scenario::parse_scenario(
      "apiVersion: kcsim/v1\nkind: Scenario\nmetadata: {name: x}\nspec:\n  duration: 1s\n"
      "  cluster:\n    apiClients: {direct: true, groups: [{name: a}]}\n",
      "t.yaml");
  ASSERT_TRUE(parsed.ok()) << parsed.error().format();
  EXPECT_TRUE(component::builtin_components().find("apiClients") != nullptr);
}

}  // namespace
}  // namespace kcsim::loadgen
