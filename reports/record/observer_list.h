// Several run observers as one (runner::RunOptions takes one): each is told, in order.
#pragma once

#include <vector>

#include "model/runner/run.h"

namespace kcsim::reports {

class ObserverList final : public runner::RunObserver {
 public:
  void add(runner::RunObserver* observer) { observers_.push_back(observer); }
  void on_built(sim::Simulation& simulation, runner::World& world) override {
    for (runner::RunObserver* o : observers_)
      o->on_built(simulation, world);
  }
  void on_sample(const sim::Simulation& simulation) override {
    for (runner::RunObserver* o : observers_)
      o->on_sample(simulation);
  }

 private:
  std::vector<runner::RunObserver*> observers_;
};

}  // namespace kcsim::reports
