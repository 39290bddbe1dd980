// Histogram statistics over a window of the run, for checks: "h.p99 over [20s, 30s]"
// (predicate.h), every histogram statistic after spec.warmUp, and the histogram
// statistics of a check `over: D, after: E` over [t_E, t_E + D] (check_spec.h).
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
//  - A check `over` a window after timeline entry E: when E fires (on_entry), a copy of
//    each histogram its predicate reads with a statistic (and no window of its own) is
//    taken at once, and another scheduled (untraced) at t_E + D unless that is the run's
//    end. value_over(name, t_E, until) is then the statistic over [t_E, min(now, until)]:
//    the window arithmetic is the same as a fixed window's.
//  - `value(name)` answers only names it owns (windowed ones, and histogram statistics
//    under a warm-up); nullopt lets the World answer as before.
//  - Memory: one copy of a histogram per window edge (bounded by the checks, and for the
//    event windows by the timeline's entries, each of which fires once).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/scenario/scenario.h"
#include "sim/simulation.h"

namespace kcsim::runner {

class HistogramWindows {
 public:
  HistogramWindows(sim::Simulation& simulation, const scenario::Scenario& scenario);

  std::optional<double> value(std::string_view name) const;
  // `name` (a histogram statistic without a window of its own) over [from, until], for a
  // check's window after a timeline entry: nullopt unless such a check reads it and its
  // window's start was taken (on_entry at `from`).
  std::optional<double> value_over(std::string_view name, sim::Time from, sim::Time until) const;
  // A timeline entry fired (now): takes the start of the windows of checks after it.
  void on_entry(const scenario::TimelineEntry& entry);

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

  // A window after an event: the series a check reads, and the window's length (0: to
  // the end of the run).
  struct EventWindow {
    std::string series;
    sim::Time length = 0;
  };

  std::optional<Window> parse(std::string_view name) const;
  void schedule(const Edge& edge);
  void take(const Edge& edge);
  void open_event_windows(std::string_view text);
  // The statistic of `series` over [from, min(now, until)]; NaN before `from` or when
  // empty; nullopt when `series` is not a histogram.
  std::optional<double> stat_over(const std::string& series, const std::string& stat,
                                  sim::Time from, sim::Time until) const;

  sim::Simulation& simulation_;
  sim::Time warm_up_ = 0;
  sim::Time duration_ = 0;
  std::map<std::string, Window, std::less<>> windows_;  // by the name the check reads
  // Taken when their time comes (nullopt until then).
  std::map<Edge, std::optional<sim::Histogram>> edges_;
  // By the `after` text of the checks `over` a window after an event.
  std::map<std::string, std::vector<EventWindow>, std::less<>> after_;
};

}  // namespace kcsim::runner
