#include "sim/time_series.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace kcsim::sim {
namespace {

TEST(TimeSeries, ListsColumnsInNameOrderWhateverTheOrderAdded) {
  TimeSeries series;
  const std::size_t b = series.column_index("b");
  const std::size_t a = series.column_index("a");
  EXPECT_EQ(series.column_index("b"), b);  // found, not added again
  series.begin_row(kSecond);
  series.set(b, 2.0);
  series.set(a, 1.0);
  EXPECT_EQ(series.column_names(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(series.row(0), (std::vector<double>{1.0, 2.0}));
  EXPECT_EQ(series.row_time(0), kSecond);
}

TEST(TimeSeries, ALateColumnIsNanInEarlierRowsAndAnUnsetCellIsNan) {
  TimeSeries series;
  const std::size_t early = series.column_index("early");
  series.begin_row(0);
  series.set(early, 1.0);
  series.begin_row(kSecond);
  const std::size_t late = series.column_index("late");
  series.set(late, 5.0);
  ASSERT_EQ(series.row_count(), 2u);
  const std::vector<double>* late_cells = series.column("late");
  ASSERT_NE(late_cells, nullptr);
  ASSERT_EQ(late_cells->size(), 2u);
  EXPECT_TRUE(std::isnan((*late_cells)[0]));
  EXPECT_EQ((*late_cells)[1], 5.0);
  EXPECT_TRUE(std::isnan(series.column("early")->at(1)));  // not set in row 1
  EXPECT_EQ(series.column("missing"), nullptr);
}

TEST(TimeSeries, TheSameTimeReopensTheLastRow) {
  TimeSeries series;
  const std::size_t c = series.column_index("c");
  series.begin_row(kSecond);
  series.set(c, 1.0);
  series.begin_row(kSecond);
  series.set(c, 2.0);
  EXPECT_EQ(series.row_count(), 1u);
  EXPECT_EQ(series.row(0), (std::vector<double>{2.0}));
}

TEST(TimeSeries, RejectsTimeGoingBackAndSetBeforeAnyRow) {
  TimeSeries series;
  const std::size_t c = series.column_index("c");
  EXPECT_THROW(series.set(c, 1.0), std::logic_error);
  series.begin_row(2 * kSecond);
  EXPECT_THROW(series.begin_row(kSecond), std::logic_error);
  EXPECT_THROW(series.row(1), std::out_of_range);
}

}  // namespace
}  // namespace kcsim::sim
