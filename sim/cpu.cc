#include "sim/cpu.h"

#include <cmath>
#include <utility>

#include "sim/invariant.h"
#include "sim/simulation.h"

namespace kcsim::sim {
namespace {

constexpr Label kJobDone{"cpu.done"};

}  // namespace

Cpu::Cpu(Simulation& simulation, ProcessId owner, CpuSpec spec)
    : simulation_(simulation), owner_(owner), spec_(spec) {
  KCSIM_ASSERT(spec_.cores >= 1);
}

void Cpu::set_spec(CpuSpec spec) {
  KCSIM_ASSERT(spec.cores >= 1);
  spec_ = spec;
  start_jobs();
}

void Cpu::set_slow_factor(double factor) {
  KCSIM_ASSERT(std::isfinite(factor));
  KCSIM_ASSERT(factor > 0);
  slow_factor_ = factor;
}

void Cpu::run(Time cost, std::function<void()> done) {
  KCSIM_ASSERT(cost >= 0);
  KCSIM_ASSERT(done);
  if (!simulation_.is_up(owner_)) return;
  queue_.push_back(Job{cost, std::move(done)});
  start_jobs();
}

void Cpu::start_jobs() {
  while (busy_cores_ < spec_.cores && !queue_.empty()) {
    Job& job = queue_.front();
    const Time duration =
        slow_factor_ == 1
            ? job.cost
            : static_cast<Time>(std::llround(static_cast<double>(job.cost) * slow_factor_));
    std::uint32_t slot;
    if (free_slots_.empty()) {
      slot = static_cast<std::uint32_t>(slots_.size());
      slots_.push_back(std::move(job.done));
    } else {
      slot = free_slots_.back();
      free_slots_.pop_back();
      slots_[slot] = std::move(job.done);
    }
    queue_.pop_front();
    ++busy_cores_;
    busy_time_ += duration;
    simulation_.at_for(owner_, simulation_.now() + duration, kJobDone,
                       [this, slot] { finish(slot); });
  }
}

void Cpu::finish(std::uint32_t slot) {
  KCSIM_ASSERT(busy_cores_ > 0);
  KCSIM_ASSERT(slot < slots_.size());
  KCSIM_ASSERT(slots_[slot]);
  std::function<void()> done = std::move(slots_[slot]);
  slots_[slot] = nullptr;
  free_slots_.push_back(slot);
  --busy_cores_;
  ++jobs_completed_;
  start_jobs();
  done();
}

void Cpu::on_crash() {
  queue_.clear();
  slots_.clear();
  free_slots_.clear();
  busy_cores_ = 0;
}

}  // namespace kcsim::sim
