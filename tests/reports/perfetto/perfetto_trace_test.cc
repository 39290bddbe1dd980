// --trace perfetto on the leader-crash scenario: valid trace-event JSON with a track per
// process, request and fsync slices, the crash as an instant, drops, queue counters, and
// election and leader spans; the run's hash is the same with it.
#include "reports/perfetto/perfetto_trace.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "model/scenario/load.h"
#include "reports/record/observer_list.h"
#include "reports/record/run_recorder.h"

namespace kcsim::reports {
namespace {

TEST(PerfettoTrace, TheLeaderCrashAsTracksSlicesInstantsAndCounters) {
  const std::string file =
      std::string(KCSIM_SOURCE_DIR) + "/scenarios/failover/etcd-leader-crash.yaml";
  auto loaded = scenario::load_scenario(file);
  ASSERT_TRUE(loaded.ok());
  std::ostringstream out;
  PerfettoTrace perfetto(out, "etcd-leader-crash");
  RunRecorder recorder(loaded.value());
  ObserverList observers;
  observers.add(&recorder);
  observers.add(&perfetto);
  runner::RunOptions options;
  options.observer = &observers;
  const runner::RunResult result = runner::run_scenario(loaded.value(), options);
  perfetto.finish(recorder.finish(result.sim_time_s));
  EXPECT_EQ(result.trace_hash, runner::run_scenario(loaded.value()).trace_hash);

  const nlohmann::json trace = nlohmann::json::parse(out.str());
  const nlohmann::json& events = trace["traceEvents"];
  ASSERT_EQ(events.size(), perfetto.events_written());
  std::map<int, std::string> threads;
  std::map<std::string, int> slices;  // name -> count
  std::set<std::string> instants, counters;
  double crash_ts = -1;
  for (const auto& e : events) {
    const std::string ph = e["ph"];
    if (ph == "M" && e["name"] == "thread_name") threads[e["tid"]] = e["args"]["name"];
    if (ph == "X") {
      ++slices[e["name"]];
      EXPECT_GE(e["dur"].get<double>(), 0);
    }
    if (ph == "i") instants.insert(e["name"]);
    if (ph == "C") counters.insert(e["name"]);
    if (ph == "i" && e["name"] == "process.crash") crash_ts = e["ts"];
  }
  for (const char* name : {"kernel", "etcd-0", "etcd-1", "etcd-2"}) {
    bool found = false;
    for (const auto& [tid, thread] : threads)
      found = found || thread == name;
    EXPECT_TRUE(found) << name;
  }
  // Every acknowledged request is a slice, and so is every WAL fsync.
  EXPECT_EQ(slices["etcd_request_duration_seconds"],
            *result.metrics->query("etcd_request_duration_seconds.count"));
  EXPECT_EQ(slices["etcd_disk_wal_fsync_duration_seconds"],
            *result.metrics->sum_over("etcd_disk_wal_fsync_duration_seconds.count"));
  EXPECT_EQ(slices["leader"], 2);
  EXPECT_GE(slices["election (no leader)"], 1);
  EXPECT_DOUBLE_EQ(crash_ts, 10e6);  // microseconds
  EXPECT_TRUE(instants.contains("etcd.leader_elected"));
  EXPECT_TRUE(instants.contains("net.drop.endpoint"));
  EXPECT_TRUE(counters.contains("pending events"));
  EXPECT_TRUE(counters.contains("etcd_server_proposals_pending{member=\"etcd-0\"}"));
}

}  // namespace
}  // namespace kcsim::reports
