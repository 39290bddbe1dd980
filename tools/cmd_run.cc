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
#include "tools/commands.h"
#include "tools/scenario_files.h"

namespace kcsim::tools {
namespace {

void print_checks(const runner::RunResult& result) {
  for (const scenario::CheckResult& check : result.checks) {
    std::cout << fmt::format("  {} {}: {}\n", check_word(check.status), check.name, check.detail);
  }
}

bool write_outputs(const std::string& dir, const runner::RunResult& result) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::ofstream summary(dir + "/summary.json");
  summary << reports::summary_json(result).dump(2) << '\n';
  std::ofstream csv(dir + "/metrics.csv");
  if (result.metrics) reports::write_metrics_csv(*result.metrics, csv);
  bool ok = summary.good() && csv.good();
  for (const component::RunOutput& output : result.outputs) {
    // The components' own files (etcd, with --history: the clients' history in
    // Porcupine's form).
    std::ofstream file(dir + "/" + output.file);
    file << output.text();
    ok = ok && file.good();
  }
  return ok;
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
  std::ofstream trace_file;
  std::ofstream perfetto_file;
  std::unique_ptr<reports::PerfettoTrace> perfetto;
  reports::RunRecorder recorder(*scenario);
  reports::ObserverList observers;
  runner::RunOptions options;
  options.seed = args.seed;
  options.log_level = args.log_level;
  options.interrupt = &interrupt;
  if (args.history && args.out_dir.empty()) {
    std::cerr << "kcsim run: --history needs --out DIR\n";
    return kExitBadInput;
  }
  options.keep_outputs = args.history;
  if (args.trace) {
    if (args.out_dir.empty()) {
      std::cerr << "kcsim run: --trace needs --out DIR\n";
      return kExitBadInput;
    }
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
    print_checks(result);
  }
  if (!args.out_dir.empty() &&
      (!write_outputs(args.out_dir, result) || !write_report(args, *scenario, result, record))) {
    std::cerr << "kcsim run: could not write the outputs into " << args.out_dir << '\n';
    return kExitBadInput;
  }
  if (result.interrupted) std::cout << "interrupted at " << result.sim_time_s << "s\n";
  std::cout << "trace_hash " << sim::Trace::hex(result.trace_hash) << std::endl;
  if (result.interrupted) return kExitInterrupted;
  return result.passed() ? kExitPassed : kExitCheckFailed;
}

}  // namespace kcsim::tools
