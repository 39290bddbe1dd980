// A process's CPU: a fixed number of cores serving jobs first come, first served, so
// that latency rises with load (saturation) as it does on a real etcd member or API
// server. This is what capacity planning reads.
//
// Contract:
//  - A Cpu belongs to one process and outlives its incarnations (like Disk), but the
//    work on it belongs to the incarnation that submitted it: a crash drops every queued
//    and running job, and their callbacks never run, even after a restart. A job
//    submitted while the owner is down is dropped at once (no incarnation would ever
//    run its callback, and it would hold a core forever).
//  - `run(cost, done)` queues a job needing `cost` >= 0 of CPU time. Jobs are served
//    FIFO by `spec().cores` servers (an M/G/c queue): a job starts as soon as a core is
//    free, holds it for cost * slow factor (rounded to the nanosecond), then `done` runs
//    as an event of the owner's incarnation. Jobs start in submission order; completions
//    at the same instant run in the order their jobs started (the event queue breaks
//    time ties by scheduling order, and a completion is scheduled when its job starts).
//    A zero-cost job still waits for a free core, and its `done` runs as an event, never
//    inside run().
//  - When a job completes, its core takes the next queued job before `done` runs, so a
//    job submitted by `done` queues behind the ones already waiting.
//  - Fault: `set_slow_factor` (throttling, a noisy neighbour) applies to jobs that start
//    after the call; running jobs keep the duration they started with.
//  - `set_spec` may change the core count at any time: more cores start queued jobs at
//    once; fewer let running jobs finish and start no new one until a core is free.
//  - No randomness: the costs come from the caller.
//  - Cost per job: one event (its completion) and no allocation beyond what the
//    std::function needs; the queue is a deque and running jobs sit in recycled slots.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

#include "sim/ids.h"
#include "sim/time.h"

namespace kcsim::sim {

class Simulation;

struct CpuSpec {
  std::uint32_t cores = 2;  // >= 1
};

class Cpu {
 public:
  Cpu(Simulation& simulation, ProcessId owner, CpuSpec spec);

  // Queues a job needing `cost` (>= 0) of CPU time; `done` runs, as an event of the
  // owner's current incarnation, when the job has had its core for cost * slow factor.
  void run(Time cost, std::function<void()> done);

  // Faults. `factor` > 0 (2 = every job that starts from now on takes twice as long).
  void set_slow_factor(double factor);
  double slow_factor() const { return slow_factor_; }
  void heal() { set_slow_factor(1); }

  // Called by the kernel when the owner crashes: drops every queued and running job.
  void on_crash();

  // Cores running a job now.
  std::uint32_t busy_cores() const { return busy_cores_; }
  // Jobs waiting for a core (not counting the running ones).
  std::size_t queued() const { return queue_.size(); }
  // Core time granted so far: each job adds its duration (cost * slow factor, rounded)
  // when it starts. Simple and exact, at the price that a running job counts in full
  // before it ends, and one dropped by a crash stays counted in full.
  Time busy_time() const { return busy_time_; }
  std::uint64_t jobs_completed() const { return jobs_completed_; }

  const CpuSpec& spec() const { return spec_; }
  void set_spec(CpuSpec spec);

 private:
  struct Job {
    Time cost;
    std::function<void()> done;
  };

  void start_jobs();
  void finish(std::uint32_t slot);

  Simulation& simulation_;
  ProcessId owner_;
  CpuSpec spec_;
  std::deque<Job> queue_;                     // waiting, in submission order
  std::vector<std::function<void()>> slots_;  // callbacks of running jobs
  std::vector<std::uint32_t> free_slots_;     // indices into slots_ not in use
  std::uint32_t busy_cores_ = 0;
  double slow_factor_ = 1;
  Time busy_time_ = 0;
  std::uint64_t jobs_completed_ = 0;
};

}  // namespace kcsim::sim
