#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "model/runner/run.h"
#include "reports/output/metrics_csv.h"
#include "reports/output/summary_json.h"
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
    trace_file.open(args.out_dir + "/trace.jsonl");
    options.trace_jsonl = &trace_file;
  }
  const runner::RunResult result = runner::run_scenario(*scenario, options);
  if (!args.quiet) {
    std::cout << fmt::format("{} seed={} sim_time={}s events={} wall={:.3f}s\n", result.scenario,
                             result.seed, result.sim_time_s, result.events, result.wall_time_s);
    print_checks(result);
  }
  if (!args.out_dir.empty() && !write_outputs(args.out_dir, result)) {
    std::cerr << "kcsim run: could not write the outputs into " << args.out_dir << '\n';
    return kExitBadInput;
  }
  if (result.interrupted) std::cout << "interrupted at " << result.sim_time_s << "s\n";
  std::cout << "trace_hash " << sim::Trace::hex(result.trace_hash) << std::endl;
  if (result.interrupted) return kExitInterrupted;
  return result.passed() ? kExitPassed : kExitCheckFailed;
}

}  // namespace kcsim::tools
