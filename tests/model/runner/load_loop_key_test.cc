// `mode:` of every synthetic load is read by one function (runner/load_loop_key.h): a bad
// value gets the same message, at the value, whichever load it is written in.
#include "model/runner/load_loop_key.h"

#include <gtest/gtest.h>

#include <string>

#include "model/scenario/load.h"

namespace kcsim::runner {
namespace {

const std::string kHead =
    "apiVersion: kcsim/v1\nkind: Scenario\nmetadata: {name: t}\nspec:\n  duration: 10s\n"
    "  cluster:\n";
// The 1-based column of `snippet` in `line`.
int column_of(const std::string& line, const std::string& snippet) {
  return static_cast<int>(line.find(snippet)) + 1;
}

scenario::ScenarioError error_of(const std::string& text) {
  const auto result = scenario::parse_scenario(text, "bad.yaml");
  EXPECT_FALSE(result.ok());
  return result.ok() ? scenario::ScenarioError{} : result.error();
}

TEST(LoadLoopKey, EveryLoadSaysTheSameAboutABadMode) {
  const std::string etcd_line = "      clients: {count: 1, qps: 5, mode: burst}";
  const scenario::ScenarioError etcd = error_of(kHead + "    etcd:\n" + etcd_line + "\n");
  const std::string group_line = "        - {name: a, mode: burst}";
  const scenario::ScenarioError api = error_of(kHead +
                                               "    etcd: {}\n"
                                               "    apiServers: {replicas: 1}\n"
                                               "    apiClients:\n"
                                               "      groups:\n" +
                                               group_line + "\n");
  EXPECT_EQ(etcd.format(), "bad.yaml:8:" + std::to_string(column_of(etcd_line, "burst")) +
                               ": spec.cluster.etcd.clients.mode: expected open (requests arrive "
                               "at a fixed rate, whatever the answers) or closed (a client sends "
                               "its next request after the last one's answer), found \"burst\"");
  EXPECT_EQ(api.line, 11);
  EXPECT_EQ(api.column, column_of(group_line, "burst"));
  EXPECT_EQ(api.key_path, "spec.cluster.apiClients.groups[0].mode");
  EXPECT_EQ(api.message, etcd.message);
}

TEST(LoadLoopKey, ANonStringModeIsAStringError) {
  const scenario::ScenarioError etcd =
      error_of(kHead + "    etcd:\n      clients: {count: 1, qps: 5, mode: [open]}\n");
  EXPECT_EQ(etcd.key_path, "spec.cluster.etcd.clients.mode");
  EXPECT_NE(etcd.message.find("expected a string"), std::string::npos) << etcd.format();
}

TEST(LoadLoopKey, NamesAreTheKeyValues) {
  EXPECT_EQ(sim::load_loop_name(sim::LoadLoop::kOpen), "open");
  EXPECT_EQ(sim::load_loop_name(sim::LoadLoop::kClosed), "closed");
}

}  // namespace
}  // namespace kcsim::runner
