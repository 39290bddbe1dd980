#include "sim/process.h"

#include "sim/simulation.h"

namespace kcsim::sim {

const std::string& Process::name() const {
  return simulation().process_name(id());
}

Time Process::now() const {
  return simulation().now();
}

TimerId Process::after(Time delay, const Label& label, Callback callback) {
  return simulation().at_for(id(), now() + delay, label, std::move(callback));
}

TimerId Process::at(Time when, const Label& label, Callback callback) {
  return simulation().at_for(id(), when, label, std::move(callback));
}

bool Process::cancel(TimerId timer) {
  return simulation().cancel(timer);
}

}  // namespace kcsim::sim
