// spec.clocks: a process's local clock, set by the scenario; its timers count local time.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/runner/run.h"
#include "model/scenario/load.h"

namespace kcsim::runner {
namespace {

const char* const kTwoPingers = R"(apiVersion: kcsim/v1
kind: Scenario
metadata: {name: clocks}
spec:
  duration: 60s
  cluster:
    pingMesh: {hosts: 2, interval: 500ms}
)";

double pings_sent(const std::string& text) {
  auto loaded = scenario::parse_scenario(text, "clocks.yaml");
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().format());
  const RunResult result = run_scenario(loaded.value());
  return result.metrics->query("ping_sent_total").value_or(-1);
}

// Each pinger pings its one peer at its start and then every 500ms of its own clock:
// at 0, 0.5s, ..., 60s: 121 rounds. A clock 1% fast (10,000 ppm) makes 500 local ms
// pass in 495.05 true ms: rounds at k x 495.05ms for k = 0..121 (121 x 495.05ms =
// 59.90s; the next is past the end): 122 rounds. An offset changes what the clock
// reads, not how fast it runs: no change in the count.
TEST(Clocks, ADriftingClockRunsItsProcesssTimersFaster) {
  EXPECT_EQ(pings_sent(kTwoPingers), 121 + 121);
  EXPECT_EQ(pings_sent(std::string(kTwoPingers) +
                       "  clocks:\n    - {process: ping-0, driftPpm: 10000}\n"),
            122 + 121);
  EXPECT_EQ(
      pings_sent(std::string(kTwoPingers) + "  clocks:\n    - {process: ping-1, offset: 3s}\n"),
      121 + 121);
}

std::string error_of(const std::string& clocks) {
  auto loaded = scenario::parse_scenario(std::string(kTwoPingers) + clocks, "clocks.yaml");
  return loaded.ok() ? "" : loaded.error().format();
}

TEST(Clocks, BadClocksAreRefusedWithTheirKeyPath) {
  EXPECT_EQ(error_of("  clocks:\n    - {process: ping-9}\n"),
            "clocks.yaml:9:17: spec.clocks[0].process: expected a process the cluster names, "
            "found \"ping-9\"");
  EXPECT_EQ(error_of("  clocks:\n    - {process: ping-0, driftPpm: 20000}\n"),
            "clocks.yaml:9:35: spec.clocks[0].driftPpm: expected a number from -10000 to "
            "10000, found \"20000\"");
  EXPECT_EQ(error_of("  clocks:\n    - {process: ping-0, speed: 2}\n"),
            "clocks.yaml:9:25: spec.clocks[0].speed: unknown key \"speed\"; expected one of: "
            "process offset driftPpm");
}

}  // namespace
}  // namespace kcsim::runner
