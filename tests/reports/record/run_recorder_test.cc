// RunRecorder on a shipped scenario: the crashed leader's lane, roles over time, the
// timeline's marks, windowed percentiles; and a run's hash is the same with it.
#include "reports/record/run_recorder.h"

#include <gtest/gtest.h>

#include <string>

#include "model/scenario/load.h"

namespace kcsim::reports {
namespace {

scenario::Scenario leader_crash() {
  const std::string file =
      std::string(KCSIM_SOURCE_DIR) + "/scenarios/failover/etcd-leader-crash.yaml";
  auto loaded = scenario::load_scenario(file);
  EXPECT_TRUE(loaded.ok());
  return loaded.value();
}

const Lane* find_lane(const RunRecord& record, const std::string& name) {
  for (const Lane& lane : record.lanes) {
    if (lane.process == name) return &lane;
  }
  return nullptr;
}

TEST(RunRecorder, RecordsLivesRolesMarksAndWindowsWithoutChangingTheRun) {
  const scenario::Scenario scenario = leader_crash();
  const runner::RunResult plain = runner::run_scenario(scenario);
  RunRecorder recorder(scenario);
  runner::RunOptions options;
  options.observer = &recorder;
  const runner::RunResult watched = runner::run_scenario(scenario, options);
  EXPECT_EQ(plain.trace_hash, watched.trace_hash);
  const RunRecord record = recorder.finish(watched.sim_time_s);

  // Exactly one member crashed, at the timeline's 10s, for 5s; it led before.
  int crashed = 0;
  for (const char* name : {"etcd-0", "etcd-1", "etcd-2"}) {
    const Lane* lane = find_lane(record, name);
    ASSERT_NE(lane, nullptr) << name;
    for (const Span& span : lane->states) {
      if (span.name != "crashed") continue;
      ++crashed;
      EXPECT_DOUBLE_EQ(span.from_s, 10.0);
      EXPECT_DOUBLE_EQ(span.to_s, 15.0);
      bool led_before = false;
      for (const Span& role : lane->roles)
        led_before = led_before || (role.name == "leader" && role.to_s == 10.0);
      EXPECT_TRUE(led_before) << name;
    }
    // Up from the start (the world starts its processes as it builds them).
    EXPECT_EQ(lane->states.front().name, "up") << name;
    // The lane covers the run without gaps.
    EXPECT_EQ(lane->states.front().from_s, 0.0);
    EXPECT_EQ(lane->states.back().to_s, record.end_s);
    for (std::size_t i = 1; i < lane->states.size(); ++i)
      EXPECT_EQ(lane->states[i].from_s, lane->states[i - 1].to_s);
  }
  EXPECT_EQ(crashed, 1);
  const Lane* client = find_lane(record, "client-0");
  ASSERT_NE(client, nullptr);
  ASSERT_EQ(client->states.size(), 1u);
  EXPECT_EQ(client->states[0].name, "up");
  // Two leaders over the run, on different members.
  int leader_spans = 0;
  for (const Lane& lane : record.lanes) {
    for (const Span& role : lane.roles)
      leader_spans += role.name == "leader" ? 1 : 0;
  }
  EXPECT_EQ(leader_spans, 2);
  // The timeline's entry and its undo, by name.
  ASSERT_GE(record.marks.size(), 2u);
  bool crash_mark = false, end_mark = false;
  for (const Mark& mark : record.marks) {
    crash_mark =
        crash_mark || (mark.from_timeline && mark.name == "leader crash" && mark.at_s == 10);
    end_mark =
        end_mark || (mark.from_timeline && mark.name == "end of leader crash" && mark.at_s == 15);
  }
  EXPECT_TRUE(crash_mark);
  EXPECT_TRUE(end_mark);
  // Windowed request latencies: one row per sample, the counts add up to the total.
  const WindowSeries* requests = nullptr;
  for (const WindowSeries& w : record.windows) {
    if (w.family == "etcd_request_duration_seconds") requests = &w;
  }
  ASSERT_NE(requests, nullptr);
  EXPECT_EQ(requests->time_s.size(), watched.metrics->series().row_count());
  double total = 0;
  for (double c : requests->count)
    total += c;
  EXPECT_EQ(total, *watched.metrics->query("etcd_request_duration_seconds.count"));
}

}  // namespace
}  // namespace kcsim::reports
