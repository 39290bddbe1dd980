#include "reports/output/metrics_csv.h"

#include <fmt/format.h>

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "sim/time_series.h"

namespace kcsim::reports {
namespace {

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

MetricAndLabels split_column_name(std::string_view column) {
  const std::size_t open = column.find('{');
  if (open == std::string_view::npos) return {std::string(column), ""};
  // Label values may hold '}' inside quotes: the labels end at the last '}'.
  const std::size_t close = column.rfind('}');
  if (close == std::string_view::npos || close < open) return {std::string(column), ""};
  return {std::string(column.substr(0, open)) + std::string(column.substr(close + 1)),
          std::string(column.substr(open + 1, close - open - 1))};
}

void write_metrics_csv(const sim::Metrics& metrics, std::ostream& out) {
  const sim::TimeSeries& series = metrics.series();
  std::vector<std::string> prefixes;  // "metric,labels," for each column
  for (const std::string& name : series.column_names()) {
    const MetricAndLabels split = split_column_name(name);
    prefixes.push_back(csv_field(split.metric) + ',' + csv_field(split.labels) + ',');
  }
  out << "time_s,metric,labels,value\n";
  for (std::size_t r = 0; r < series.row_count(); ++r) {
    const std::string time = fmt::format("{},", sim::to_seconds(series.row_time(r)));
    const std::vector<double> row = series.row(r);
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (std::isnan(row[c])) continue;
      out << time << prefixes[c] << fmt::format("{}", row[c]) << '\n';
    }
  }
}

}  // namespace kcsim::reports
