// metrics.csv in long form: time_s, metric, labels, value.
#include "reports/output/metrics_csv.h"

#include <gtest/gtest.h>

#include <sstream>

namespace kcsim::reports {
namespace {

TEST(MetricsCsv, ColumnNamesSplitIntoMetricAndLabels) {
  EXPECT_EQ(split_column_name("x").metric, "x");
  EXPECT_EQ(split_column_name("x.max").metric, "x.max");
  EXPECT_EQ(split_column_name("x.max").labels, "");
  const MetricAndLabels kept = split_column_name("h{a=\"1\",b=\"}\"}.p99");
  EXPECT_EQ(kept.metric, "h.p99");
  EXPECT_EQ(kept.labels, "a=\"1\",b=\"}\"");
}

TEST(MetricsCsv, OneRowPerSampleAndQuantityWithAValue) {
  sim::Metrics metrics;
  metrics.keep_series("g{node=\"a\"}");
  metrics.counter("c").add(2);
  metrics.sample(sim::kSecond);
  metrics.gauge("g{node=\"a\"}").set(5);
  metrics.histogram("h").record(0.25);
  metrics.sample(2 * sim::kSecond);
  std::ostringstream out;
  write_metrics_csv(metrics, out);
  EXPECT_EQ(out.str(),
            "time_s,metric,labels,value\n"
            "1,c,,2\n"
            "2,c,,2\n"
            "2,g,,5\n"
            "2,g,\"node=\"\"a\"\"\",5\n"
            "2,h.count,,1\n"
            "2,h.cumulative.p50,,0.25\n"
            "2,h.cumulative.p99,,0.25\n"
            "2,h.p50,,0.25\n"
            "2,h.p99,,0.25\n");
}

}  // namespace
}  // namespace kcsim::reports
