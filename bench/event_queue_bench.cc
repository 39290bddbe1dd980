// Schedule-and-dispatch throughput of the kernel's event queue in the classic hold
// model: N events pending; each step pops the earliest, runs its callback, and
// schedules one new event a random increment later, so N stays constant.
//
// Each kernel benchmark stands beside a Baseline: a bare std::priority_queue of
// (time, sequence) pairs doing the same hold steps with the same increments, with no
// callback at all. Compare items_per_second of the two at the same N.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

#include "sim/event_queue.h"
#include "sim/random.h"
#include "sim/simulation.h"

namespace {

using kcsim::sim::Time;

// Increments drawn once (uniform in [0, 2 ms), mean 1 ms) and replayed by every
// benchmark, so that all do the same work.
const std::vector<Time>& increments() {
  static const std::vector<Time> table = [] {
    kcsim::sim::Rng rng(7);
    std::vector<Time> values(1 << 16);
    for (Time& v : values)
      v = static_cast<Time>(rng.below(2'000'000));
    return values;
  }();
  return table;
}

constexpr kcsim::sim::Label kHold{"bench.hold"};

void BM_EventQueueHold(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  const std::vector<Time>& inc = increments();
  kcsim::sim::EventQueue queue;
  std::uint64_t fired = 0;
  std::size_t next = 0;
  for (std::size_t i = 0; i < pending; ++i) {
    queue.schedule(inc[next++ & 0xffff], kHold, 0, [&fired] { ++fired; });
  }
  kcsim::sim::FiredEvent event;
  for (auto _ : state) {
    queue.pop(event);
    event.callback();
    queue.schedule(event.at + inc[next++ & 0xffff], kHold, 0, [&fired] { ++fired; });
  }
  benchmark::DoNotOptimize(fired);
  state.SetItemsProcessed(state.iterations());
}

void BM_BaselineBinaryHeapHold(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  const std::vector<Time>& inc = increments();
  using Entry = std::pair<std::int64_t, std::uint64_t>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
  std::uint64_t sequence = 0;
  std::size_t next = 0;
  for (std::size_t i = 0; i < pending; ++i)
    heap.emplace(inc[next++ & 0xffff], sequence++);
  for (auto _ : state) {
    const Entry top = heap.top();
    heap.pop();
    heap.emplace(top.first + inc[next++ & 0xffff], sequence++);
  }
  benchmark::DoNotOptimize(heap.top());
  state.SetItemsProcessed(state.iterations());
}

// The whole run loop: a Simulation dispatching kernel events, each tracing a record
// and scheduling its successor (what a timer-heavy model costs per event).
void BM_SimulationRunLoopHold(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  const std::vector<Time>& inc = increments();
  kcsim::sim::Simulation sim(1);
  std::size_t next = 0;
  struct Step {
    kcsim::sim::Simulation* sim;
    std::size_t* next;
    const std::vector<Time>* inc;
    void operator()() const {
      sim->after((*inc)[(*next)++ & 0xffff], kHold, Step{*this});
      sim->request_stop();
    }
  };
  for (std::size_t i = 0; i < pending; ++i) {
    sim.at(inc[next++ & 0xffff], kHold, Step{&sim, &next, &inc});
  }
  for (auto _ : state)
    sim.run_until(kcsim::sim::kTimeNever - 1);
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(BM_EventQueueHold)->Arg(1'000)->Arg(100'000)->Arg(1'000'000);
BENCHMARK(BM_BaselineBinaryHeapHold)->Arg(1'000)->Arg(100'000)->Arg(1'000'000);
BENCHMARK(BM_SimulationRunLoopHold)->Arg(1'000)->Arg(100'000)->Arg(1'000'000);

BENCHMARK_MAIN();
