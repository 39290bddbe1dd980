// The nominal concurrency limits of the default levels, derived here from the table of
// default.go and the formula of apf_controller.go, not copied from the code's output.
#include <gtest/gtest.h>

#include <cmath>

#include "model/apiserver/flowcontrol/flow_control.h"

namespace kcsim::flowcontrol {
namespace {

TEST(Limits, DefaultsMatchTheTable) {
  const auto& levels = default_priority_levels();
  ASSERT_EQ(levels.size(), 8u);
  struct Row {
    const char* name;
    int shares;
    int lendable;
    int queues;  // 0: none
    int hand;
    int qlen;
  };
  const Row table[] = {
      {"exempt", 0, 0, 0, 0, 0},
      {"system", 30, 33, 64, 6, 50},
      {"node-high", 40, 25, 64, 6, 50},
      {"leader-election", 10, 0, 16, 4, 50},
      {"workload-high", 40, 50, 128, 6, 50},
      {"workload-low", 100, 90, 128, 6, 50},
      {"global-default", 20, 50, 128, 6, 50},
      {"catch-all", 5, 0, 0, 0, 0},
  };
  for (std::size_t i = 0; i < levels.size(); ++i) {
    SCOPED_TRACE(table[i].name);
    EXPECT_EQ(levels[i].name, table[i].name);
    EXPECT_EQ(levels[i].nominal_concurrency_shares, table[i].shares);
    EXPECT_EQ(levels[i].lendable_percent, table[i].lendable);
    EXPECT_FALSE(levels[i].borrowing_limit_percent.has_value());
    EXPECT_EQ(levels[i].queuing.has_value(), table[i].queues > 0);
    if (levels[i].queuing) {
      EXPECT_EQ(levels[i].queuing->queues, table[i].queues);
      EXPECT_EQ(levels[i].queuing->hand_size, table[i].hand);
      EXPECT_EQ(levels[i].queuing->queue_length_limit, table[i].qlen);
    }
  }
  EXPECT_TRUE(levels[0].exempt);
}

TEST(Limits, NominalLimitsFromSharesOf600Seats) {
  const FlowControlConfig config;
  ASSERT_EQ(config.server_concurrency_limit(), 400 + 200);
  const auto limits = compute_level_limits(config.priority_levels, 600);
  // Sum of shares: 0 + 30 + 40 + 10 + 40 + 100 + 20 + 5 = 245.
  const int shares[] = {0, 30, 40, 10, 40, 100, 20, 5};
  const int lendable[] = {0, 33, 25, 0, 50, 90, 50, 0};
  int nominal_sum = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    const int nominal = static_cast<int>(std::ceil(600.0 * shares[i] / 245.0));
    const int lend = static_cast<int>(std::round(nominal * lendable[i] / 100.0));
    EXPECT_EQ(limits[i].nominal_cl, nominal) << config.priority_levels[i].name;
    EXPECT_EQ(limits[i].lendable_cl, lend);
    EXPECT_EQ(limits[i].min_cl, nominal - lend);
    EXPECT_EQ(limits[i].max_cl, nominal + 600);  // borrowingLimitPercent unset
    nominal_sum += nominal;
  }
  // The numbers, worked by hand: 600 x 30/245 = 73.5 -> 74, and so on.
  EXPECT_EQ(limits[1].nominal_cl, 74);
  EXPECT_EQ(limits[2].nominal_cl, 98);
  EXPECT_EQ(limits[3].nominal_cl, 25);
  EXPECT_EQ(limits[5].nominal_cl, 245);
  EXPECT_EQ(limits[6].nominal_cl, 49);
  EXPECT_EQ(limits[7].nominal_cl, 13);
  EXPECT_EQ(nominal_sum, 602);  // the ceilings add 2 seats
  // node-high lends round(98 x 0.25 = 24.5) = 25 (Go rounds half away from zero).
  EXPECT_EQ(limits[2].lendable_cl, 25);
}

TEST(Limits, InitialCurrentLimitsShareTheNominalSum) {
  const FlowControl apf(FlowControlConfig{}, 0);
  int sum = 0;
  for (std::size_t i = 0; i < apf.level_count(); ++i) {
    sum += apf.current_limit(i);
    // At start every level gets at least its minCL.
    EXPECT_GE(apf.current_limit(i), apf.level_limits(i).min_cl) << apf.level_config(i).name;
  }
  // The allocation hands out the nominal sum (rounding each level may move it by one each).
  EXPECT_NEAR(sum, 602, 4);
}

}  // namespace
}  // namespace kcsim::flowcontrol
