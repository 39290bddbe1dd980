// metrics.csv: the run's time series, one row per sample of virtual time.
//
// The first column is time_s; then the time series' columns in name order (see
// sim::Metrics::sample): by default one aggregate per metric family, not one column per
// labelled series. For a family `x`: a counter's `x` (the sum over its series); a
// gauge's `x` (the sum), and `x.min` and `x.max` when it has several series; a
// histogram's `x.count`, `x.p50` and `x.p99` (of the merged histogram). A series kept
// with Metrics::keep_series or keep_family also has its own columns under its full name
// (`x{node="a"}`, `h{node="a"}.p99`). A cell with no value (a column added after that
// sample) is empty. Names with labels are quoted as CSV requires.
#pragma once

#include <ostream>

#include "sim/metrics.h"

namespace kcsim::reports {

void write_metrics_csv(const sim::Metrics& metrics, std::ostream& out);

}  // namespace kcsim::reports
