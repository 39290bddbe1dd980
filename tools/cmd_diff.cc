// kcsim diff RUN_A RUN_B [--context N]
// kcsim diff SCENARIO --seeds A,B [--set k=v]... [--out DIR] [--context N]
// Finds the first trace record at which two runs part (reports/diff/trace_diff.h) and
// shows the records before it and after it on both sides, then the same for the model's
// own events (notes and faults), which tell where the two stories part.
// RUN_A and RUN_B are `kcsim run --out DIR --trace` folders (or trace.jsonl files); with
// --seeds the scenario runs once per seed and the traces go into --out (default: a
// folder under the system's temporary directory). Exit: 0 same, 1 they part, 2 bad input.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "model/runner/run.h"
#include "reports/diff/trace_diff.h"
#include "tools/commands.h"
#include "tools/scenario_files.h"

namespace kcsim::tools {
namespace {

namespace fs = std::filesystem;

struct DiffArgs {
  std::string a;
  std::string b;
  std::string seeds;  // "A,B": A and B are seeds of the scenario `a`
  std::vector<std::string> sets;
  std::string out_dir;
  std::size_t context = 5;
};

// "A,B" with two decimal seeds, nothing else.
bool parse_seeds(const std::string& text, std::uint64_t& a, std::uint64_t& b) {
  const std::size_t comma = text.find(',');
  if (comma == std::string::npos) return false;
  auto number = [](std::string_view digits, std::uint64_t& out) {
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    return ec == std::errc{} && end == digits.data() + digits.size() && !digits.empty();
  };
  const std::string_view view(text);
  return number(view.substr(0, comma), a) && number(view.substr(comma + 1), b);
}

std::string trace_file(const std::string& path) {
  return fs::is_directory(path) ? (fs::path(path) / "trace.jsonl").string() : path;
}

// Runs `file` at `seed`, writing its trace to `trace`; false (with a message) on bad input.
bool run_to_trace(const std::string& file, const std::vector<std::string>& sets, std::uint64_t seed,
                  const fs::path& trace, const std::atomic<bool>& interrupt) {
  std::vector<std::string> errors;
  std::optional<scenario::Scenario> scenario = load_checked(file, sets, errors);
  if (!scenario) {
    for (const std::string& e : errors)
      std::cerr << e << '\n';
    return false;
  }
  std::ofstream out(trace);
  runner::RunOptions options;
  options.seed = seed;
  options.trace_jsonl = &out;
  options.interrupt = &interrupt;
  const runner::RunResult result = runner::run_scenario(*scenario, options);
  std::cout << fmt::format("{} seed={}: {} ({} trace records) -> {}\n", result.scenario, seed,
                           run_word(result.checks, result.passed()), result.trace_records,
                           trace.string());
  return true;
}

std::string seconds(std::string_view line) {
  const long long t = reports::trace_time(line);
  if (t < 0) return "?";
  return fmt::format("{}.{:09}s", t / 1'000'000'000, t % 1'000'000'000);
}

void show(const reports::TraceDivergence& d, std::string_view what) {
  if (d.same) {
    std::cout << fmt::format("The {} are the same.\n", what);
    return;
  }
  const std::string& first = !d.a_after.empty() ? d.a_after.front() : d.b_after.front();
  std::cout << fmt::format("The {} part at record {} (t = {}):\n", what, d.index, seconds(first));
  for (const std::string& line : d.before)
    std::cout << "    " << line << '\n';
  std::cout << "  A:\n";
  if (d.a_after.empty()) std::cout << "    (A ends here)\n";
  for (const std::string& line : d.a_after)
    std::cout << "    " << line << '\n';
  std::cout << "  B:\n";
  if (d.b_after.empty()) std::cout << "    (B ends here)\n";
  for (const std::string& line : d.b_after)
    std::cout << "    " << line << '\n';
}

int diff(const DiffArgs& args, const std::atomic<bool>& interrupt) {
  std::string file_a = trace_file(args.a);
  std::string file_b;
  if (!args.seeds.empty()) {
    std::uint64_t seed_a = 0;
    std::uint64_t seed_b = 0;
    if (!parse_seeds(args.seeds, seed_a, seed_b)) {
      std::cerr << "kcsim diff: --seeds: expected two seeds A,B, found '" << args.seeds << "'\n";
      return kExitBadInput;
    }
    const fs::path dir = args.out_dir.empty()
                             ? fs::temp_directory_path() /
                                   fmt::format("kcsim-diff-{}-{}-{}",
                                               fs::path(args.a).stem().string(), seed_a, seed_b)
                             : fs::path(args.out_dir);
    std::error_code ec;
    fs::create_directories(dir, ec);
    file_a = (dir / fmt::format("trace-seed-{}.jsonl", seed_a)).string();
    file_b = (dir / fmt::format("trace-seed-{}.jsonl", seed_b)).string();
    if (!run_to_trace(args.a, args.sets, seed_a, file_a, interrupt) ||
        !run_to_trace(args.a, args.sets, seed_b, file_b, interrupt)) {
      return kExitBadInput;
    }
  } else {
    if (args.b.empty()) {
      std::cerr << "kcsim diff: expected two run folders (or traces), or a scenario and "
                   "--seeds A,B\n";
      return kExitBadInput;
    }
    file_b = trace_file(args.b);
  }
  for (const std::string& f : {file_a, file_b}) {
    if (!fs::is_regular_file(f)) {
      std::cerr << "kcsim diff: " << f << ": no trace there (write one with kcsim run --out DIR "
                << "--trace)\n";
      return kExitBadInput;
    }
  }
  std::cout << "A: " << file_a << "\nB: " << file_b << "\n\n";
  std::ifstream a(file_a);
  std::ifstream b(file_b);
  const reports::TraceDivergence all = reports::first_divergence(a, b, args.context);
  show(all, "traces");
  if (all.same) return kExitPassed;
  std::ifstream a2(file_a);
  std::ifstream b2(file_b);
  std::cout << '\n';
  show(reports::first_divergence(a2, b2, args.context, reports::is_model_event),
       "model events (notes and faults)");
  return kExitCheckFailed;
}

}  // namespace

CLI::App* add_diff_command(CLI::App& app, std::function<int(const std::atomic<bool>&)>& work) {
  auto args = std::make_shared<DiffArgs>();
  CLI::App* cmd = app.add_subcommand(
      "diff", "Find the first trace record where two runs part, with context from both");
  cmd->add_option("run_a", args->a, "Run folder (--out of kcsim run --trace), or a scenario")
      ->required();
  cmd->add_option("run_b", args->b, "Run folder to compare with (not with --seeds)");
  cmd->add_option("--seeds", args->seeds, "Two seeds A,B of the scenario RUN_A");
  cmd->add_option("--set", args->sets, "Override a key in both runs (with --seeds)");
  cmd->add_option("--out", args->out_dir, "Where --seeds writes the two traces");
  cmd->add_option("--context", args->context, "Records shown around the parting (default 5)");
  cmd->callback([args, &work] {
    work = [args](const std::atomic<bool>& interrupt) { return diff(*args, interrupt); };
  });
  return cmd;
}

}  // namespace kcsim::tools
