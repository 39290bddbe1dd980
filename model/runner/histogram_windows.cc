#include "model/runner/histogram_windows.h"

#include <cmath>
#include <limits>

#include "model/scenario/predicate.h"

namespace kcsim::runner {
namespace {

constexpr sim::Label kWindowEdge{"runner.window_edge"};
constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

// "h{a=\"1\"}.p99" -> ("h{a=\"1\"}", "p99"), at the last '.' after the labels.
std::optional<std::pair<std::string, std::string>> split_stat(std::string_view ref) {
  const std::size_t close = ref.rfind('}');
  const std::size_t dot = ref.rfind('.');
  if (dot == std::string_view::npos || (close != std::string_view::npos && dot < close)) {
    return std::nullopt;
  }
  return std::pair{std::string(ref.substr(0, dot)), std::string(ref.substr(dot + 1))};
}

}  // namespace

HistogramWindows::HistogramWindows(sim::Simulation& simulation, const scenario::Scenario& scenario)
    : simulation_(simulation), warm_up_(scenario.spec.warm_up), duration_(scenario.spec.duration) {
  for (const scenario::CheckSpec& check : scenario.spec.checks) {
    for (const scenario::NameRef& ref : scenario::names(check.predicate)) {
      if (windows_.contains(ref.name)) continue;
      const std::optional<Window> window = parse(ref.name);
      if (!window) continue;
      windows_.emplace(ref.name, *window);
      schedule(Edge{window->series, window->from});
      if (window->until < duration_) schedule(Edge{window->series, window->until});
    }
  }
}

std::optional<HistogramWindows::Window> HistogramWindows::parse(std::string_view name) const {
  const std::size_t over = name.find(" over [");
  std::string_view ref = name;
  Window window;
  if (over != std::string_view::npos) {
    ref = name.substr(0, over);
    const std::string_view inside = name.substr(over + 7, name.size() - over - 8);
    const std::size_t comma = inside.find(", ");
    const std::optional<sim::Time> from = sim::parse_duration(inside.substr(0, comma));
    const std::optional<sim::Time> until = sim::parse_duration(inside.substr(comma + 2));
    if (comma == std::string_view::npos || !from || !until) return std::nullopt;
    window.from = *from;
    window.until = *until;
  } else if (warm_up_ > 0) {
    window.from = warm_up_;
    window.until = duration_;
  } else {
    return std::nullopt;
  }
  const auto split = split_stat(ref);
  if (!split) return std::nullopt;
  window.series = split->first;
  window.stat = split->second;
  // Without a window, only a histogram's statistic is read after the warm-up.
  if (over == std::string_view::npos && !sim::parse_percentile_stat(window.stat) &&
      window.stat != "count" && window.stat != "sum" && window.stat != "mean" &&
      window.stat != "min" && window.stat != "max") {
    return std::nullopt;
  }
  return window;
}

void HistogramWindows::schedule(const Edge& edge) {
  if (edges_.contains(edge)) return;
  edges_.emplace(edge, sim::Histogram{});
  simulation_.at_untraced(edge.at, kWindowEdge, [this, edge] {
    if (const sim::Histogram* h = simulation_.metrics().find_histogram(edge.series)) {
      edges_.at(edge) = *h;
    }
  });
}

std::optional<double> HistogramWindows::value(std::string_view name) const {
  const auto it = windows_.find(name);
  if (it == windows_.end()) return std::nullopt;
  const Window& window = it->second;
  const sim::Histogram* current = simulation_.metrics().find_histogram(window.series);
  if (current == nullptr) return std::nullopt;  // not a histogram: the World answers
  const sim::Time now = simulation_.now();
  if (now < window.from) return kNone;
  const sim::Histogram& start = edges_.at(Edge{window.series, window.from});
  const sim::Histogram& end = now < window.until || window.until >= duration_
                                  ? *current
                                  : edges_.at(Edge{window.series, window.until});
  return sim::histogram_stat(end.since(start), window.stat).value_or(kNone);
}

}  // namespace kcsim::runner
