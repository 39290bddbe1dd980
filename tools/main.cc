// kcsim: the command line (docs/cli.md). Parsing only; the work is in the commands.
#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>
#include <iostream>

#include "tools/cli_values.h"
#include "tools/commands.h"
#include "tools/run_report.h"

namespace {

std::atomic<bool> g_interrupt{false};  // set by SIGINT/SIGTERM; read at check ticks

extern "C" void on_signal(int /*signal*/) {
  g_interrupt.store(true);
}

constexpr const char* kExitCodes =
    "Exit codes: 0 every check passed; 1 a check failed, was undecided or not evaluated;\n"
    "2 bad input or usage; 130 interrupted (what was measured is still written).";

// --seed N: 0 to 2^64-1, checked as the scenario file checks spec.seed (no wrapping).
void add_seed_option(CLI::App* app, std::optional<std::uint64_t>& seed, const char* help) {
  app->add_option_function<std::string>(
         "--seed",
         [&seed](const std::string& text) {
           std::string error;
           seed = kcsim::tools::parse_seed(text, error);
           if (!seed) throw CLI::ValidationError(error);
         },
         help)
      ->type_name("N");
}

}  // namespace

int main(int argc, char** argv) {
  using namespace kcsim::tools;
  CLI::App app{"kcsim: a deterministic discrete-event simulator of a Kubernetes control plane"};
  app.set_version_flag("--version", version_text());
  app.require_subcommand(1);
  app.footer(std::string(kExitCodes) +
             "\nExample: kcsim run scenarios/failover/etcd-leader-crash.yaml --out out/crash"
             "\nMore: docs/cli.md");

  RunArgs run;
  CLI::App* run_cmd = app.add_subcommand("run", "Run one scenario");
  run_cmd->add_option("scenario", run.scenario, "Scenario file")->required();
  add_seed_option(run_cmd, run.seed, "Seed, 0 to 2^64-1 (overrides spec.seed)");
  run_cmd->add_option("--set", run.sets, "Override a key: path.to.key=value (repeatable)");
  run_cmd->add_option("--out", run.out_dir,
                      "Write summary.json, metrics.csv and report.html into DIR (an earlier run's "
                      "files there are removed first)");
  add_run_report_options(*run_cmd, run);
  run_cmd->add_option("--log-level", run.log_level, "trace, debug, info, warn, error, off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  run_cmd->add_flag("--history", run.history,
                    "Also write the etcd clients' history.porcupine.json into the --out DIR");
  run_cmd->add_flag("--quiet", run.quiet, "Print only the trace hash");
  run_cmd->footer(std::string(kExitCodes) +
                  "\nExample: kcsim run scenarios/failover/etcd-leader-crash.yaml --seed 7 "
                  "--set spec.cluster.etcd.members=5 --out out/crash --trace");

  TestArgs test;
  CLI::App* test_cmd = app.add_subcommand("test", "Run scenarios as tests; write junit.xml");
  test_cmd->add_option("paths", test.paths, "Scenario files or folders")->required();
  add_seed_option(test_cmd, test.seed, "Seed for every scenario, 0 to 2^64-1");
  test_cmd->add_option("--set", test.sets, "Override a key in every scenario");
  test_cmd->add_option("--out", test.out_dir, "Folder for junit.xml and failed-runs/ (default .)");
  test_cmd->footer(std::string(kExitCodes) +
                   "\nA failing run prints the command that replays it and keeps its outputs "
                   "in DIR/failed-runs/.\nExample: kcsim test scenarios/ --out out/ci");

  std::vector<std::string> validate_paths, validate_sets;
  CLI::App* validate_cmd = app.add_subcommand("validate", "Parse and check scenarios only");
  validate_cmd->add_option("paths", validate_paths, "Scenario files or folders")->required();
  validate_cmd->add_option("--set", validate_sets, "Override a key");
  validate_cmd->footer(
      "Exit codes: 0 every scenario is valid; 2 one is not (file:line:column: key: why).\n"
      "Example: kcsim validate scenarios/ --set spec.cluster.etcd.members=5");

  CheckHistoryArgs check_history;
  CLI::App* check_history_cmd = app.add_subcommand(
      "check-history", "Check a history in Porcupine's JSON form for linearizability");
  check_history_cmd->add_option("file", check_history.file, "History file (JSON)")->required();
  check_history_cmd->add_option("--max-steps-per-key", check_history.max_steps_per_key,
                                "Search steps per key before giving up (default 10^7)");
  check_history_cmd->add_option("--max-cache-mib-per-key", check_history.max_cache_mib_per_key,
                                "Search cache per key before giving up, MiB (default 512)");
  check_history_cmd->footer(
      "Exit codes: 0 linearizable; 1 not linearizable, or undecided (the search hit its "
      "bound); 2 bad input.\nExample: kcsim check-history out/crash/history.porcupine.json");

  std::function<int(const std::atomic<bool>&)> narrative_work;  // explain, diff, schema
  add_explain_command(app, narrative_work);
  add_diff_command(app, narrative_work);
  add_schema_command(app, narrative_work);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitPassed : kExitBadInput;
  }

  // validate and check-history never look at the flag: a signal ends them as it ends
  // any program. The commands that run simulations catch it and stop at a check tick.
  if (*validate_cmd) return validate_command(validate_paths, validate_sets);
  if (*check_history_cmd) return check_history_command(check_history);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  if (*run_cmd)
    return run.seeds.empty() ? run_command(run, g_interrupt) : seeds_command(run, g_interrupt);
  if (*test_cmd) return test_command(test, g_interrupt);
  if (narrative_work) return narrative_work(g_interrupt);
  return kExitBadInput;
}
