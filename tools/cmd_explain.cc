// kcsim explain SCENARIO [--seed N] [--set k=v]... [--level info|debug|trace]
//                        [--component NAME]... [--from T] [--until T]
// Runs the scenario and prints it as a story (reports/narrative/story.h): the narrated
// log's lines, filtered, then an account of each leaderless period and of each check.
// The run is the same run as `kcsim run` (same trace hash, printed last).
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "model/runner/run.h"
#include "reports/narrative/account.h"
#include "reports/narrative/story.h"
#include "sim/trace.h"
#include "tools/commands.h"
#include "tools/scenario_files.h"

namespace kcsim::tools {
namespace {

struct ExplainArgs {
  std::string scenario;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> sets;
  std::string level = "info";
  std::vector<std::string> components;
  std::string from;
  std::string until;
};

bool parse_time(const std::string& text, const char* flag, sim::Time& out) {
  if (text.empty()) return true;
  const std::optional<sim::Time> t = sim::parse_duration(text);
  if (!t) {
    std::cerr << "kcsim explain: " << flag << ": expected a duration with its unit (10s, 1500ms), "
              << "found '" << text << "'\n";
    return false;
  }
  out = *t;
  return true;
}

int explain(const ExplainArgs& args, const std::atomic<bool>& interrupt) {
  reports::StoryFilter filter;
  filter.level = reports::story_level(args.level);
  filter.components = args.components;
  if (!parse_time(args.from, "--from", filter.from) ||
      !parse_time(args.until, "--until", filter.until)) {
    return kExitBadInput;
  }
  std::vector<std::string> errors;
  std::optional<scenario::Scenario> scenario = load_checked(args.scenario, args.sets, errors);
  if (!scenario) {
    for (const std::string& e : errors)
      std::cerr << e << '\n';
    return kExitBadInput;
  }
  reports::Story story;
  runner::RunOptions options;
  options.seed = args.seed;
  options.interrupt = &interrupt;
  // The account needs the timeouts drawn (debug); the story shows what was asked for.
  const bool trace_level = filter.level == reports::StoryLevel::kTrace;
  options.log_level = trace_level ? "trace" : "debug";
  const bool keep_all_debug = filter.level <= reports::StoryLevel::kDebug;
  options.on_log = [&](sim::Time at, std::string_view level, std::string_view text) {
    if (level == "debug" && !keep_all_debug &&
        text.find("election timeout drawn") == std::string_view::npos) {
      return;
    }
    story.add(at, level, text);
  };
  const runner::RunResult result = runner::run_scenario(*scenario, options);

  std::cout << fmt::format("{} seed={}: the run as a story ({} and above", result.scenario,
                           result.seed, args.level);
  if (!args.components.empty()) {
    std::string names;
    for (const std::string& c : args.components)
      names += (names.empty() ? "" : ", ") + c;
    std::cout << "; " << names;
  }
  if (filter.from > 0 || filter.until >= 0) {
    std::cout << fmt::format("; from {} until {}", reports::format_seconds(filter.from),
                             filter.until >= 0 ? reports::format_seconds(filter.until) : "the end");
  }
  std::cout << ")\n\n";
  for (const reports::StoryLine& line : story.lines()) {
    if (reports::matches(line, filter)) std::cout << reports::format_line(line) << '\n';
  }
  if (story.truncated()) std::cout << "(the story was cut: too many lines)\n";
  std::cout << "\nWhat happened:\n";
  const std::vector<std::string> leaders = reports::leader_account(story);
  if (leaders.empty()) std::cout << "  no leader election was told.\n";
  for (const std::string& paragraph : leaders)
    std::cout << "  " << paragraph << '\n';
  std::cout << "\nChecks:\n";
  for (const std::string& line : reports::check_account(result.checks))
    std::cout << "  " << line << '\n';
  if (result.interrupted) std::cout << "interrupted at " << result.sim_time_s << "s\n";
  std::cout << "trace_hash " << sim::Trace::hex(result.trace_hash) << std::endl;
  if (result.interrupted) return kExitInterrupted;
  return result.passed() ? kExitPassed : kExitCheckFailed;
}

}  // namespace

CLI::App* add_explain_command(CLI::App& app, std::function<int(const std::atomic<bool>&)>& work) {
  auto args = std::make_shared<ExplainArgs>();
  CLI::App* cmd = app.add_subcommand(
      "explain", "Run a scenario and tell it as a story, with why each check passed or failed");
  cmd->add_option("scenario", args->scenario, "Scenario file")->required();
  cmd->add_option("--seed", args->seed, "Seed (overrides spec.seed)");
  cmd->add_option("--set", args->sets, "Override a key: path.to.key=value (repeatable)");
  cmd->add_option("--level", args->level, "info (the story), debug (+ each message), trace (all)")
      ->check(CLI::IsMember({"info", "debug", "trace"}));
  cmd->add_option("--component", args->components,
                  "Only this component's lines, and the faults naming it (repeatable)");
  cmd->add_option("--from", args->from, "Only lines from this virtual time (10s)");
  cmd->add_option("--until", args->until, "Only lines until this virtual time (20s)");
  cmd->callback([args, &work] {
    work = [args](const std::atomic<bool>& interrupt) { return explain(*args, interrupt); };
  });
  return cmd;
}

}  // namespace kcsim::tools
