// Statistics across the runs of one scenario at many seeds (`kcsim run --seeds A..B`):
// what each run leaves (SeedRun, small: its checks and its summary's metrics, not its
// time series), and the aggregates over the runs, computed with Eigen.
//
//  - Stats of a sample x_1..x_n: mean; standard deviation with Bessel's correction
//    (n - 1; 0 when n is 1); the 95% confidence interval of the mean, mean ± t * s/√n
//    with Student's t quantile for n - 1 degrees of freedom (exact table to 30, then
//    1.96); min, max and nearest-rank percentiles p50, p90, p99 (as sim::Histogram).
//  - A check's timing in a run: how long after its event it first held ("true at 14s,
//    3.2s after leader crash": 3.2s) or, for a check with no event, when it first held
//    ("true at 3.1s": 3.1s), read from the check's detail (model/scenario/check_monitor.cc
//    writes it); none for a check that never held or holds throughout (`always`).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/scenario/check_monitor.h"

namespace kcsim::reports {

struct SeedRun {
  std::uint64_t seed = 0;
  bool passed = false;
  bool interrupted = false;
  std::string trace_hash;
  double sim_time_s = 0;
  double wall_time_s = 0;
  std::uint64_t events = 0;
  std::vector<scenario::CheckResult> checks;
  std::map<std::string, double> metrics;  // summary.json's metrics
};

struct Stats {
  std::size_t n = 0;
  double mean = 0;
  double stdev = 0;
  double ci95_low = 0;
  double ci95_high = 0;
  double min = 0;
  double max = 0;
  double p50 = 0;
  double p90 = 0;
  double p99 = 0;
};

// nullopt for an empty sample.
std::optional<Stats> stats_of(const std::vector<double>& values);

// Student's t quantile 0.975 for `df` degrees of freedom (df >= 1).
double t_975(std::size_t df);

// The check's timing in seconds, read from its detail (see above).
std::optional<double> check_timing_s(const scenario::CheckResult& check);

}  // namespace kcsim::reports
