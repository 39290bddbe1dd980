// Histogram statistics over a window of the run ("h.p99 over [1s, 2s]") and after a
// warm-up: only the samples recorded in the window count.
#include "model/runner/histogram_windows.h"

#include <gtest/gtest.h>

#include <cmath>

#include "model/scenario/predicate.h"

namespace kcsim::runner {
namespace {

constexpr sim::Label kTick{"t"};
constexpr sim::Label kEntry{"e"};

using sim::kMillisecond;
using sim::kSecond;

scenario::Scenario with_check(const char* predicate, sim::Time warm_up = 0) {
  scenario::Scenario s;
  s.spec.duration = 4 * kSecond;
  s.spec.warm_up = warm_up;
  scenario::CheckSpec check;
  check.name = "c";
  check.predicate = scenario::parse_predicate(predicate).value();
  s.spec.checks.push_back(std::move(check));
  return s;
}

// Records 10s at 0.5s, 1ms at 1.5s and 100s at 2.5s into h_seconds.
void record(sim::Simulation& sim) {
  sim::Histogram& h = sim.metrics().histogram("h_seconds");
  sim.at_untraced(500 * kMillisecond, kTick, [&h] { h.record(10); });
  sim.at_untraced(1500 * kMillisecond, kTick, [&h] { h.record(0.001); });
  sim.at_untraced(2500 * kMillisecond, kTick, [&h] { h.record(100); });
}

TEST(HistogramWindows, AStatisticOverAWindowCountsOnlyItsSamples) {
  const scenario::Scenario s = with_check(
      "h_seconds.p99 over [1s, 2s] < 5ms && "
      "h_seconds.count over [1s,2s] == 1");
  const std::string p99 = "h_seconds.p99 over [1s, 2s]";
  ASSERT_EQ(s.spec.checks[0].predicate.nodes[0].name, p99);  // canonical form
  sim::Simulation sim(1);
  record(sim);
  HistogramWindows windows(sim, s);
  sim.run_until(900 * kMillisecond);
  EXPECT_TRUE(std::isnan(*windows.value(p99)));  // before the window: none
  sim.run_until(4 * kSecond);
  EXPECT_NEAR(*windows.value(p99), 0.001, 0.001 * 0.004);  // not the 10s or the 100s
  EXPECT_EQ(*windows.value("h_seconds.count over [1s, 2s]"), 1.0);
  EXPECT_EQ(windows.value("h_seconds.p99"), std::nullopt);  // no warm-up: the World answers
  EXPECT_EQ(*sim.metrics().query("h_seconds.count"), 3.0);  // the cumulative one is intact
}

TEST(HistogramWindows, AWarmUpLeavesEarlierSamplesOut) {
  const scenario::Scenario s = with_check("h_seconds.max < 1s", 1 * kSecond);
  sim::Simulation sim(1);
  record(sim);
  HistogramWindows windows(sim, s);
  sim.run_until(2 * kSecond);
  EXPECT_NEAR(*windows.value("h_seconds.max"), 0.001, 0.001 * 0.01);
  EXPECT_EQ(*sim.metrics().query("h_seconds.max"), 10.0);
}

// A check `over: D, after: E`: the window opens when E fires, wherever that is.
scenario::Scenario with_event_check(const char* predicate, sim::Time over) {
  scenario::Scenario s = with_check(predicate);
  s.spec.checks[0].kind = scenario::CheckKind::kOver;
  s.spec.checks[0].over = over;
  s.spec.checks[0].after = "e";
  return s;
}

TEST(HistogramWindows, AWindowAfterAnEventCountsTheSamplesFromItsTime) {
  const scenario::Scenario s = with_event_check("h_seconds.p99 < 5ms", 1 * kSecond);
  sim::Simulation sim(1);
  record(sim);
  HistogramWindows windows(sim, s);
  scenario::TimelineEntry entry;
  entry.name = "e";
  entry.target = "x";
  sim.at_untraced(1 * kSecond, kEntry, [&] { windows.on_entry(entry); });
  sim.run_until(900 * kMillisecond);
  // Before E fired there is no window to read: the World answers as without one.
  EXPECT_EQ(windows.value_over("h_seconds.p99", 1 * kSecond, 2 * kSecond), std::nullopt);
  sim.run_until(1200 * kMillisecond);
  EXPECT_TRUE(std::isnan(*windows.value_over("h_seconds.p99", 1 * kSecond, 2 * kSecond)));
  sim.run_until(4 * kSecond);
  // [1s, 2s]: the 1ms sample only, not the 10s before nor the 100s after.
  EXPECT_NEAR(*windows.value_over("h_seconds.p99", 1 * kSecond, 2 * kSecond), 0.001, 0.001 * 0.004);
  EXPECT_EQ(*windows.value_over("h_seconds.count", 1 * kSecond, 2 * kSecond), 1.0);
  // A window to the run's end (until = duration) reads the histogram as it is now.
  EXPECT_EQ(*windows.value_over("h_seconds.count", 1 * kSecond, 4 * kSecond), 2.0);
  // Only names with a statistic of a histogram, and no window of their own.
  EXPECT_EQ(windows.value_over("h_seconds.p99 over [1s, 2s]", 1 * kSecond, 2 * kSecond),
            std::nullopt);
  EXPECT_EQ(windows.value_over("h_seconds.p99", 1500 * kMillisecond, 3 * kSecond), std::nullopt);
  EXPECT_EQ(*sim.metrics().query("h_seconds.count"), 3.0);  // the cumulative one is intact
}

TEST(HistogramWindows, ABadWindowIsAnErrorAtItsColumn) {
  const auto reversed = scenario::parse_predicate("h.p99 over [3s, 2s] < 1s");
  ASSERT_FALSE(reversed.ok());
  EXPECT_EQ(reversed.error().offset, 11u);
  EXPECT_FALSE(scenario::parse_predicate("h.p99 over [3, 4s] < 1s").ok());
  EXPECT_FALSE(scenario::parse_predicate("h.p99 over 3s < 1s").ok());
}

TEST(HistogramWindows, TheTimeSeriesHasIntervalAndCumulativePercentiles) {
  sim::Metrics m;
  sim::Histogram& h = m.histogram("h_seconds");
  h.record(10);
  m.sample(1 * kSecond);
  h.record(0.001);
  m.sample(2 * kSecond);
  m.sample(3 * kSecond);  // nothing in this interval
  const sim::TimeSeries& series = m.series();
  EXPECT_NEAR(series.column("h_seconds.p99")->at(1), 0.001, 0.001 * 0.004);
  EXPECT_TRUE(std::isnan(series.column("h_seconds.p99")->at(2)));
  EXPECT_EQ(series.column("h_seconds.cumulative.p99")->at(1), 10.0);
  EXPECT_EQ(series.column("h_seconds.count")->at(2), 2.0);
}

}  // namespace
}  // namespace kcsim::runner
