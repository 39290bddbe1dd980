// Whole-run speed of an etcd cluster under steady write load: committed (acknowledged)
// writes per wall-clock second, simulated seconds per wall second, and kernel events
// per committed write, for 3 and 5 members. The Baseline is the same run with no
// clients: the cost of the cluster idling (heartbeats only), in events per simulated
// second, measured in the same binary.
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include <string>

#include "model/runner/run.h"
#include "model/scenario/load.h"

namespace {

kcsim::scenario::Scenario cluster(std::int64_t members, std::int64_t clients) {
  const std::string text = fmt::format(R"(apiVersion: kcsim/v1
kind: Scenario
metadata: {{name: etcd-bench}}
spec:
  duration: 20s
  cluster:
    etcd:
      members: {}
      clients: {{count: {}, qps: 100, keys: 1000, readFraction: 0}}
)",
                                       members, clients);
  return std::move(kcsim::scenario::parse_scenario(text, "bench.yaml").value());
}

void run(benchmark::State& state, std::int64_t clients) {
  const kcsim::scenario::Scenario scenario = cluster(state.range(0), clients);
  double writes = 0, events = 0, sim_seconds = 0;
  for (auto _ : state) {
    const kcsim::runner::RunResult result = kcsim::runner::run_scenario(scenario);
    writes += *result.metrics->query("etcd_request_duration_seconds.count");
    events += static_cast<double>(result.events);
    sim_seconds += result.sim_time_s;
  }
  state.counters["committed_writes_per_s"] =
      benchmark::Counter(writes, benchmark::Counter::kIsRate);
  state.counters["sim_s_per_wall_s"] = benchmark::Counter(sim_seconds, benchmark::Counter::kIsRate);
  state.counters["events_per_s"] = benchmark::Counter(events, benchmark::Counter::kIsRate);
  if (writes > 0) state.counters["events_per_write"] = events / writes;
}

void BM_EtcdSteadyWrites(benchmark::State& state) {
  run(state, 16);
}
void BM_BaselineEtcdIdle(benchmark::State& state) {
  run(state, 0);
}

}  // namespace

BENCHMARK(BM_EtcdSteadyWrites)->Arg(3)->Arg(5)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BaselineEtcdIdle)->Arg(3)->Arg(5)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
