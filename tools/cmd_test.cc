#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "model/runner/run.h"
#include "reports/output/junit_xml.h"
#include "sim/trace.h"
#include "tools/cli_values.h"
#include "tools/commands.h"
#include "tools/run_report.h"
#include "tools/scenario_files.h"

namespace kcsim::tools {

std::string_view check_word(scenario::CheckStatus status) {
  switch (status) {
    case scenario::CheckStatus::kPassed:
      return "PASS";
    case scenario::CheckStatus::kFailed:
      return "FAIL";
    case scenario::CheckStatus::kUndecided:
      return "UNDECIDED";
    case scenario::CheckStatus::kNotEvaluated:
      return "NOT EVALUATED";
  }
  return "?";
}

std::string_view run_word(const std::vector<scenario::CheckResult>& checks, bool passed) {
  if (passed) return "PASS";
  bool undecided = false;
  for (const scenario::CheckResult& check : checks) {
    if (check.status == scenario::CheckStatus::kFailed) return "FAIL";
    undecided = undecided || check.status == scenario::CheckStatus::kUndecided;
  }
  return undecided ? "UNDECIDED" : "FAIL";
}

namespace {

struct Tally {
  std::size_t passed = 0, failed = 0, undecided = 0, errors = 0, skipped = 0;
};

// A failing run's outputs, kept in DIR/failed-runs/<file's stem>/ with the command that
// replays it (and writes its trace).
void keep_failed_run(const TestArgs& args, const std::string& file, const runner::RunResult& r) {
  namespace fs = std::filesystem;
  const std::string dir =
      (fs::path(args.out_dir) / kFailedRunsDir / fs::path(file).stem()).string();
  std::error_code ec;
  fs::create_directories(dir, ec);
  const bool written = !ec && write_run_outputs(dir, r, provenance(args.sets));
  std::cout << "  replay: " << replay_command(file, r, args.sets, dir) << '\n';
  if (written) {
    std::cout << "  outputs: " << dir << "/\n";
  } else {
    std::cerr << "kcsim test: could not write the outputs into " << dir << '\n';
  }
}

}  // namespace

int test_command(const TestArgs& args, const std::atomic<bool>& interrupt) {
  std::vector<std::string> files;
  bool bad_input = false;
  for (const std::string& path : args.paths) {
    std::string error;
    std::vector<std::string> found = scenario_files(path, error);
    if (!error.empty()) {
      std::cerr << error << '\n';
      bad_input = true;
    }
    files.insert(files.end(), found.begin(), found.end());
  }
  static constexpr std::string_view kJunit[] = {"junit.xml"};
  if (const std::string error = prepare_out_dir(args.out_dir, kJunit); !error.empty()) {
    std::cerr << "kcsim test: " << error << '\n';
    return kExitBadInput;
  }
  std::vector<std::unique_ptr<runner::RunResult>> results;
  std::vector<reports::JunitSuite> suites;
  Tally tally;
  bool interrupted = false;
  for (const std::string& file : files) {
    if (interrupted) {
      suites.push_back({file, nullptr, "", "not run: the test run was interrupted before it"});
      ++tally.skipped;
      std::cout << "SKIPPED " << file << " (not run: interrupted)\n";
      continue;
    }
    std::vector<std::string> errors;
    std::optional<scenario::Scenario> scenario = load_checked(file, args.sets, errors);
    if (!scenario) {
      for (const std::string& e : errors)
        std::cerr << e << '\n';
      suites.push_back({file, nullptr, errors.empty() ? "could not load" : errors.front(), ""});
      ++tally.errors;
      bad_input = true;
      continue;
    }
    runner::RunOptions options;
    options.seed = args.seed;
    options.interrupt = &interrupt;
    results.push_back(
        std::make_unique<runner::RunResult>(runner::run_scenario(*scenario, options)));
    const runner::RunResult& r = *results.back();
    suites.push_back({file, &r, "", ""});
    interrupted = r.interrupted;
    const std::string_view word = interrupted ? "INTERRUPTED" : run_word(r.checks, r.passed());
    std::cout << fmt::format("{} {} (seed {}, trace_hash {}, {:.2f}s)\n", word, file, r.seed,
                             sim::Trace::hex(r.trace_hash), r.wall_time_s);
    print_checks(r, std::cout, /*failed_only=*/true);
    if (interrupted) {
      ++tally.skipped;
    } else if (word == "PASS") {
      ++tally.passed;
    } else {
      (word == "UNDECIDED" ? tally.undecided : tally.failed)++;
      keep_failed_run(args, file, r);
    }
  }
  std::ofstream junit(args.out_dir + "/junit.xml");
  reports::write_junit_xml(suites, junit, provenance(args.sets));
  std::cout << fmt::format("{} passed, {} failed, {} undecided, {} errors, {} skipped\n",
                           tally.passed, tally.failed, tally.undecided, tally.errors,
                           tally.skipped);
  if (bad_input) return kExitBadInput;
  if (interrupted) return kExitInterrupted;
  return tally.failed == 0 && tally.undecided == 0 ? kExitPassed : kExitCheckFailed;
}

int validate_command(const std::vector<std::string>& paths, const std::vector<std::string>& sets) {
  int status = kExitPassed;
  for (const std::string& path : paths) {
    std::string error;
    for (const std::string& file : scenario_files(path, error)) {
      std::vector<std::string> errors;
      if (load_checked(file, sets, errors)) {
        std::cout << file << ": ok\n";
      } else {
        for (const std::string& e : errors)
          std::cerr << e << '\n';
        status = kExitBadInput;
      }
    }
    if (!error.empty()) {
      std::cerr << error << '\n';
      status = kExitBadInput;
    }
  }
  return status;
}

}  // namespace kcsim::tools
