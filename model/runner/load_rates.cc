#include "model/runner/load_rates.h"

#include <algorithm>

#include "model/scenario/human_value.h"

namespace kcsim::runner {
namespace {

std::string per_second(double count, double seconds) {
  return scenario::format_number(count / seconds) + "/s";
}

}  // namespace

std::string load_rates_line(const LoadTotals& totals, sim::Time elapsed) {
  if (totals.offered == 0 || elapsed <= 0) return "";
  const double seconds = sim::to_seconds(elapsed);
  const double sent = totals.offered - totals.dropped;
  const double in_flight = std::max(0.0, sent - totals.acknowledged - totals.failed);
  std::string out = totals.loop == sim::LoadLoop::kOpen ? "open loop at " : "closed loop at most ";
  out += scenario::format_number(totals.rate_per_second) + "/s: offered " +
         per_second(totals.offered, seconds);
  if (totals.loop == sim::LoadLoop::kOpen) {
    out += ", sent " + per_second(sent, seconds);
    if (totals.dropped > 0) {
      out += " (" + scenario::format_number(totals.dropped) + " dropped at the bound of " +
             std::to_string(totals.in_flight_bound) + " in flight per client)";
    }
  }
  out += ", acknowledged " + per_second(totals.acknowledged, seconds);
  out += ", failed " + per_second(totals.failed, seconds);
  if (in_flight > 0) out += ", " + scenario::format_number(in_flight) + " in flight at the end";
  return out;
}

}  // namespace kcsim::runner
