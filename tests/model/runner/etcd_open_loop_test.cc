// Open-loop etcd clients (etcd_client.h): requests arrive at the offered rate whatever
// the answers, at most maxInFlight held per client, the rest dropped and counted; a
// closed loop sends one at a time, so a cluster that does not answer slows it down.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "tests/model/runner/scenario_text_run.h"

namespace kcsim::runner {
namespace {

using scenario_test::metric;
using scenario_test::run_text;

// 4 clients at 50/s for 20s, half writes; every member's disk stalls at 5s and never
// recovers, so no write is persisted, none commits, and none is answered from then on
// (each waits for its 5s deadline). Reads (ReadIndex: a heartbeat round, no disk) still are.
constexpr const char* kStalled = R"(apiVersion: kcsim/v1
kind: Scenario
metadata: {name: open-loop}
spec:
  duration: 20s
  cluster:
    etcd:
      members: 3
      clients: {count: 4, qps: 50, keys: 20}
  timeline:
    - {at: 5s, stallDisk: etcd-0}
    - {at: 5s, stallDisk: etcd-1}
    - {at: 5s, stallDisk: etcd-2}
)";

TEST(EtcdOpenLoop, ArrivalsKeepTheOfferedRateAndTheBoundDropsTheRest) {
  const RunResult open =
      run_text(kStalled, "open.yaml",
               {"spec.cluster.etcd.clients.mode=open", "spec.cluster.etcd.clients.maxInFlight=8"});
  const double arrivals = metric(open, "etcd_client_arrivals_total");
  const double issued = metric(open, "etcd_client_issued_total");
  const double dropped = metric(open, "etcd_client_dropped_total{reason=\"max_in_flight\"}");
  // Poisson arrivals at 4 x 50/s from the clients' start (one heartbeat, 100ms) to 20s:
  // mean 3980, standard deviation 63; 5 deviations either side.
  const double mean = 200.0 * 19.9;
  EXPECT_NEAR(arrivals, mean, 5 * std::sqrt(mean));
  EXPECT_EQ(issued + dropped, arrivals);
  // From the stall on, a client holding 8 unanswered writes drops what arrives.
  EXPECT_GT(dropped, 0);
  EXPECT_LE(metric(open, "etcd_client_in_flight"), 4 * 8);
  // The digest says the offered rate beside the achieved one.
  bool said = false;
  for (const std::string& line : open.digest) {
    if (line.starts_with("etcd load: open loop at 200/s: offered ")) said = true;
  }
  EXPECT_TRUE(said);

  // The same cluster in a closed loop: a client waits for each answer, so after the
  // stall each write holds it for its 5s deadline: at most 200/s x 5s = 1,000 before
  // (fewer: each request also waits for its answer), and about 4 clients x 3 deadlines
  // x 2 requests (a write every second request) after: under 1,030 in all, well under
  // half the open loop's offer. It never drops one.
  const RunResult closed = run_text(kStalled, "closed.yaml", {});
  EXPECT_LT(metric(closed, "etcd_client_arrivals_total"), arrivals / 2);
  EXPECT_EQ(metric(closed, "etcd_client_arrivals_total"),
            metric(closed, "etcd_client_issued_total"));
  EXPECT_EQ(metric(closed, "etcd_client_dropped_total{reason=\"max_in_flight\"}"), 0);
}

TEST(EtcdOpenLoop, TheSameSeedGivesTheSameRun) {
  const std::vector<std::string> open = {"spec.cluster.etcd.clients.mode=open"};
  EXPECT_EQ(run_text(kStalled, "a.yaml", open).trace_hash,
            run_text(kStalled, "b.yaml", open).trace_hash);
}

}  // namespace
}  // namespace kcsim::runner
