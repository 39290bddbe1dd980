// Checks `over: D, after: E` (and `after: E` alone): the predicate once per occurrence of
// E, at the first evaluation at or after t_E + D (or at the end), with windowed readings
// over [t_E, t_E + D] and every other name read as it is then.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "model/scenario/check_monitor.h"
#include "model/scenario/load.h"

namespace kcsim::scenario {
namespace {

using sim::kMillisecond;
using sim::kSecond;
using sim::Time;

// A lookup whose windowed readings ("lat_seconds.p99") are given per window, and which
// remembers every window it was asked about.
class WindowedLookup final : public Lookup {
 public:
  std::optional<double> value(std::string_view name) const override { return plain.value(name); }
  std::optional<double> value_over(std::string_view name, Time from, Time until) const override {
    asked.emplace_back(from, until);
    const auto it = windows.find({std::string(name), from, until});
    if (it == windows.end()) return std::nullopt;
    return it->second;
  }

  MapLookup plain;
  std::map<std::tuple<std::string, Time, Time>, double> windows;
  mutable std::vector<std::pair<Time, Time>> asked;
};

CheckSpec over_check(std::string_view predicate, Time over, std::string after) {
  CheckSpec check;
  check.name = "over";
  check.kind = CheckKind::kOver;
  check.predicate = parse_predicate(predicate).value();
  check.over = over;
  check.after = std::move(after);
  return check;
}

// Evaluates every 100ms in [start, end].
void tick(CheckMonitor& monitor, const Lookup& lookup, Time start, Time end) {
  for (Time t = start; t <= end; t += 100 * kMillisecond) {
    monitor.evaluate(t, lookup);
  }
}

TEST(CheckOver, ReadsTheWindowAfterTheEventOnceItHasClosed) {
  CheckMonitor monitor({over_check("lat_seconds.p99 < 50ms && up == 1", 10 * kSecond, "kill")});
  WindowedLookup lookup;
  lookup.plain.set("lat_seconds.p99", 0.9);  // the cumulative value: not the one read
  lookup.plain.set("up", 1);
  lookup.windows[{"lat_seconds.p99", 5 * kSecond, 15 * kSecond}] = 0.020;
  tick(monitor, lookup, 0, 5 * kSecond);
  monitor.on_event("kill", 5 * kSecond);
  tick(monitor, lookup, 5 * kSecond + 100 * kMillisecond, 14900 * kMillisecond);
  EXPECT_TRUE(lookup.asked.empty());  // not read before the window closed
  tick(monitor, lookup, 15 * kSecond, 20 * kSecond);
  ASSERT_FALSE(lookup.asked.empty());
  EXPECT_EQ(lookup.asked.front(), std::make_pair(5 * kSecond, 15 * kSecond));
  const std::vector<CheckResult> results = monitor.finish(20 * kSecond, lookup);
  EXPECT_EQ(results[0].status, CheckStatus::kPassed) << results[0].detail;
  EXPECT_NE(results[0].detail.find("over [5s, 15s] (10s after kill)"), std::string::npos)
      << results[0].detail;
  EXPECT_NE(results[0].detail.find("lat_seconds.p99 = 20ms"), std::string::npos)
      << results[0].detail;
}

TEST(CheckOver, FailsWhenTheWindowsStatisticIsOverTheBound) {
  CheckMonitor monitor({over_check("lat_seconds.p99 < 50ms", 10 * kSecond, "kill")});
  WindowedLookup lookup;
  lookup.plain.set("lat_seconds.p99", 0.001);  // cumulative: fine, but not what counts
  lookup.windows[{"lat_seconds.p99", 5 * kSecond, 15 * kSecond}] = 0.080;
  monitor.on_event("kill", 5 * kSecond);
  tick(monitor, lookup, 5 * kSecond, 20 * kSecond);
  EXPECT_TRUE(monitor.any_failed());  // decided when the window closed, not at the end
  const std::vector<CheckResult> results = monitor.finish(20 * kSecond, lookup);
  EXPECT_EQ(results[0].status, CheckStatus::kFailed);
  EXPECT_NE(results[0].detail.find("false over [5s, 15s]"), std::string::npos) << results[0].detail;
}

TEST(CheckOver, EveryOccurrenceHasItsWindow) {
  CheckMonitor monitor({over_check("lat_seconds.p99 < 50ms", 2 * kSecond, "heal all")});
  WindowedLookup lookup;
  lookup.windows[{"lat_seconds.p99", 1 * kSecond, 3 * kSecond}] = 0.010;
  lookup.windows[{"lat_seconds.p99", 6 * kSecond, 8 * kSecond}] = 0.070;
  monitor.on_event("heal all", 1 * kSecond);
  tick(monitor, lookup, 1 * kSecond, 5 * kSecond);
  EXPECT_FALSE(monitor.any_failed());
  monitor.on_event("heal all", 6 * kSecond);
  tick(monitor, lookup, 6 * kSecond, 9 * kSecond);
  const std::vector<CheckResult> results = monitor.finish(9 * kSecond, lookup);
  EXPECT_EQ(results[0].status, CheckStatus::kFailed);
  EXPECT_NE(results[0].detail.find("[6s, 8s]"), std::string::npos) << results[0].detail;
}

TEST(CheckOver, WithoutALengthTheWindowRunsToTheEnd) {
  CheckMonitor monitor({over_check("lat_seconds.p99 < 50ms", 0, "heal")});
  WindowedLookup lookup;
  lookup.windows[{"lat_seconds.p99", 4 * kSecond, 30 * kSecond}] = 0.030;
  monitor.on_event("heal", 4 * kSecond);
  tick(monitor, lookup, 4 * kSecond, 30 * kSecond);
  EXPECT_TRUE(lookup.asked.empty());  // only at the end
  const std::vector<CheckResult> results = monitor.finish(30 * kSecond, lookup);
  EXPECT_EQ(results[0].status, CheckStatus::kPassed) << results[0].detail;
  EXPECT_NE(results[0].detail.find("from heal to the end"), std::string::npos) << results[0].detail;
}

TEST(CheckOver, FailsWhenTheEventNeverHappens) {
  CheckMonitor monitor({over_check("lat_seconds.p99 < 50ms", 1 * kSecond, "kill")});
  WindowedLookup lookup;
  tick(monitor, lookup, 0, 5 * kSecond);
  const std::vector<CheckResult> results = monitor.finish(5 * kSecond, lookup);
  EXPECT_EQ(results[0].status, CheckStatus::kFailed);
  EXPECT_EQ(results[0].detail, "kill never happened");
}

TEST(CheckOver, AnInterruptedRunLeavesAnOpenWindowNotEvaluated) {
  CheckMonitor monitor({over_check("lat_seconds.p99 < 50ms", 10 * kSecond, "kill")});
  WindowedLookup lookup;
  monitor.on_event("kill", 5 * kSecond);
  tick(monitor, lookup, 5 * kSecond, 8 * kSecond);
  const std::vector<CheckResult> results = monitor.finish(8 * kSecond, lookup, true);
  EXPECT_EQ(results[0].status, CheckStatus::kNotEvaluated);
  EXPECT_NE(results[0].detail.find("still open (until 15s)"), std::string::npos)
      << results[0].detail;
}

}  // namespace
}  // namespace kcsim::scenario

namespace kcsim::scenario {
namespace {

TEST(CheckOver, ParsesOverAfterAndAfterAlone) {
  const char* yaml = R"(apiVersion: kcsim/v1
kind: Scenario
metadata: {name: t}
spec:
  duration: 60s
  cluster:
    etcd: {}
  timeline:
    - {at: 10s, name: kill the leader, crash: etcd/leader, for: 5s}
    - {at: 30s, heal: all}
  checks:
    - {name: a, expect: "etcd_request_duration_seconds.p99 < 50ms", over: 10s, after: kill the leader}
    - {name: b, expect: "etcd_request_duration_seconds.p99 < 50ms", after: heal all}
)";
  auto loaded = parse_scenario(yaml, "t.yaml", {});
  ASSERT_TRUE(loaded.ok()) << loaded.error().format();
  const std::vector<CheckSpec>& checks = loaded.value().spec.checks;
  EXPECT_EQ(checks[0].kind, CheckKind::kOver);
  EXPECT_EQ(checks[0].over, 10 * sim::kSecond);
  EXPECT_EQ(checks[0].after, "kill the leader");
  EXPECT_EQ(checks[1].kind, CheckKind::kOver);
  EXPECT_EQ(checks[1].over, 0);  // to the end of the run
  EXPECT_EQ(checks[1].after, "heal all");
}

}  // namespace
}  // namespace kcsim::scenario
