// Histogram statistics over a window of the run, for checks: "h.p99 over [20s, 30s]"
// (predicate.h), and every histogram statistic after spec.warmUp.
//
// Contract:
//  - Built from the scenario's check names before the run; it schedules, as untraced
//    events (observers: the trace hash does not change), a copy of each histogram a
//    windowed name reads at its window's start and end. A window's statistic at time
//    `now` is over the samples recorded in [FROM, min(now, UNTIL)] (Histogram::since:
//    count exact, percentiles within 0.39%); before FROM, and for an empty window, it has
//    no value (NaN: a comparison with it is false, and a check's detail says "none").
//  - With spec.warmUp W > 0, a histogram statistic named without a window reads over
//    [W, now] (boot stays out); a counter or gauge reads its current value as always.
//  - `value(name)` answers only names it owns (windowed ones, and histogram statistics
//    under a warm-up); nullopt lets the World answer as before.
//  - Memory: one copy of a histogram per window edge named (bounded by the checks).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "model/scenario/scenario.h"
#include "sim/simulation.h"

namespace kcsim::runner {

class HistogramWindows {
 public:
  HistogramWindows(sim::Simulation& simulation, const scenario::Scenario& scenario);

  std::optional<double> value(std::string_view name) const;

 private:
  struct Window {
    std::string series;  // the histogram's series or family
    std::string stat;
    sim::Time from = 0;
    sim::Time until = 0;
  };
  // A copy of `series`'s histogram at `at` (empty when it did not exist yet).
  struct Edge {
    std::string series;
    sim::Time at = 0;
    bool operator<(const Edge& other) const {
      return at != other.at ? at < other.at : series < other.series;
    }
  };

  std::optional<Window> parse(std::string_view name) const;
  void schedule(const Edge& edge);

  sim::Simulation& simulation_;
  sim::Time warm_up_ = 0;
  sim::Time duration_ = 0;
  std::map<std::string, Window, std::less<>> windows_;  // by the name the check reads
  std::map<Edge, sim::Histogram> edges_;                // taken when their time comes
};

}  // namespace kcsim::runner
