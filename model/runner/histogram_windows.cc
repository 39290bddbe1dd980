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

bool histogram_stat_name(std::string_view stat) {
  return sim::parse_percentile_stat(stat) || stat == "count" || stat == "sum" || stat == "mean" ||
         stat == "min" || stat == "max";
}

bool has_own_window(std::string_view name) {
  return name.find(" over [") != std::string_view::npos;
}

// A histogram statistic named without a window: ("series", "stat").
std::optional<std::pair<std::string, std::string>> plain_stat(std::string_view name) {
  if (has_own_window(name)) return std::nullopt;
  auto split = split_stat(name);
  if (!split || !histogram_stat_name(split->second)) return std::nullopt;
  return split;
}

}  // namespace

HistogramWindows::HistogramWindows(sim::Simulation& simulation, const scenario::Scenario& scenario)
    : simulation_(simulation), warm_up_(scenario.spec.warm_up), duration_(scenario.spec.duration) {
  for (const scenario::CheckSpec& check : scenario.spec.checks) {
    for (const scenario::NameRef& ref : scenario::names(check.predicate)) {
      if (check.kind == scenario::CheckKind::kOver) {
        if (const auto split = plain_stat(ref.name)) {
          after_[check.after].push_back(EventWindow{split->first, check.over});
        }
      }
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
  if (over == std::string_view::npos && !histogram_stat_name(window.stat)) return std::nullopt;
  return window;
}

void HistogramWindows::take(const Edge& edge) {
  std::optional<sim::Histogram>& copy = edges_[edge];
  if (copy) return;  // taken already (a fixed window and an event's at the same instant)
  const sim::Histogram* h = simulation_.metrics().find_histogram(edge.series);
  copy = h != nullptr ? *h : sim::Histogram{};
}

void HistogramWindows::schedule(const Edge& edge) {
  if (edges_.contains(edge)) return;
  edges_.emplace(edge, std::nullopt);
  simulation_.at_untraced(edge.at, kWindowEdge, [this, edge] { take(edge); });
}

void HistogramWindows::on_entry(const scenario::TimelineEntry& entry) {
  const std::string canonical = entry.canonical_text();
  if (!entry.name.empty()) open_event_windows(entry.name);
  if (entry.name != canonical) open_event_windows(canonical);
}

void HistogramWindows::open_event_windows(std::string_view text) {
  const auto it = after_.find(text);
  if (it == after_.end()) return;
  const sim::Time now = simulation_.now();
  for (const EventWindow& window : it->second) {
    take(Edge{window.series, now});
    const sim::Time until = window.length > 0 ? now + window.length : duration_;
    if (until < duration_) schedule(Edge{window.series, until});
  }
}

std::optional<double> HistogramWindows::stat_over(const std::string& series,
                                                  const std::string& stat, sim::Time from,
                                                  sim::Time until) const {
  const sim::Histogram* current = simulation_.metrics().find_histogram(series);
  if (current == nullptr) return std::nullopt;  // not a histogram: the World answers
  const sim::Time now = simulation_.now();
  if (now < from) return kNone;
  // An edge not taken yet is at this very instant: the histogram as it is now.
  const auto edge = [&](sim::Time at) -> const sim::Histogram& {
    const auto it = edges_.find(Edge{series, at});
    return it != edges_.end() && it->second ? *it->second : *current;
  };
  const sim::Histogram& start = edge(from);
  const sim::Histogram& end = now < until || until >= duration_ ? *current : edge(until);
  return sim::histogram_stat(end.since(start), stat).value_or(kNone);
}

std::optional<double> HistogramWindows::value(std::string_view name) const {
  const auto it = windows_.find(name);
  if (it == windows_.end()) return std::nullopt;
  const Window& window = it->second;
  return stat_over(window.series, window.stat, window.from, window.until);
}

std::optional<double> HistogramWindows::value_over(std::string_view name, sim::Time from,
                                                   sim::Time until) const {
  const auto split = plain_stat(name);
  if (!split || !edges_.contains(Edge{split->first, from})) return std::nullopt;
  return stat_over(split->first, split->second, from, until);
}

}  // namespace kcsim::runner
