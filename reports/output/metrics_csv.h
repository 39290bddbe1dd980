// metrics.csv: the run's time series in long form, one row per sample and quantity:
//
//     time_s,metric,labels,value
//     1,etcd_request_duration_seconds.p99,,0.0123
//     1,etcd_server_is_leader,"member=""etcd-0""",1
//
//  - time_s: virtual time of the sample, in seconds (one sample per metricsInterval,
//    and one at the end);
//  - metric: the family's name and, for a statistic, its suffix. By default one
//    aggregate per metric family (see sim::Metrics::sample): a counter's `x` (the sum
//    over its series); a gauge's `x` (the sum), and `x.min` and `x.max` when it has
//    several series; a histogram's `x.count`, `x.p50` and `x.p99` (of the merged
//    histogram, cumulative since the start of the run);
//  - labels: empty for an aggregate; for a series kept with spec.keepSeries, its labels
//    as written in its name (`member="etcd-0"`, several separated by commas);
//  - value: the number. A quantity with no value at a sample (a histogram still empty,
//    a series registered later) has no row there.
// Rows are in time order, and within a sample in the order of the time series' columns
// (name order). Fields are quoted as CSV requires (RFC 4180).
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "sim/metrics.h"

namespace kcsim::reports {

void write_metrics_csv(const sim::Metrics& metrics, std::ostream& out);

// A time series column's name split into the long form's metric and labels:
// `x{a="1"}.p99` -> {"x.p99", "a=\"1\""}; `x.max` -> {"x.max", ""}.
struct MetricAndLabels {
  std::string metric;
  std::string labels;
};
MetricAndLabels split_column_name(std::string_view column);

}  // namespace kcsim::reports
