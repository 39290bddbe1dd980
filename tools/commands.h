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
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/scenario/check_monitor.h"

namespace CLI {
class App;
}

namespace kcsim::tools {

inline constexpr int kExitPassed = 0;
inline constexpr int kExitCheckFailed = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInterrupted = 130;

struct RunArgs {
  std::string scenario;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> sets;
  std::string out_dir;                 // empty: no files
  bool trace = false;                  // write the trace into out_dir
  std::string trace_format = "jsonl";  // jsonl: trace.jsonl; perfetto: trace.perfetto.json
  std::string log_level = "off";
  bool quiet = false;
  bool history = false;  // write history.porcupine.json into out_dir
  std::string seeds;     // "A..B": run every seed from A to B (cmd_seeds.cc)
  unsigned jobs = 0;     // threads for --seeds; 0: one per hardware thread
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

// The run command's report options (--trace [jsonl|perfetto], --seeds A..B, --jobs N).
void add_run_report_options(::CLI::App& run_cmd, RunArgs& args);

int run_command(const RunArgs& args, const std::atomic<bool>& interrupt);
// `run --seeds A..B`: each seed on its own thread, aggregated (reports/seeds/).
int seeds_command(const RunArgs& args, const std::atomic<bool>& interrupt);
int test_command(const TestArgs& args, const std::atomic<bool>& interrupt);
int validate_command(const std::vector<std::string>& paths, const std::vector<std::string>& sets);
int check_history_command(const CheckHistoryArgs& args);

// `explain` (cmd_explain.cc) and `diff` (cmd_diff.cc) declare their own options; when
// one is parsed, its callback sets `work` to what main then runs.
CLI::App* add_explain_command(CLI::App& app, std::function<int(const std::atomic<bool>&)>& work);
CLI::App* add_diff_command(CLI::App& app, std::function<int(const std::atomic<bool>&)>& work);
// `schema` (cmd_schema.cc): prints scenario_json_schema().
CLI::App* add_schema_command(CLI::App& app, std::function<int(const std::atomic<bool>&)>& work);
// The JSON Schema (draft-07) of the scenario format, from the parser's declarations.
std::string scenario_json_schema();

}  // namespace kcsim::tools
