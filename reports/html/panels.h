// The plots of a run's report: which metrics matter for the components present, as
// panels of series over virtual time. A panel is drawn only when one of its series has
// data, so a scenario without etcd shows no etcd panels. Later components append their
// panels to `panel_specs()`.
//
// A series is read from:
//  - kWindow: the per-interval percentile of a histogram family (RunRecord::windows):
//    what happened in each sampling interval, not since the run began;
//  - kColumn: a column of the time series as it is (a gauge, a cumulative counter);
//  - kRate: a column's increase per second between two samples (a counter or an index
//    such as the commit index).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "reports/record/run_record.h"
#include "sim/time_series.h"

namespace kcsim::reports {

enum class SeriesSource { kWindow, kColumn, kRate };

struct SeriesSpec {
  std::string label;  // in the legend
  SeriesSource source = SeriesSource::kColumn;
  std::string name;  // the family (kWindow) or the column
  std::string stat;  // kWindow: "p50", "p90" or "p99"
};

struct PanelSpec {
  std::string title;
  std::string unit;  // the y axis
  double scale = 1;  // values are multiplied by it (seconds to milliseconds: 1000)
  std::vector<SeriesSpec> series;
};

const std::vector<PanelSpec>& panel_specs();

// The panels with data, as the page's script draws them:
// [{title, unit, labels: ["t", series...], rows: [[t, v...]...]}], null for no value.
// Histogram families no panel names get a panel of their own windowed p50/p99.
nlohmann::ordered_json panels_json(const sim::TimeSeries& series, const RunRecord& record);

}  // namespace kcsim::reports
