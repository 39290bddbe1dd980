#include "reports/html/panels.h"

#include <cmath>
#include <set>

namespace kcsim::reports {
namespace {

const WindowSeries* find_window(const RunRecord& record, std::string_view family) {
  for (const WindowSeries& w : record.windows) {
    if (w.family == family) return &w;
  }
  return nullptr;
}

const std::vector<double>* window_stat(const WindowSeries& w, std::string_view stat) {
  if (stat == "p50") return &w.p50;
  if (stat == "p90") return &w.p90;
  if (stat == "p99") return &w.p99;
  if (stat == "count") return &w.count;
  return nullptr;
}

// One series' values at the time series' row times (NaN where it has none).
std::vector<double> values_of(const SeriesSpec& spec, const sim::TimeSeries& series,
                              const RunRecord& record, const std::vector<double>& times) {
  std::vector<double> out(times.size(), std::nan(""));
  if (spec.source == SeriesSource::kWindow) {
    const WindowSeries* w = find_window(record, spec.name);
    if (w == nullptr) return out;
    const std::vector<double>* values = window_stat(*w, spec.stat);
    if (values == nullptr) return out;
    // Window rows are taken at the same samples as the time series' rows.
    std::size_t j = 0;
    for (std::size_t i = 0; i < times.size(); ++i) {
      while (j < w->time_s.size() && w->time_s[j] < times[i])
        ++j;
      if (j < w->time_s.size() && w->time_s[j] == times[i]) out[i] = (*values)[j];
    }
    return out;
  }
  const std::vector<double>* column = series.column(spec.name);
  if (column == nullptr) return out;
  for (std::size_t i = 0; i < times.size(); ++i) {
    if (spec.source == SeriesSource::kColumn) {
      out[i] = (*column)[i];
    } else if (i > 0 && times[i] > times[i - 1]) {
      out[i] = ((*column)[i] - (*column)[i - 1]) / (times[i] - times[i - 1]);
    }
  }
  return out;
}

nlohmann::ordered_json panel_json(const PanelSpec& panel, const sim::TimeSeries& series,
                                  const RunRecord& record, const std::vector<double>& times) {
  std::vector<std::vector<double>> columns;
  nlohmann::ordered_json labels = nlohmann::ordered_json::array({"time (s)"});
  bool any = false;
  for (const SeriesSpec& spec : panel.series) {
    std::vector<double> values = values_of(spec, series, record, times);
    bool has = false;
    for (double v : values)
      has = has || !std::isnan(v);
    if (!has) continue;
    any = true;
    labels.push_back(spec.label);
    columns.push_back(std::move(values));
  }
  if (!any) return nullptr;
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < times.size(); ++i) {
    nlohmann::ordered_json row = nlohmann::ordered_json::array({times[i]});
    for (const std::vector<double>& column : columns) {
      if (std::isnan(column[i])) {
        row.push_back(nullptr);
      } else {
        row.push_back(column[i] * panel.scale);
      }
    }
    rows.push_back(std::move(row));
  }
  return {{"title", panel.title}, {"unit", panel.unit}, {"labels", labels}, {"rows", rows}};
}

}  // namespace

const std::vector<PanelSpec>& panel_specs() {
  static const std::vector<PanelSpec> specs = {
      {"etcd request latency, per interval (at the clients)",
       "ms",
       1000,
       {{"p50", SeriesSource::kWindow, "etcd_request_duration_seconds", "p50"},
        {"p90", SeriesSource::kWindow, "etcd_request_duration_seconds", "p90"},
        {"p99", SeriesSource::kWindow, "etcd_request_duration_seconds", "p99"}}},
      {"etcd committed proposals per second (the most advanced member)",
       "proposals/s",
       1,
       {{"committed/s", SeriesSource::kRate, "etcd_server_proposals_committed_total.max", ""},
        {"failed/s", SeriesSource::kRate, "etcd_server_proposals_failed_total", ""}}},
      {"etcd leader changes",
       "count",
       1,
       {{"elections won", SeriesSource::kColumn, "etcd_elections_won_total", ""},
        {"leader changes seen (sum over members)", SeriesSource::kColumn,
         "etcd_server_leader_changes_seen_total", ""}}},
      {"etcd WAL fsync latency, per interval",
       "ms",
       1000,
       {{"p50", SeriesSource::kWindow, "etcd_disk_wal_fsync_duration_seconds", "p50"},
        {"p99", SeriesSource::kWindow, "etcd_disk_wal_fsync_duration_seconds", "p99"}}},
      {"etcd pending proposals",
       "proposals",
       1,
       {{"sum over members", SeriesSource::kColumn, "etcd_server_proposals_pending", ""},
        {"worst member", SeriesSource::kColumn, "etcd_server_proposals_pending.max", ""}}},
      {"etcd failed requests (at the clients)",
       "requests/s",
       1,
       {{"failed/s", SeriesSource::kRate, "etcd_client_requests_failed_total", ""}}},
  };
  return specs;
}

nlohmann::ordered_json panels_json(const sim::TimeSeries& series, const RunRecord& record) {
  std::vector<double> times;
  for (std::size_t r = 0; r < series.row_count(); ++r)
    times.push_back(sim::to_seconds(series.row_time(r)));
  nlohmann::ordered_json panels = nlohmann::ordered_json::array();
  std::set<std::string, std::less<>> shown;
  for (const PanelSpec& panel : panel_specs()) {
    nlohmann::ordered_json json = panel_json(panel, series, record, times);
    if (json.is_null()) continue;
    panels.push_back(std::move(json));
    for (const SeriesSpec& spec : panel.series) {
      if (spec.source == SeriesSource::kWindow) shown.insert(spec.name);
    }
  }
  // Every other histogram family: its own per-interval percentiles.
  for (const WindowSeries& w : record.windows) {
    if (shown.contains(w.family)) continue;
    const bool seconds = w.family.find("seconds") != std::string::npos;
    const PanelSpec panel{w.family + ", per interval",
                          seconds ? "ms" : "",
                          seconds ? 1000.0 : 1.0,
                          {{"p50", SeriesSource::kWindow, w.family, "p50"},
                           {"p99", SeriesSource::kWindow, w.family, "p99"}}};
    nlohmann::ordered_json json = panel_json(panel, series, record, times);
    if (!json.is_null()) panels.push_back(std::move(json));
  }
  return panels;
}

}  // namespace kcsim::reports
