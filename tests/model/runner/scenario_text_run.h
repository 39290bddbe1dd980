// Shared by the runner tests that run a scenario given as text, with --set overrides:
// the run, a metric's final value, and whether every check passed.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/runner/run.h"
#include "model/scenario/load.h"

namespace kcsim::runner::scenario_test {

inline RunResult run_text(const char* yaml, const char* file, std::vector<std::string> sets) {
  auto loaded = scenario::parse_scenario(yaml, file, sets);
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().format());
  return run_scenario(loaded.value());
}

// The metric's value at the end of the run; -1 when there is no such metric.
inline double metric(const RunResult& r, const std::string& name) {
  return r.metrics->query(name).value_or(-1);
}

// True when the run had checks and all of them passed.
inline bool all_checks_pass(const RunResult& r) {
  for (const auto& check : r.checks) {
    if (!check.passed) return false;
  }
  return !r.checks.empty();
}

}  // namespace kcsim::runner::scenario_test
