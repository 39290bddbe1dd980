#include "reports/seeds/seeds_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "reports/html/chart_library.h"
#include "reports/html/html_escape.h"
#include "reports/html/report_page.h"
#include "reports/output/summary_json.h"
#include "sim/trace.h"

namespace kcsim::reports {
namespace {

constexpr std::size_t kDistributionsMax = 12;

// Metrics shown as distributions first, when present and varying.
const std::vector<std::string>& headline_metrics() {
  static const std::vector<std::string> names = {
      "etcd_request_duration_seconds.p99", "etcd_request_duration_seconds.p50",
      "etcd_elections_won_total",          "etcd_client_requests_failed_total",
      "etcd_request_duration_seconds.max", "ping_rtt_seconds.p99"};
  return names;
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::vector<std::string> check_names(const SeedsInput& input) {
  std::vector<std::string> names;
  for (const SeedRun& run : input.runs) {
    for (const scenario::CheckResult& check : run.checks) {
      if (std::find(names.begin(), names.end(), check.name) == names.end())
        names.push_back(check.name);
    }
  }
  return names;
}

std::set<std::string> metric_names(const SeedsInput& input) {
  std::set<std::string> names;
  for (const SeedRun& run : input.runs) {
    for (const auto& [name, value] : run.metrics)
      names.insert(name);
  }
  return names;
}

const scenario::CheckResult* find_check(const SeedRun& run, const std::string& name) {
  for (const scenario::CheckResult& check : run.checks) {
    if (check.name == name) return &check;
  }
  return nullptr;
}

nlohmann::ordered_json stats_json(const std::optional<Stats>& s) {
  if (!s) return nullptr;
  return {{"n", s->n},         {"mean", s->mean},
          {"stdev", s->stdev}, {"ci95", {s->ci95_low, s->ci95_high}},
          {"min", s->min},     {"p50", s->p50},
          {"p90", s->p90},     {"p99", s->p99},
          {"max", s->max}};
}

std::vector<double> timings(const SeedsInput& input, const std::string& check) {
  std::vector<double> values;
  for (const SeedRun& run : input.runs) {
    const scenario::CheckResult* result = find_check(run, check);
    if (result == nullptr) continue;
    if (const std::optional<double> t = check_timing_s(*result)) values.push_back(*t);
  }
  return values;
}

std::vector<double> metric_values(const SeedsInput& input, const std::string& name) {
  std::vector<double> values;
  for (const SeedRun& run : input.runs) {
    const auto it = run.metrics.find(name);
    if (it != run.metrics.end() && std::isfinite(it->second)) values.push_back(it->second);
  }
  return values;
}

// A histogram (step rows at bin edges) and an empirical CDF (a row per distinct value).
nlohmann::ordered_json distribution_json(const std::string& title, const std::string& unit,
                                         std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const double lo = values.front();
  const double hi = values.back();
  const std::size_t bins = std::clamp<std::size_t>(
      static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(values.size())))), 1, 30);
  const double width =
      hi > lo ? (hi - lo) / static_cast<double>(bins) : std::max(std::abs(lo) * 0.01, 1e-9);
  std::vector<std::size_t> counts(bins, 0);
  for (double v : values) {
    auto bin = static_cast<std::size_t>((v - lo) / width);
    counts[std::min(bin, bins - 1)] += 1;
  }
  nlohmann::ordered_json histogram = nlohmann::ordered_json::array();
  for (std::size_t b = 0; b < bins; ++b)
    histogram.push_back({lo + width * static_cast<double>(b), counts[b]});
  histogram.push_back({lo + width * static_cast<double>(bins), 0});
  nlohmann::ordered_json cdf = nlohmann::ordered_json::array();
  const double n = static_cast<double>(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i + 1 < values.size() && values[i + 1] == values[i]) continue;
    cdf.push_back({values[i], static_cast<double>(i + 1) / n});
  }
  return {{"title", title}, {"unit", unit}, {"histogram", histogram}, {"cdf", cdf}};
}

std::vector<std::uint64_t> failing_seeds(const SeedsInput& input) {
  std::vector<std::uint64_t> seeds;
  for (const SeedRun& run : input.runs) {
    if (!run.passed) seeds.push_back(run.seed);
  }
  return seeds;
}

}  // namespace

SeedRun seed_run_of(const runner::RunResult& result) {
  SeedRun run;
  run.seed = result.seed;
  run.passed = result.passed();
  run.interrupted = result.interrupted;
  run.trace_hash = sim::Trace::hex(result.trace_hash);
  run.sim_time_s = result.sim_time_s;
  run.wall_time_s = result.wall_time_s;
  run.events = result.events;
  run.checks = result.checks;
  const nlohmann::ordered_json summary = summary_json(result);
  for (const auto& [name, value] : summary["metrics"].items()) {
    if (value.is_number()) run.metrics[name] = value.get<double>();
  }
  return run;
}

void write_seeds_csv(const SeedsInput& input, std::ostream& out) {
  const std::vector<std::string> checks = check_names(input);
  const std::set<std::string> metrics = metric_names(input);
  out << "seed,passed,interrupted,trace_hash,sim_time_s,events,wall_time_s";
  for (const std::string& check : checks)
    out << ',' << csv_field(check + ":status") << ',' << csv_field(check + ":timing_s");
  for (const std::string& metric : metrics)
    out << ',' << csv_field(metric);
  out << '\n';
  for (const SeedRun& run : input.runs) {
    out << fmt::format("{},{},{},{},{},{},{:.3f}", run.seed, run.passed, run.interrupted,
                       run.trace_hash, run.sim_time_s, run.events, run.wall_time_s);
    for (const std::string& name : checks) {
      const scenario::CheckResult* check = find_check(run, name);
      out << ',' << (check ? scenario::to_string(check->status) : "") << ',';
      if (check) {
        if (const std::optional<double> t = check_timing_s(*check)) out << fmt::format("{}", *t);
      }
    }
    for (const std::string& metric : metrics) {
      out << ',';
      const auto it = run.metrics.find(metric);
      if (it != run.metrics.end()) out << fmt::format("{}", it->second);
    }
    out << '\n';
  }
}

nlohmann::ordered_json seeds_summary_json(const SeedsInput& input) {
  nlohmann::ordered_json out;
  out["scenario"] = input.scenario;
  out["file"] = input.file;
  out["seeds"] = {{"from", input.first_seed}, {"to", input.last_seed}};
  out["sets"] = input.sets;
  const std::vector<std::uint64_t> failing = failing_seeds(input);
  out["runs"] = input.runs.size();
  out["runs_passed"] = input.runs.size() - failing.size();
  out["pass_rate"] = input.runs.empty() ? 0.0
                                        : static_cast<double>(input.runs.size() - failing.size()) /
                                              static_cast<double>(input.runs.size());
  out["failing_seeds"] = failing;
  out["checks"] = nlohmann::ordered_json::array();
  for (const std::string& name : check_names(input)) {
    std::size_t passed = 0, failed = 0, undecided = 0;
    std::vector<std::uint64_t> seeds;
    for (const SeedRun& run : input.runs) {
      const scenario::CheckResult* check = find_check(run, name);
      if (check == nullptr) continue;
      if (check->status == scenario::CheckStatus::kPassed) {
        ++passed;
      } else {
        (check->status == scenario::CheckStatus::kFailed ? failed : undecided)++;
        seeds.push_back(run.seed);
      }
    }
    const std::size_t total = passed + failed + undecided;
    out["checks"].push_back(
        {{"name", name},
         {"pass_rate", total == 0 ? 0.0 : static_cast<double>(passed) / static_cast<double>(total)},
         {"passed", passed},
         {"failed", failed},
         {"undecided", undecided},
         {"failing_seeds", seeds},
         {"timing_s", stats_json(stats_of(timings(input, name)))}});
  }
  out["metrics"] = nlohmann::ordered_json::object();
  for (const std::string& name : metric_names(input))
    out["metrics"][name] = stats_json(stats_of(metric_values(input, name)));
  return out;
}

bool write_seeds_report(const SeedsInput& input, std::ostream& out, std::string& warning) {
  const nlohmann::ordered_json summary = seeds_summary_json(input);
  nlohmann::ordered_json data;
  data["scenario"] = input.scenario;
  data["description"] = input.description;
  data["file"] = input.file;
  data["seeds_text"] = fmt::format("{}..{}", input.first_seed, input.last_seed);
  data["sets"] = input.sets;
  data["runs"] = summary["runs"];
  data["runs_passed"] = summary["runs_passed"];
  data["failing_seeds"] = summary["failing_seeds"];
  data["checks"] = nlohmann::ordered_json::array();
  for (const auto& check : summary["checks"]) {
    nlohmann::ordered_json c = check;
    if (!check["timing_s"].is_null()) {
      const auto& t = check["timing_s"];
      c["timing_s"]["ci95_half_width"] =
          (t["ci95"][1].get<double>() - t["ci95"][0].get<double>()) / 2.0;
    }
    data["checks"].push_back(std::move(c));
  }
  data["metrics"] = nlohmann::ordered_json::array();
  for (const auto& [name, stats] : summary["metrics"].items()) {
    if (stats.is_null()) continue;
    nlohmann::ordered_json m = stats;
    m["name"] = name;
    data["metrics"].push_back(std::move(m));
  }
  data["distributions"] = nlohmann::ordered_json::array();
  for (const std::string& name : check_names(input)) {
    const std::vector<double> values = timings(input, name);
    if (!values.empty())
      data["distributions"].push_back(distribution_json("check “" + name + "”", "s", values));
  }
  std::vector<std::string> chosen;
  auto consider = [&](const std::string& name) {
    if (chosen.size() >= kDistributionsMax) return;
    if (std::find(chosen.begin(), chosen.end(), name) != chosen.end()) return;
    const std::optional<Stats> s = stats_of(metric_values(input, name));
    if (s && s->max > s->min) chosen.push_back(name);
  };
  for (const std::string& name : headline_metrics())
    consider(name);
  for (const std::string& name : metric_names(input)) {
    if (name.find('{') == std::string::npos) consider(name);
  }
  for (const std::string& name : chosen) {
    const bool seconds = name.find("_seconds") != std::string::npos;
    data["distributions"].push_back(
        distribution_json(name, seconds ? "s" : "value", metric_values(input, name)));
  }
  std::string error;
  const std::optional<std::string> chart_js = chart_library(error);
  data["chart_error"] = error;
  write_report_page(out, PageKind::kSeeds, input.scenario + " — kcsim, many seeds",
                    script_json(data), chart_js.value_or(""), error);
  if (!chart_js) warning = error;
  return chart_js.has_value();
}

}  // namespace kcsim::reports
