#include "model/runner/check_names.h"

#include <algorithm>
#include <set>

#include "model/component/builtin.h"
#include "model/runner/run.h"
#include "model/scenario/edit_distance.h"
#include "sim/metric_name.h"

namespace kcsim::runner {
namespace {

constexpr std::string_view kStats =
    "count, sum, mean, min, max, or a percentile: p50, p90, p99, p999";

// The ref of a windowed name: "x.p99 over [20s, 30s]" -> "x.p99".
std::string_view strip_window(std::string_view name) {
  const std::size_t over = name.find(" over ");
  return over == std::string_view::npos ? name : name.substr(0, over);
}

struct Split {
  std::string_view series;
  std::string_view stat;  // empty when there is none
};

// At the last '.' after the labels, when what follows looks like a statistic.
Split split_stat(std::string_view ref) {
  const std::size_t close = ref.rfind('}');
  const std::size_t dot = ref.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {ref, {}};
  if (close != std::string_view::npos && dot != close + 1) return {ref, {}};
  const std::string_view stat = ref.substr(dot + 1);
  if (stat.empty()) return {ref, {}};
  for (char c : stat) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return {ref, {}};
  }
  return {ref.substr(0, dot), stat};
}

bool is_stat(std::string_view stat) {
  return stat == "count" || stat == "sum" || stat == "mean" || stat == "min" || stat == "max" ||
         sim::parse_percentile_stat(stat).has_value();
}

struct Known {
  std::map<std::string, sim::MetricKind, std::less<>> series;    // canonical names
  std::map<std::string, sim::MetricKind, std::less<>> families;  // base names
};

Known known_metrics(const sim::Metrics& metrics) {
  Known known;
  metrics.for_each([&](const sim::MetricView& view) {
    known.series.emplace(std::string(view.name), view.kind);
    known.families.emplace(std::string(sim::metric_base_name(view.name)), view.kind);
  });
  return known;
}

std::optional<sim::MetricKind> kind_of(const Known& known, std::string_view series) {
  if (auto it = known.series.find(series); it != known.series.end()) return it->second;
  if (const std::optional<std::string> canonical = sim::canonical_metric_name(series)) {
    if (auto it = known.series.find(*canonical); it != known.series.end()) return it->second;
  }
  if (auto it = known.families.find(series); it != known.families.end()) return it->second;
  return std::nullopt;
}

std::vector<std::string> candidates(const World& world, const Known& known) {
  std::vector<std::string> out = world.state_names();
  for (const auto& [base, kind] : known.families) {
    if (kind != sim::MetricKind::kHistogram) {
      out.push_back(base);
      continue;
    }
    for (std::string_view stat : {"count", "sum", "mean", "min", "max", "p50", "p90", "p99"})
      out.push_back(base + "." + std::string(stat));
  }
  return out;
}

std::string with_suggestion(std::string message, std::string_view name,
                            const std::vector<std::string>& names) {
  const std::string best = closest_name(name, names);
  if (!best.empty()) message += " (did you mean \"" + best + "\"?)";
  return message;
}

}  // namespace

std::string closest_name(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  // Suggest only what is close: at most a third of the name's length differs.
  std::size_t best_distance = std::max<std::size_t>(3, name.size() / 3) + 1;
  for (const std::string& candidate : candidates) {
    const std::size_t distance = scenario::edit_distance(name, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string check_name(const World& world, const sim::Metrics& metrics, std::string_view full) {
  const std::string_view name = strip_window(full);
  if (world.has_state(name)) return "";
  const Known known = known_metrics(metrics);
  const std::string quoted = "\"" + std::string(name) + "\"";
  if (const std::optional<sim::MetricKind> kind = kind_of(known, name)) {
    if (*kind != sim::MetricKind::kHistogram) return "";
    return quoted + " is a histogram: name one of its statistics (" + std::string(kStats) +
           "), as in \"" + std::string(name) + ".p99\"";
  }
  const Split split = split_stat(name);
  if (!split.stat.empty()) {
    if (const std::optional<sim::MetricKind> kind = kind_of(known, split.series)) {
      if (*kind != sim::MetricKind::kHistogram) {
        return quoted + ": " + std::string(split.series) + " is a " +
               std::string(sim::to_string(*kind)) + ", which has no statistics; name it alone";
      }
      if (is_stat(split.stat)) return "";
      std::vector<std::string> stats = {"count", "sum", "mean", "min", "max", "p50", "p99"};
      return with_suggestion(quoted + ": unknown statistic \"" + std::string(split.stat) +
                                 "\" of the histogram " + std::string(split.series) +
                                 "; expected " + std::string(kStats),
                             split.stat, stats);
    }
  }
  // A labelled series not registered yet, in a family that exists.
  const std::string_view base = sim::metric_base_name(split.series);
  if (base != split.series && known.families.contains(base) && sim::Metrics::is_valid_query(name)) {
    const sim::MetricKind kind = known.families.find(base)->second;
    if ((kind == sim::MetricKind::kHistogram) == !split.stat.empty()) return "";
  }
  return with_suggestion("no metric or state of this scenario is named " + quoted, name,
                         candidates(world, known));
}

std::vector<std::string> unknown_check_names(const scenario::Scenario& scenario,
                                             const component::Registry* components) {
  sim::Simulation sim(scenario.spec.seed);
  World world(sim, scenario, components != nullptr ? *components : component::builtin_components());
  std::vector<std::string> errors;
  for (const scenario::CheckSpec& check : scenario.spec.checks) {
    std::set<std::string, std::less<>> reported;
    for (const scenario::NameRef& ref : scenario::names(check.predicate)) {
      const std::string message = check_name(world, sim.metrics(), ref.name);
      if (message.empty() || !reported.insert(ref.name).second) continue;
      errors.push_back(
          scenario::ScenarioError{check.predicate_pos.file, check.predicate_pos.line,
                                  check.predicate_pos.column + static_cast<int>(ref.offset),
                                  check.predicate_key_path, message}
              .format());
    }
  }
  const Known known = known_metrics(sim.metrics());
  for (const scenario::KeptSeries& series : scenario.spec.keep_series) {
    if (kind_of(known, series.name)) continue;
    std::vector<std::string> names;
    for (const auto& [name, kind] : known.series)
      names.push_back(name);
    errors.push_back(scenario::ScenarioError{
        series.pos.file, series.pos.line, series.pos.column, series.key_path,
        with_suggestion("no metric of this scenario is named \"" + series.name + "\"", series.name,
                        names)}
                         .format());
  }
  return errors;
}

}  // namespace kcsim::runner
