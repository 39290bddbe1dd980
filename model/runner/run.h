// Running a scenario: build its world, fire its timeline, sample metrics, evaluate its
// checks, and report.
//
// Contract:
//  - The run is a function of (scenario, seed): same inputs, same trace hash, same
//    results, on every build. Wall time is measured for the summary only.
//  - Checks are evaluated every `checkInterval` and once at the end; metrics are sampled
//    every `metricsInterval` and at the end. Both are observers: they do not change the
//    trace hash.
//  - The scenario must have been parsed with the same registry (`components`).
//  - `interrupt`, when set by a signal handler, ends the run at the next check tick; the
//    result says so, and what was measured up to then is kept.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/component/registry.h"
#include "model/scenario/check_monitor.h"
#include "model/scenario/scenario.h"
#include "sim/metrics.h"
#include "sim/simulation.h"
#include "sim/time.h"

namespace kcsim::runner {

class World;

// What the reports watch of a run (reports/record/run_recorder.h): told once the world is
// built, before the first event, and after every metrics sample. An observer only reads:
// it records nothing in the trace and draws no random number, so a run's hash is the
// same with or without one. It may attach a trace sink or a lifecycle observer.
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void on_built(sim::Simulation& /*simulation*/, World& /*world*/) {}
  virtual void on_sample(const sim::Simulation& /*simulation*/) {}
};

struct RunOptions {
  std::optional<std::uint64_t> seed;    // overrides spec.seed
  std::ostream* trace_jsonl = nullptr;  // the trace as JSON lines, when wanted
  std::string log_level = "off";        // spdlog level of the run's logger
  const std::atomic<bool>* interrupt = nullptr;
  const component::Registry* components = nullptr;  // nullptr: the built-in ones
  // Keep what the components record for their outputs (etcd: the clients' history, for
  // run --history); off, nothing grows with the run that no check needs.
  bool keep_outputs = false;
  RunObserver* observer = nullptr;  // the reports' recorder, when wanted
  // When set, every log line at or above log_level comes here, with its virtual time and
  // level name ("info", "debug", ...), instead of going to stderr: `kcsim explain` builds
  // its story from them. An observer: the trace hash is the same.
  std::function<void(sim::Time at, std::string_view level, std::string_view text)> on_log;
};

struct RunResult {
  std::string scenario;
  std::uint64_t seed = 0;
  std::uint64_t trace_hash = 0;
  std::uint64_t trace_records = 0;
  double sim_time_s = 0;
  double wall_time_s = 0;
  std::uint64_t events = 0;
  bool interrupted = false;
  std::vector<scenario::CheckResult> checks;
  std::unique_ptr<sim::Metrics> metrics;  // the run's metrics and time series
  // Files the components hand over (etcd: history.porcupine.json), to write with --out.
  // With keep_outputs only: the etcd clients' history is kept in memory just then.
  std::vector<component::RunOutput> outputs;
  // What happened, in a few lines (digest.h): the timeline as it fired, then each
  // component's lines.
  std::vector<std::string> digest;

  bool passed() const;
};

RunResult run_scenario(const scenario::Scenario& scenario, const RunOptions& options = {});

// Names in the scenario's checks that nothing in its world answers, and names in its
// keepSeries that no metric has, as errors with their positions
// ("FILE:LINE:COL: spec.checks[1].expect: no metric or state named ...").
std::vector<std::string> unknown_check_names(const scenario::Scenario& scenario,
                                             const component::Registry* components = nullptr);

}  // namespace kcsim::runner
