#include "reports/html/run_report.h"

#include <algorithm>

#include "reports/html/chart_library.h"
#include "reports/html/html_escape.h"
#include "reports/html/panels.h"
#include "reports/html/report_page.h"
#include "sim/trace.h"

namespace kcsim::reports {
namespace {

int status_order(scenario::CheckStatus status) {
  switch (status) {
    case scenario::CheckStatus::kFailed:
      return 0;
    case scenario::CheckStatus::kUndecided:
      return 1;
    case scenario::CheckStatus::kNotEvaluated:
      return 2;
    case scenario::CheckStatus::kPassed:
      return 3;
  }
  return 0;
}

std::string verdict(const runner::RunResult& result) {
  if (result.passed()) return "passed";
  for (const scenario::CheckResult& check : result.checks) {
    if (check.status == scenario::CheckStatus::kFailed) return "failed";
  }
  return result.interrupted ? "failed" : "undecided";
}

nlohmann::ordered_json spans_json(const std::vector<Span>& spans) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const Span& span : spans)
    out.push_back({span.from_s, span.to_s, span.name});
  return out;
}

}  // namespace

nlohmann::ordered_json run_report_data(const RunReportInput& input) {
  const runner::RunResult& result = *input.result;
  const RunRecord& record = *input.record;
  nlohmann::ordered_json data;
  data["scenario"] = {{"name", result.scenario},
                      {"description", input.description},
                      {"file", input.scenario_file},
                      {"seed", result.seed},
                      {"trace_hash", sim::Trace::hex(result.trace_hash)},
                      {"sim_time_s", result.sim_time_s},
                      {"events", result.events},
                      {"trace_records", result.trace_records},
                      {"wall_time_s", result.wall_time_s},
                      {"interrupted", result.interrupted},
                      {"verdict", verdict(result)},
                      {"sets", input.sets},
                      {"source", input.scenario_source}};
  std::vector<const scenario::CheckResult*> checks;
  for (const scenario::CheckResult& check : result.checks)
    checks.push_back(&check);
  std::stable_sort(checks.begin(), checks.end(), [](const auto* a, const auto* b) {
    return status_order(a->status) < status_order(b->status);
  });
  data["checks"] = nlohmann::ordered_json::array();
  for (const scenario::CheckResult* check : checks) {
    data["checks"].push_back({{"name", check->name},
                              {"status", scenario::to_string(check->status)},
                              {"detail", check->detail}});
  }
  data["end_s"] = record.end_s;
  data["lanes"] = nlohmann::ordered_json::array();
  for (const Lane& lane : record.lanes) {
    data["lanes"].push_back({{"process", lane.process},
                             {"host", lane.host},
                             {"states", spans_json(lane.states)},
                             {"roles", spans_json(lane.roles)}});
  }
  data["marks"] = nlohmann::ordered_json::array();
  for (const Mark& mark : record.marks) {
    data["marks"].push_back({{"at", mark.at_s},
                             {"name", mark.name},
                             {"detail", mark.detail},
                             {"timeline", mark.from_timeline},
                             {"process", mark.process}});
  }
  data["panels"] = result.metrics ? panels_json(result.metrics->series(), record)
                                  : nlohmann::ordered_json::array();
  return data;
}

bool write_run_report(const RunReportInput& input, std::ostream& out, std::string& warning) {
  nlohmann::ordered_json data = run_report_data(input);
  std::string error;
  const std::optional<std::string> chart_js = chart_library(error);
  data["chart_error"] = error;
  write_report_page(out, PageKind::kRun, input.result->scenario + " — kcsim report",
                    script_json(data), chart_js.value_or(""), error);
  if (!chart_js) warning = error;
  return chart_js.has_value();
}

}  // namespace kcsim::reports
