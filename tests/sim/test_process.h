// Small processes for the kernel's tests.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "sim/process.h"
#include "sim/simulation.h"

namespace kcsim::sim::testing {

// A process whose start() runs a function given by the test.
class ScriptedProcess final : public Process {
 public:
  ScriptedProcess(ProcessContext context, std::function<void(ScriptedProcess&)> on_start)
      : Process(context), on_start_(std::move(on_start)) {}
  void start() override {
    if (on_start_) on_start_(*this);
  }
  using Process::after;
  using Process::cancel;
  template <typename M, typename F>
  void listen(const Port<M>& port, F f) {
    handle(port, std::move(f));
  }

 private:
  std::function<void(ScriptedProcess&)> on_start_;
};

inline ProcessFactory scripted(std::function<void(ScriptedProcess&)> on_start = {}) {
  return [on_start](ProcessContext context) {
    return std::make_unique<ScriptedProcess>(context, on_start);
  };
}

}  // namespace kcsim::sim::testing
