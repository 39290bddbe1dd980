// What `kcsim run SCENARIO --seeds A..B --out DIR` writes:
//  - seeds.csv: one row per seed: seed, passed, interrupted, trace_hash, sim_time_s,
//    events, wall_time_s; then per check (in the scenario's order) `<check>:status`
//    (passed, failed, undecided) and `<check>:timing_s` (seed_stats.h; empty when none);
//    then every metric of summary.json in name order (empty where a run has none);
//  - summary.json: scenario, file, seeds {from, to}, runs, runs_passed, pass_rate,
//    failing_seeds (to replay with --seed N), checks [{name, pass_rate, passed, failed,
//    undecided, failing_seeds, timing_s: stats or null}], metrics {name: stats}, where
//    stats is {n, mean, stdev, ci95: [low, high], min, p50, p90, p99, max};
//  - report.html: the same as tables, and the distributions (histogram and CDF over the
//    seeds) of each check's timing and of the metrics that matter and vary.
// Runs are listed in seed order whatever order the threads finished in, so the files are
// the same for any --jobs (apart from wall_time_s).
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "model/runner/run.h"
#include "reports/seeds/seed_stats.h"

namespace kcsim::reports {

struct SeedsInput {
  std::string scenario;
  std::string description;
  std::string file;
  std::uint64_t first_seed = 0;
  std::uint64_t last_seed = 0;
  std::vector<std::string> sets;
  std::vector<SeedRun> runs;  // in seed order
};

// What a run leaves for the aggregates (its time series is dropped).
SeedRun seed_run_of(const runner::RunResult& result);

void write_seeds_csv(const SeedsInput& input, std::ostream& out);
nlohmann::ordered_json seeds_summary_json(const SeedsInput& input);
// Returns false, with `warning`, when the charting library could not be read (the page
// is written without its plots).
bool write_seeds_report(const SeedsInput& input, std::ostream& out, std::string& warning);

}  // namespace kcsim::reports
