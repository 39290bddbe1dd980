#include "reports/output/metrics_csv.h"

#include <fmt/format.h>

#include <cmath>
#include <string>
#include <string_view>

#include "sim/time_series.h"

namespace kcsim::reports {
namespace {

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

void write_metrics_csv(const sim::Metrics& metrics, std::ostream& out) {
  const sim::TimeSeries& series = metrics.series();
  out << "time_s";
  for (const std::string& name : series.column_names())
    out << ',' << csv_field(name);
  out << '\n';
  for (std::size_t r = 0; r < series.row_count(); ++r) {
    out << fmt::format("{}", sim::to_seconds(series.row_time(r)));
    for (double value : series.row(r)) {
      out << ',';
      if (!std::isnan(value)) out << fmt::format("{}", value);
    }
    out << '\n';
  }
}

}  // namespace kcsim::reports
