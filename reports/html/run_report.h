// report.html of one run (`kcsim run --out DIR`): the scenario, its seed, overrides and
// source, the trace hash, the checks (failed first, then undecided, then passed, each in
// the scenario's order), a timeline with a lane per process (state and role over time,
// faults and timeline actions as marks) and the plots of panels.h, zoom synchronised
// across plots and timeline. One self-contained file: the charting library is embedded
// (chart_library.h), so it opens offline.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "model/runner/run.h"
#include "reports/record/run_record.h"

namespace kcsim::reports {

struct RunReportInput {
  std::string scenario_file;
  std::string scenario_source;  // the file's text, shown as run
  std::string description;
  std::vector<std::string> sets;  // the --set overrides
  const runner::RunResult* result = nullptr;
  const RunRecord* record = nullptr;
};

// The page's data (what the script draws), exposed for tests.
nlohmann::ordered_json run_report_data(const RunReportInput& input);

// Writes the page. Returns false, with `warning` set, when the charting library could
// not be read: the page is still written, with every table and the timeline, and says
// that its plots are missing.
bool write_run_report(const RunReportInput& input, std::ostream& out, std::string& warning);

}  // namespace kcsim::reports
