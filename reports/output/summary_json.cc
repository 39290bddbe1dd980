#include "reports/output/summary_json.h"

#include <string>

#include "sim/histogram.h"
#include "sim/trace.h"

namespace kcsim::reports {

nlohmann::ordered_json summary_json(const runner::RunResult& result, const Provenance& provenance) {
  nlohmann::ordered_json out;
  out["scenario"] = result.scenario;
  out["seed"] = result.seed;
  out["seed_string"] = std::to_string(result.seed);
  out["trace_hash"] = sim::Trace::hex(result.trace_hash);
  out["sim_time_s"] = result.sim_time_s;
  out["wall_time_s"] = result.wall_time_s;
  out["events"] = result.events;
  out["trace_records"] = result.trace_records;
  out["passed"] = result.passed();
  out["interrupted"] = result.interrupted;
  out["kcsim"] = {{"version", provenance.version}, {"commit", provenance.commit}};
  out["overrides"] = provenance.sets;
  nlohmann::ordered_json checks = nlohmann::ordered_json::array();
  for (const scenario::CheckResult& check : result.checks) {
    checks.push_back({{"name", check.name},
                      {"status", scenario::to_string(check.status)},
                      {"passed", check.passed},
                      {"detail", check.detail}});
  }
  out["checks"] = std::move(checks);
  out["digest"] = result.digest;
  nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
  if (result.metrics) {
    result.metrics->for_each([&metrics](const sim::MetricView& view) {
      const std::string name(view.name);
      if (view.histogram == nullptr) {
        metrics[name] = view.value;
        return;
      }
      const sim::Histogram& h = *view.histogram;
      metrics[name + ".count"] = h.count();
      if (h.count() == 0) return;
      metrics[name + ".mean"] = h.mean();
      metrics[name + ".p50"] = h.percentile(50);
      metrics[name + ".p99"] = h.percentile(99);
      metrics[name + ".max"] = h.max();
    });
  }
  out["metrics"] = std::move(metrics);
  return out;
}

}  // namespace kcsim::reports
