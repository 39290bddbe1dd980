#include "model/runner/run.h"

#include <spdlog/details/null_mutex.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/base_sink.h>

#include <chrono>
#include <memory>

#include "model/component/builtin.h"
#include "model/runner/digest.h"
#include "model/runner/timeline_driver.h"
#include "model/runner/world.h"
#include "model/scenario/predicate.h"
#include "sim/metric_name.h"
#include "sim/simulation.h"

namespace kcsim::runner {
namespace {

constexpr sim::Label kCheckTick{"runner.checks"};
constexpr sim::Label kSampleTick{"runner.sample"};

// Hands each log line to RunOptions::on_log with the virtual time it was written at.
class CallbackLogSink final : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
 public:
  using Callback = std::function<void(sim::Time, std::string_view, std::string_view)>;
  CallbackLogSink(const sim::Simulation* sim, Callback callback)
      : sim_(sim), callback_(std::move(callback)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    const spdlog::string_view_t level = spdlog::level::to_string_view(msg.level);
    callback_(sim_->now(), std::string_view(level.data(), level.size()),
              std::string_view(msg.payload.data(), msg.payload.size()));
  }
  void flush_() override {}

 private:
  const sim::Simulation* sim_;
  Callback callback_;
};

// spec.keepSeries: a name with labels is one series; a bare name a whole family.
void keep_series(sim::Metrics& metrics, const std::vector<scenario::KeptSeries>& kept) {
  for (const scenario::KeptSeries& series : kept) {
    if (series.name.find('{') != std::string::npos) {
      metrics.keep_series(series.name);
    } else {
      metrics.keep_family(series.name);
    }
  }
}

// Re-arms itself every `interval` until the run's end.
void every(sim::Simulation& sim, sim::Time interval, sim::Time end, const sim::Label& label,
           std::function<void()> tick) {
  auto step = std::make_shared<std::function<void()>>();
  *step = [&sim, interval, end, &label, tick = std::move(tick), weak = std::weak_ptr(step)] {
    tick();
    if (sim.now() + interval <= end) {
      if (auto self = weak.lock())
        sim.at_untraced(sim.now() + interval, label, [self] { (*self)(); });
    }
  };
  sim.at_untraced(std::min(interval, end), label, [step] { (*step)(); });
}

const component::Registry& registry_or_builtin(const component::Registry* components) {
  return components != nullptr ? *components : component::builtin_components();
}

}  // namespace

bool RunResult::passed() const {
  if (interrupted) return false;
  for (const scenario::CheckResult& check : checks) {
    if (!check.passed) return false;
  }
  return true;
}

RunResult run_scenario(const scenario::Scenario& scenario, const RunOptions& options) {
  const auto wall_start =
      std::chrono::steady_clock::now();  // reported only; never read by the model
  const std::uint64_t seed = options.seed.value_or(scenario.spec.seed);
  const sim::Time end = scenario.spec.duration;

  sim::Simulation sim(seed);
  sim.set_log_level(options.log_level);
  if (options.on_log) {
    sim.log().sinks().clear();
    sim.log().sinks().push_back(std::make_shared<CallbackLogSink>(&sim, options.on_log));
  }
  if (options.trace_jsonl != nullptr) {
    sim.trace().add_sink(std::make_unique<sim::JsonLinesTraceSink>(
        *options.trace_jsonl, [&sim](sim::ProcessId id) { return sim.process_name(id); }));
  }
  World world(sim, scenario, registry_or_builtin(options.components), options.keep_outputs);
  keep_series(sim.metrics(), scenario.spec.keep_series);
  scenario::CheckMonitor monitor(scenario.spec.checks);
  TimelineDigest fired;
  TimelineDriver timeline(
      world, scenario.spec.timeline,
      [&world, &monitor, &fired](const scenario::TimelineEntry& entry, sim::Time now) {
        world.on_timeline_entry(entry);
        monitor.on_timeline_entry(entry, now);
        fired.fired(now, entry.canonical_text());
      });

  if (options.observer != nullptr) options.observer->on_built(sim, world);

  RunResult result;
  every(sim, scenario.spec.check_interval, end, kCheckTick, [&] {
    monitor.evaluate(sim.now(), world);
    if (options.interrupt != nullptr && options.interrupt->load()) {
      result.interrupted = true;
      sim.request_stop();
    }
  });
  every(sim, scenario.spec.metrics_interval, end, kSampleTick, [&] {
    sim.metrics().sample(sim.now());
    if (options.observer != nullptr) options.observer->on_sample(sim);
  });

  sim.run_until(end);
  sim.metrics().sample(sim.now());  // the final row (sampling twice at one time rewrites it)
  if (options.observer != nullptr) options.observer->on_sample(sim);

  result.scenario = scenario.metadata.name;
  result.seed = seed;
  result.trace_hash = sim.trace().hash();
  result.trace_records = sim.trace().records();
  result.sim_time_s = sim::to_seconds(sim.now());
  result.events = sim.events_dispatched();
  result.checks = monitor.finish(sim.now(), world, result.interrupted);
  result.wall_time_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  result.digest.push_back(fired.line());
  for (std::string& line : world.digest())
    result.digest.push_back(std::move(line));
  if (options.keep_outputs) result.outputs = world.outputs();
  result.metrics = sim.release_metrics();
  return result;
}

}  // namespace kcsim::runner
