// The kcsim subcommands: thin wrappers over the runner and the reports.
//
// Exit codes (docs/cli.md): 0 every check passed, 1 a check failed, was undecided or not
// evaluated (a run passes only on verdicts), 2 bad input or usage, 130 interrupted (what
// was measured up to the interrupt is still written; checks meant for later are "not
// evaluated"). `check-history` answers 0 ok, 1 illegal or undecided,
// 2 bad input.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/scenario/check_monitor.h"

namespace kcsim::tools {

inline constexpr int kExitPassed = 0;
inline constexpr int kExitCheckFailed = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInterrupted = 130;

struct RunArgs {
  std::string scenario;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> sets;
  std::string out_dir;  // empty: no files
  bool trace = false;   // write trace.jsonl into out_dir
  std::string log_level = "off";
  bool quiet = false;
  bool history = false;  // write history.porcupine.json into out_dir
};

struct TestArgs {
  std::vector<std::string> paths;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> sets;
  std::string out_dir = ".";
};

struct CheckHistoryArgs {
  std::string file;
  std::uint64_t max_steps_per_key = 0;      // 0: CheckOptions' default
  std::uint64_t max_cache_mib_per_key = 0;  // 0: CheckOptions' default
};

// "PASS", "FAIL", "UNDECIDED" or "NOT EVALUATED", as the console shows a check.
std::string_view check_word(scenario::CheckStatus status);
// A run's word: FAIL if a check failed (or the run was cut short), else UNDECIDED if a
// check was undecided, else PASS.
std::string_view run_word(const std::vector<scenario::CheckResult>& checks, bool passed);

int run_command(const RunArgs& args, const std::atomic<bool>& interrupt);
int test_command(const TestArgs& args, const std::atomic<bool>& interrupt);
int validate_command(const std::vector<std::string>& paths, const std::vector<std::string>& sets);
int check_history_command(const CheckHistoryArgs& args);

}  // namespace kcsim::tools
