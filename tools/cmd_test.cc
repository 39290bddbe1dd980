#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "model/runner/run.h"
#include "reports/output/junit_xml.h"
#include "sim/trace.h"
#include "tools/commands.h"
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
  std::vector<std::unique_ptr<runner::RunResult>> results;
  std::vector<reports::JunitSuite> suites;
  std::size_t passed = 0, failed = 0, undecided = 0;
  for (const std::string& file : files) {
    std::vector<std::string> errors;
    std::optional<scenario::Scenario> scenario = load_checked(file, args.sets, errors);
    if (!scenario) {
      for (const std::string& e : errors)
        std::cerr << e << '\n';
      suites.push_back({file, nullptr, errors.empty() ? "" : errors.front()});
      bad_input = true;
      continue;
    }
    runner::RunOptions options;
    options.seed = args.seed;
    options.interrupt = &interrupt;
    results.push_back(
        std::make_unique<runner::RunResult>(runner::run_scenario(*scenario, options)));
    const runner::RunResult& r = *results.back();
    suites.push_back({file, &r, ""});
    const std::string_view word = run_word(r.checks, r.passed());
    std::cout << fmt::format("{} {} (seed {}, trace_hash {}, {:.2f}s)\n", word, file, r.seed,
                             sim::Trace::hex(r.trace_hash), r.wall_time_s);
    for (const auto& check : r.checks) {
      if (!check.passed) {
        std::cout << fmt::format("  {} {}: {}\n", check_word(check.status), check.name,
                                 check.detail);
      }
    }
    (word == "PASS" ? passed : word == "UNDECIDED" ? undecided : failed)++;
    if (r.interrupted) break;
  }
  std::error_code ec;
  std::filesystem::create_directories(args.out_dir, ec);
  std::ofstream junit(args.out_dir + "/junit.xml");
  reports::write_junit_xml(suites, junit);
  std::cout << fmt::format("{} passed, {} failed, {} undecided\n", passed, failed, undecided);
  if (bad_input) return kExitBadInput;
  if (!results.empty() && results.back()->interrupted) return kExitInterrupted;
  return failed == 0 && undecided == 0 ? kExitPassed : kExitCheckFailed;
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
