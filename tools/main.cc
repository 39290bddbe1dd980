// kcsim: the command line (DESIGN.md, "The command line"). Parsing only; the work is in
// the commands.
#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>
#include <iostream>

#include "tools/commands.h"

namespace {

std::atomic<bool> g_interrupt{false};  // set by SIGINT/SIGTERM; read at check ticks

extern "C" void on_signal(int /*signal*/) {
  g_interrupt.store(true);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace kcsim::tools;
  CLI::App app{"kcsim: a deterministic discrete-event simulator of a Kubernetes control plane"};
  app.set_version_flag("--version", std::string("kcsim ") + KCSIM_VERSION);
  app.require_subcommand(1);

  RunArgs run;
  CLI::App* run_cmd = app.add_subcommand("run", "Run one scenario");
  run_cmd->add_option("scenario", run.scenario, "Scenario file")->required();
  run_cmd->add_option("--seed", run.seed, "Seed (overrides spec.seed)");
  run_cmd->add_option("--set", run.sets, "Override a key: path.to.key=value (repeatable)");
  run_cmd->add_option("--out", run.out_dir,
                      "Write summary.json, metrics.csv and report.html into DIR");
  add_run_report_options(*run_cmd, run);
  run_cmd->add_option("--log-level", run.log_level, "trace, debug, info, warn, error, off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  run_cmd->add_flag("--history", run.history,
                    "Also write the etcd clients' history.porcupine.json into the --out DIR");
  run_cmd->add_flag("--quiet", run.quiet, "Print only the trace hash");

  TestArgs test;
  CLI::App* test_cmd = app.add_subcommand("test", "Run scenarios as tests; write junit.xml");
  test_cmd->add_option("paths", test.paths, "Scenario files or folders")->required();
  test_cmd->add_option("--seed", test.seed, "Seed for every scenario");
  test_cmd->add_option("--set", test.sets, "Override a key in every scenario");
  test_cmd->add_option("--out", test.out_dir, "Folder for junit.xml (default .)");

  std::vector<std::string> validate_paths, validate_sets;
  CLI::App* validate_cmd = app.add_subcommand("validate", "Parse and check scenarios only");
  validate_cmd->add_option("paths", validate_paths, "Scenario files or folders")->required();
  validate_cmd->add_option("--set", validate_sets, "Override a key");

  CheckHistoryArgs check_history;
  CLI::App* check_history_cmd = app.add_subcommand(
      "check-history", "Check a history in Porcupine's JSON form for linearizability");
  check_history_cmd->add_option("file", check_history.file, "History file (JSON)")->required();
  check_history_cmd->add_option("--max-steps-per-key", check_history.max_steps_per_key,
                                "Search steps per key before giving up (default 10^7)");
  check_history_cmd->add_option("--max-cache-mib-per-key", check_history.max_cache_mib_per_key,
                                "Search cache per key before giving up, MiB (default 512)");

  std::function<int(const std::atomic<bool>&)> narrative_work;  // explain, diff
  add_explain_command(app, narrative_work);
  add_diff_command(app, narrative_work);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitPassed : kExitBadInput;
  }

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  if (*run_cmd)
    return run.seeds.empty() ? run_command(run, g_interrupt) : seeds_command(run, g_interrupt);
  if (*test_cmd) return test_command(test, g_interrupt);
  if (*validate_cmd) return validate_command(validate_paths, validate_sets);
  if (*check_history_cmd) return check_history_command(check_history);
  if (narrative_work) return narrative_work(g_interrupt);
  return kExitBadInput;
}
