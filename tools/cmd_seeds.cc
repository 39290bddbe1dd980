// `kcsim run SCENARIO --seeds A..B [--jobs N] [--out DIR]`: every seed from A to B, each
// run on a thread of its own (a run is single-threaded and shares nothing mutable with
// another: each owns its Simulation, metrics and random streams), then the aggregates of
// reports/seeds/. A progress bar with an ETA goes to stdout only when it is a terminal.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>

#include "model/runner/run.h"
#include "reports/seeds/seeds_report.h"
#include "tools/commands.h"
#include "tools/scenario_files.h"

namespace kcsim::tools {
namespace {

constexpr std::uint64_t kSeedsMax = 1'000'000;

std::optional<std::uint64_t> parse_u64(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// "A..B" with A <= B, at most kSeedsMax seeds.
std::optional<std::pair<std::uint64_t, std::uint64_t>> parse_seeds(std::string_view text) {
  const std::size_t dots = text.find("..");
  if (dots == std::string_view::npos) return std::nullopt;
  const auto from = parse_u64(text.substr(0, dots));
  const auto to = parse_u64(text.substr(dots + 2));
  if (!from || !to || *from > *to || *to - *from >= kSeedsMax) return std::nullopt;
  return std::pair{*from, *to};
}

class Progress {
 public:
  Progress(std::size_t total, bool enabled)
      : total_(total), enabled_(enabled), start_(std::chrono::steady_clock::now()) {}
  void done_one() {
    const std::lock_guard lock(mutex_);
    ++done_;
    if (!enabled_) return;
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double eta = elapsed / static_cast<double>(done_) * static_cast<double>(total_ - done_);
    constexpr std::size_t kWidth = 30;
    const std::size_t filled = kWidth * done_ / total_;
    std::cout << fmt::format("\r[{}{}] {}/{} runs, ETA {:.0f}s  ", std::string(filled, '#'),
                             std::string(kWidth - filled, '.'), done_, total_, eta)
              << std::flush;
    if (done_ == total_) std::cout << '\n';
  }

 private:
  std::mutex mutex_;
  std::size_t done_ = 0;
  std::size_t total_;
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
};

bool write_seed_outputs(const std::string& dir, const reports::SeedsInput& input) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::ofstream csv(dir + "/seeds.csv");
  reports::write_seeds_csv(input, csv);
  std::ofstream summary(dir + "/summary.json");
  summary << reports::seeds_summary_json(input).dump(2) << '\n';
  std::ofstream html(dir + "/report.html");
  std::string warning;
  if (!reports::write_seeds_report(input, html, warning))
    std::cerr << "kcsim run: report.html has no plots: " << warning << '\n';
  return csv.good() && summary.good() && html.good();
}

}  // namespace

int seeds_command(const RunArgs& args, const std::atomic<bool>& interrupt) {
  const auto range = parse_seeds(args.seeds);
  if (!range) {
    std::cerr << "kcsim run: --seeds: expected A..B with A <= B (at most " << kSeedsMax
              << " seeds), found \"" << args.seeds << "\"\n";
    return kExitBadInput;
  }
  if (args.seed || args.trace || args.history) {
    std::cerr << "kcsim run: --seeds takes neither --seed, --trace nor --history\n";
    return kExitBadInput;
  }
  std::vector<std::string> errors;
  std::optional<scenario::Scenario> scenario = load_checked(args.scenario, args.sets, errors);
  if (!scenario) {
    for (const std::string& e : errors)
      std::cerr << e << '\n';
    return kExitBadInput;
  }
  const std::size_t count = static_cast<std::size_t>(range->second - range->first + 1);
  const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t jobs = std::min<std::size_t>(args.jobs == 0 ? hardware : args.jobs, count);
  std::vector<std::optional<reports::SeedRun>> runs(count);
  std::atomic<std::size_t> next{0};
  Progress progress(count, isatty(STDOUT_FILENO) != 0 && !args.quiet);
  auto worker = [&] {
    for (std::size_t i = next.fetch_add(1); i < count && !interrupt.load(); i = next.fetch_add(1)) {
      runner::RunOptions options;
      options.seed = range->first + i;
      options.interrupt = &interrupt;
      const runner::RunResult result = runner::run_scenario(*scenario, options);
      if (result.interrupted) return;  // an interrupted run is not a sample
      runs[i] = reports::seed_run_of(result);
      progress.done_one();
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < jobs; ++t)
    threads.emplace_back(worker);
  for (std::thread& thread : threads)
    thread.join();

  reports::SeedsInput input;
  input.scenario = scenario->metadata.name;
  input.description = scenario->metadata.description;
  input.file = args.scenario;
  input.first_seed = range->first;
  input.last_seed = range->second;
  input.sets = args.sets;
  for (std::optional<reports::SeedRun>& run : runs) {
    if (run) input.runs.push_back(std::move(*run));
  }
  const nlohmann::ordered_json summary = reports::seeds_summary_json(input);
  if (!args.quiet) {
    std::cout << fmt::format("{}: {} of {} runs passed\n", input.scenario,
                             summary["runs_passed"].get<std::size_t>(), input.runs.size());
    for (const auto& check : summary["checks"]) {
      std::cout << fmt::format("  {:5.1f}% {}", check["pass_rate"].get<double>() * 100,
                               check["name"].get<std::string>());
      if (!check["failing_seeds"].empty())
        std::cout << "  (not passed at seeds " << check["failing_seeds"].dump() << ")";
      std::cout << '\n';
    }
  }
  if (!args.out_dir.empty() && !write_seed_outputs(args.out_dir, input)) {
    std::cerr << "kcsim run: could not write the outputs into " << args.out_dir << '\n';
    return kExitBadInput;
  }
  if (input.runs.size() < count) {
    std::cout << "interrupted after " << input.runs.size() << " of " << count << " runs\n";
    return kExitInterrupted;
  }
  return summary["runs_passed"].get<std::size_t>() == input.runs.size() ? kExitPassed
                                                                        : kExitCheckFailed;
}

}  // namespace kcsim::tools
