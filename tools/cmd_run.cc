#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "model/runner/run.h"
#include "reports/html/run_report.h"
#include "reports/output/metrics_csv.h"
#include "reports/output/summary_json.h"
#include "reports/perfetto/perfetto_trace.h"
#include "reports/record/observer_list.h"
#include "reports/record/run_recorder.h"
#include "sim/trace.h"
#include "tools/cli_values.h"
#include "tools/commands.h"
#include "tools/run_report.h"
#include "tools/scenario_files.h"

namespace kcsim::tools {
namespace {

// The arguments that need no scenario, checked before loading it: an error message, or
// empty. Prepares the --out folder (cli_values.h).
std::string check_run_args(const RunArgs& args) {
  if (args.history && args.out_dir.empty()) return "--history needs --out DIR";
  if (args.trace && args.out_dir.empty()) return "--trace needs --out DIR";
  if (!args.out_dir.empty()) return prepare_out_dir(args.out_dir);
  return "";
}

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// report.html; a missing charting library is a warning (the page says so), not an error.
bool write_report(const RunArgs& args, const scenario::Scenario& scenario,
                  const runner::RunResult& result, const reports::RunRecord& record) {
  reports::RunReportInput input;
  input.scenario_file = args.scenario;
  input.scenario_source = file_text(args.scenario);
  input.description = scenario.metadata.description;
  input.sets = args.sets;
  input.result = &result;
  input.record = &record;
  std::ofstream out(args.out_dir + "/report.html");
  std::string warning;
  if (!reports::write_run_report(input, out, warning))
    std::cerr << "kcsim run: report.html has no plots: " << warning << '\n';
  return out.good();
}

}  // namespace

int run_command(const RunArgs& args, const std::atomic<bool>& interrupt) {
  std::vector<std::string> errors;
  std::optional<scenario::Scenario> scenario = load_checked(args.scenario, args.sets, errors);
  if (!scenario) {
    for (const std::string& e : errors)
      std::cerr << e << '\n';
    return kExitBadInput;
  }
  if (const std::string error = check_run_args(args); !error.empty()) {
    std::cerr << "kcsim run: " << error << '\n';
    return kExitBadInput;
  }
  std::ofstream trace_file;
  std::ofstream perfetto_file;
  std::unique_ptr<reports::PerfettoTrace> perfetto;
  reports::RunRecorder recorder(*scenario);
  reports::ObserverList observers;
  runner::RunOptions options;
  options.seed = args.seed;
  options.log_level = args.log_level;
  options.interrupt = &interrupt;
  options.keep_outputs = args.history;
  if (args.trace) {
    std::filesystem::create_directories(args.out_dir);
    if (args.trace_format == "perfetto") {
      perfetto_file.open(args.out_dir + "/trace.perfetto.json");
      perfetto = std::make_unique<reports::PerfettoTrace>(perfetto_file, scenario->metadata.name);
    } else {
      trace_file.open(args.out_dir + "/trace.jsonl");
      options.trace_jsonl = &trace_file;
    }
  }
  if (!args.out_dir.empty()) {
    observers.add(&recorder);
    if (perfetto) observers.add(perfetto.get());
    options.observer = &observers;
  }
  const runner::RunResult result = runner::run_scenario(*scenario, options);
  const reports::RunRecord record = recorder.finish(result.sim_time_s);
  if (perfetto) perfetto->finish(record);
  if (!args.quiet) {
    std::cout << fmt::format("{} seed={} sim_time={}s events={} wall={:.3f}s\n", result.scenario,
                             result.seed, result.sim_time_s, result.events, result.wall_time_s);
    print_digest(result, std::cout);
    print_checks(result, std::cout);
  }
  if (!args.out_dir.empty() && (!write_run_outputs(args.out_dir, result, provenance(args.sets)) ||
                                !write_report(args, *scenario, result, record))) {
    std::cerr << "kcsim run: could not write the outputs into " << args.out_dir << '\n';
    return kExitBadInput;
  }
  if (result.interrupted) std::cout << "interrupted at " << result.sim_time_s << "s\n";
  std::cout << "trace_hash " << sim::Trace::hex(result.trace_hash) << std::endl;
  if (result.interrupted) return kExitInterrupted;
  return result.passed() ? kExitPassed : kExitCheckFailed;
}

}  // namespace kcsim::tools
