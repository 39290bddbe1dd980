// Per-interval percentiles from the difference of two snapshots of one histogram.
#include "reports/record/window_percentiles.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace kcsim::reports {
namespace {

TEST(WindowPercentiles, SeeOnlyTheSamplesBetweenTheSnapshots) {
  sim::Histogram h;
  for (int i = 0; i < 1000; ++i)
    h.record(0.001);  // a quiet first interval: 1ms
  const sim::Histogram earlier = h;
  for (int i = 0; i < 100; ++i)
    h.record(0.5);  // a slow second one: 500ms
  const WindowStats window = window_percentiles(earlier, h, {50, 99});
  EXPECT_EQ(window.count, 100u);
  // The cumulative p50 still says 1ms; the window's says 500ms (within a bucket).
  EXPECT_NEAR(h.percentile(50), 0.001, 0.001 * 0.004);
  EXPECT_NEAR(window.percentiles[0], 0.5, 0.5 * 0.004);
  EXPECT_NEAR(window.percentiles[1], 0.5, 0.5 * 0.004);
}

TEST(WindowPercentiles, NearestRankOverAMixedWindow) {
  sim::Histogram earlier;
  earlier.record(7.0);
  sim::Histogram later = earlier;
  for (int i = 1; i <= 100; ++i)
    later.record(static_cast<double>(i));
  const WindowStats window = window_percentiles(earlier, later, {50, 90, 100});
  EXPECT_EQ(window.count, 100u);
  EXPECT_NEAR(window.percentiles[0], 50, 50 * 0.004);
  EXPECT_NEAR(window.percentiles[1], 90, 90 * 0.004);
  EXPECT_NEAR(window.percentiles[2], 100, 100 * 0.004);
}

TEST(WindowPercentiles, ZerosAndAnEmptyWindow) {
  sim::Histogram h;
  h.record(0.0);
  h.record(0.0);
  h.record(2.0);
  const WindowStats all = window_percentiles(sim::Histogram{}, h, {50, 100});
  EXPECT_EQ(all.percentiles[0], 0.0);
  EXPECT_NEAR(all.percentiles[1], 2.0, 2.0 * 0.004);
  const WindowStats none = window_percentiles(h, h, {50});
  EXPECT_EQ(none.count, 0u);
  EXPECT_TRUE(std::isnan(none.percentiles[0]));
}

TEST(WindowPercentiles, RejectsAnEarlierThatIsNotASnapshot) {
  sim::Histogram a, b;
  a.record(1.0);
  a.record(1.0);
  b.record(1.0);
  EXPECT_THROW(window_percentiles(a, b, {50}), std::logic_error);
}

}  // namespace
}  // namespace kcsim::reports
