// metrics.csv: the run's time series, one row per sample of virtual time.
//
// The first column is time_s; then one column per series in name order (see
// sim::Metrics::sample). A cell with no value (a series registered after that sample)
// is empty. Names with labels are quoted as CSV requires.
#pragma once

#include <ostream>

#include "sim/metrics.h"

namespace kcsim::reports {

void write_metrics_csv(const sim::Metrics& metrics, std::ostream& out);

}  // namespace kcsim::reports
