#include "sim/cpu.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "sim/distributions.h"
#include "sim/random.h"
#include "sim/simulation.h"
#include "tests/sim/test_process.h"

namespace kcsim::sim {
namespace {

constexpr Label kTest{"test"};
constexpr Time kMs = kMillisecond;

struct World {
  explicit World(std::uint32_t cores) : sim(5) {
    const HostId host = sim.add_host("h", "zone-a");
    p = sim.add_process("p", host, testing::scripted());
    sim.start(p);
    sim.cpu(p).set_spec(CpuSpec{cores});
  }
  Cpu& cpu() { return sim.cpu(p); }
  // Submits a job that records (its index, the time it completed).
  void submit(int index, Time cost) {
    cpu().run(cost, [this, index] { done.emplace_back(index, sim.now()); });
  }
  Simulation sim;
  ProcessId p = 0;
  std::vector<std::pair<int, Time>> done;
};

using Done = std::vector<std::pair<int, Time>>;

TEST(Cpu, DefaultsToTwoCores) {
  Simulation sim(1);
  const ProcessId p = sim.add_process("p", sim.add_host("h", "zone-a"), testing::scripted());
  EXPECT_EQ(sim.cpu(p).spec().cores, 2u);
}

TEST(Cpu, OneCoreServesJobsOneAfterAnother) {
  World w(1);
  for (int i = 0; i < 3; ++i)
    w.submit(i, 10 * kMs);
  w.sim.run_until(kSecond);
  EXPECT_EQ(w.done, (Done{{0, 10 * kMs}, {1, 20 * kMs}, {2, 30 * kMs}}));
  EXPECT_EQ(w.cpu().busy_time(), 30 * kMs);
  EXPECT_EQ(w.cpu().jobs_completed(), 3u);
}

TEST(Cpu, TwoCoresServeTwoJobsAtATimeAndTiesCompleteInSubmissionOrder) {
  World w(2);
  for (int i = 0; i < 4; ++i)
    w.submit(i, 10 * kMs);
  w.sim.run_until(kSecond);
  EXPECT_EQ(w.done, (Done{{0, 10 * kMs}, {1, 10 * kMs}, {2, 20 * kMs}, {3, 20 * kMs}}));
}

TEST(Cpu, CompletionsAtOneInstantRunInTheOrderTheJobsStarted) {
  World w(2);
  w.submit(0, 20 * kMs);  // starts at 0, ends at 20
  w.submit(1, 5 * kMs);   // starts at 0, ends at 5
  w.submit(2, 15 * kMs);  // starts at 5 (after job 1), ends at 20 too, but started later
  w.sim.run_until(kSecond);
  EXPECT_EQ(w.done, (Done{{1, 5 * kMs}, {0, 20 * kMs}, {2, 20 * kMs}}));
}

TEST(Cpu, BusyCoresAndQueuedMidRun) {
  World w(2);
  for (int i = 0; i < 5; ++i)
    w.submit(i, 10 * kMs);
  // Jobs start inside run(): two are running, three wait.
  EXPECT_EQ(w.cpu().busy_cores(), 2u);
  EXPECT_EQ(w.cpu().queued(), 3u);
  struct Seen {
    std::uint32_t busy;
    std::size_t queued;
    bool operator==(const Seen&) const = default;
  };
  std::vector<Seen> seen;
  for (Time t : {5 * kMs, 15 * kMs, 25 * kMs, 35 * kMs}) {
    w.sim.at(t, kTest, [&] { seen.push_back({w.cpu().busy_cores(), w.cpu().queued()}); });
  }
  w.sim.run_until(kSecond);
  // 0-10: jobs 0,1 run; 10-20: 2,3; 20-30: 4 alone; then idle.
  EXPECT_EQ(seen, (std::vector<Seen>{{2, 3}, {2, 1}, {1, 0}, {0, 0}}));
  EXPECT_EQ(w.cpu().busy_time(), 50 * kMs);
}

TEST(Cpu, SlowFactorStretchesOnlyJobsThatStartAfterIt) {
  World w(1);
  w.submit(0, 10 * kMs);  // starts now at factor 1
  w.submit(1, 10 * kMs);  // waits; starts at 10ms
  w.cpu().set_slow_factor(2);
  w.sim.run_until(kSecond);
  EXPECT_EQ(w.done, (Done{{0, 10 * kMs}, {1, 30 * kMs}}));
  EXPECT_EQ(w.cpu().busy_time(), 30 * kMs);

  w.cpu().heal();
  w.submit(2, 10 * kMs);
  w.sim.run_until(2 * kSecond);
  ASSERT_EQ(w.done.size(), 3u);
  EXPECT_EQ(w.done[2], (std::pair<int, Time>{2, kSecond + 10 * kMs}));
}

TEST(Cpu, AZeroCostJobCompletesAsAnEventAfterRunReturns) {
  World w(1);
  bool returned_before_done = false;
  w.sim.at(5 * kMs, kTest, [&] {
    w.submit(0, 0);
    returned_before_done = w.done.empty();
    EXPECT_EQ(w.cpu().busy_cores(), 1u);  // it holds a core until its event
  });
  w.sim.run_until(kSecond);
  EXPECT_TRUE(returned_before_done);
  EXPECT_EQ(w.done, (Done{{0, 5 * kMs}}));
  EXPECT_EQ(w.cpu().busy_cores(), 0u);
}

TEST(Cpu, AZeroCostJobWaitsForAFreeCore) {
  World w(1);
  w.submit(0, 10 * kMs);
  w.submit(1, 0);
  w.sim.run_until(kSecond);
  EXPECT_EQ(w.done, (Done{{0, 10 * kMs}, {1, 10 * kMs}}));
}

TEST(Cpu, ACrashDropsQueuedAndRunningWorkForGood) {
  World w(1);
  for (int i = 0; i < 3; ++i)
    w.submit(i, 10 * kMs);  // would end at 10, 20, 30
  // Job 0 completes at 10; job 1 is running and job 2 waiting at the crash.
  w.sim.at(15 * kMs, kTest, [&] {
    w.sim.crash(w.p);
    EXPECT_EQ(w.cpu().busy_cores(), 0u);
    EXPECT_EQ(w.cpu().queued(), 0u);
  });
  // The restart comes before job 1's completion event (20ms) falls due.
  w.sim.at(16 * kMs, kTest, [&] {
    w.sim.start(w.p);
    w.submit(3, 10 * kMs);  // a free CPU: starts at once
    w.submit(4, 10 * kMs);
  });
  w.sim.run_until(kSecond);
  EXPECT_EQ(w.done, (Done{{0, 10 * kMs}, {3, 26 * kMs}, {4, 36 * kMs}}));
  EXPECT_EQ(w.cpu().busy_cores(), 0u);
}

TEST(Cpu, WorkSubmittedWhileTheOwnerIsDownIsDropped) {
  World w(1);
  w.sim.crash(w.p);
  w.submit(0, 10 * kMs);
  EXPECT_EQ(w.cpu().queued(), 0u);
  EXPECT_EQ(w.cpu().busy_cores(), 0u);
  w.sim.start(w.p);
  w.submit(1, 10 * kMs);  // the core is free: the dropped job holds nothing
  w.sim.run_until(kSecond);
  EXPECT_EQ(w.done, (Done{{1, 10 * kMs}}));
}

TEST(Cpu, MoreCoresStartQueuedJobsAtOnce) {
  World w(1);
  for (int i = 0; i < 3; ++i)
    w.submit(i, 10 * kMs);
  w.sim.at(5 * kMs, kTest, [&] { w.cpu().set_spec(CpuSpec{3}); });
  w.sim.run_until(kSecond);
  EXPECT_EQ(w.done, (Done{{0, 10 * kMs}, {1, 15 * kMs}, {2, 15 * kMs}}));
}

// M/D/1: Poisson arrivals at rate lambda, one server, every job of fixed cost D, load
// rho = lambda * D < 1. The Pollaczek–Khinchine formula gives the mean wait in the queue
// of an M/G/1 queue as Wq = lambda * E[S^2] / (2 (1 - rho)): an arrival waits for the
// residual service of the job in service (mean E[S^2] / (2 E[S]), found busy with
// probability rho) plus the full services of the Lq = lambda * Wq jobs ahead of it, so
// Wq = rho * E[S^2] / (2 E[S]) + rho * Wq. With S = D, E[S^2] = D^2, hence
// Wq = rho * D / (2 (1 - rho)); at rho = 0.5 that is D / 2.
TEST(Cpu, MeanWaitMatchesTheMD1FormulaAtHalfLoad) {
  World w(1);
  constexpr Time kCost = 10 * kMs;
  constexpr double kLoad = 0.5;
  constexpr int kJobs = 20'000;
  const double interarrival_mean = static_cast<double>(kCost) / kLoad;
  Rng rng = w.sim.rng("test/arrivals");
  double total_wait = 0;
  int completed = 0;
  int submitted = 0;
  std::function<void()> arrive = [&] {
    const Time arrived = w.sim.now();
    w.cpu().run(kCost, [&, arrived] {
      total_wait += static_cast<double>(w.sim.now() - arrived - kCost);
      ++completed;
    });
    if (++submitted == kJobs) return;
    const auto gap = static_cast<Time>(std::llround(exponential(rng, interarrival_mean)));
    w.sim.at(w.sim.now() + gap, kTest, arrive);
  };
  w.sim.at(0, kTest, arrive);
  w.sim.run_until(kHour);
  ASSERT_EQ(completed, kJobs);
  const double mean_wait = total_wait / kJobs;
  const double expected = kLoad * static_cast<double>(kCost) / (2 * (1 - kLoad));
  EXPECT_NEAR(mean_wait, expected, 0.10 * expected);
}

}  // namespace
}  // namespace kcsim::sim
