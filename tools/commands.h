// The kcsim subcommands: thin wrappers over the runner and the reports.
//
// Exit codes (DESIGN.md): 0 every check passed, 1 a check failed, 2 bad input or usage,
// 130 interrupted (what was measured up to the interrupt is still written).
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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
};

struct TestArgs {
  std::vector<std::string> paths;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> sets;
  std::string out_dir = ".";
};

int run_command(const RunArgs& args, const std::atomic<bool>& interrupt);
int test_command(const TestArgs& args, const std::atomic<bool>& interrupt);
int validate_command(const std::vector<std::string>& paths, const std::vector<std::string>& sets);

}  // namespace kcsim::tools
