// A write costs CPU where etcd pays it (etcd_config.h): at the member serving the
// client, at every member that applies it, and at the leader for each follower it
// replicates to, whichever member the client talks to.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/runner/run.h"
#include "model/scenario/load.h"

namespace kcsim::runner {
namespace {

// One client writing, with constant costs so that each member's CPU is
// an exact sum: serving 1ms, apply 2ms, replication 4ms per entry and follower.
constexpr const char* kOneClient = R"(apiVersion: kcsim/v1
kind: Scenario
metadata: {name: write-costs}
spec:
  duration: 20s
  cluster:
    etcd:
      members: 3
      writeCpu: 1ms
      applyCpu: 2ms
      replicateCpu: 4ms
      readCpu: 0ms
      clients: {count: 1, qps: 20, keys: 10, readFraction: 0}
)";

struct Costs {
  double writes = 0;
  double failed = 0;
  std::vector<double> cpu;  // seconds, etcd-0..2
  std::vector<double> leader;
};

Costs run_costs() {
  auto loaded = scenario::parse_scenario(kOneClient, "costs.yaml");
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().format());
  const RunResult r = run_scenario(loaded.value());
  Costs costs;
  costs.writes = r.metrics->query("etcd_request_duration_seconds.count").value_or(-1);
  costs.failed = r.metrics->query("etcd_client_requests_failed_total").value_or(-1);
  for (int i = 0; i < 3; ++i) {
    const std::string member = "{member=\"etcd-" + std::to_string(i) + "\"}";
    costs.cpu.push_back(r.metrics->query("process_cpu_seconds_total" + member).value_or(-1));
    costs.leader.push_back(r.metrics->query("etcd_server_is_leader" + member).value_or(-1));
  }
  return costs;
}

// Every member applies every acknowledged write (2ms each), and the leader sends each
// to two followers (2 x 4ms): the leader spends at least 10ms per write and a follower
// at least 2ms, though the client talks to one member only (which one depends on the
// retries before the first leader: a client moves on after "no leader"). At most, a
// member also serves every attempt (1ms): acknowledged writes plus 5 attempts for each
// failed one, and a few writes still in flight at the end.
TEST(EtcdWriteCosts, EveryMemberAppliesAndTheLeaderReplicates) {
  const Costs c = run_costs();
  ASSERT_GT(c.writes, 200);
  const double attempts_max = c.writes + 5 * c.failed + 5;
  int leaders = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    const bool leads = c.leader[i] == 1;
    leaders += leads ? 1 : 0;
    const double per_write = leads ? 0.010 : 0.002;
    EXPECT_GE(c.cpu[i], per_write * c.writes) << "etcd-" << i;
    EXPECT_LE(c.cpu[i], per_write * (c.writes + 5) + 0.001 * attempts_max) << "etcd-" << i;
  }
  EXPECT_EQ(leaders, 1);
}

}  // namespace
}  // namespace kcsim::runner
