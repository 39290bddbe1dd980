// A process: the unit that runs, crashes and restarts (an etcd member, an API
// server replica, a kubelet).
//
// Contract:
//  - A process object lives for one incarnation. `Simulation::crash` destroys it, so
//    its volatile state is gone by construction; `restart` builds a fresh object from
//    the factory, and `start()` recovers from what the process's disk holds.
//  - Timers made through `after`/`at` belong to the incarnation that made them: after a
//    crash they never fire, even if the process has restarted since.
//  - A process never holds another process's pointer: it names peers by ProcessId and
//    reaches them through the network, so a peer's crash cannot leave it dangling.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "sim/event_queue.h"
#include "sim/ids.h"
#include "sim/time.h"

namespace kcsim::sim {

class Simulation;

struct ProcessContext {
  Simulation* simulation = nullptr;
  ProcessId id = kNoProcess;
};

class Process {
 public:
  explicit Process(ProcessContext context) : context_(context) {}
  virtual ~Process() = default;
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  // Called once when the incarnation begins (first boot or restart), as its first event:
  // at the time of Simulation::start, after the call that started it returned.
  virtual void start() = 0;

  // Called by Simulation::crash just before the object is destroyed: the place to take
  // back what the process published to observers (a gauge it set). It must not send
  // or schedule anything. Not called when the simulation itself ends.
  virtual void on_crash() {}

  ProcessId id() const { return context_.id; }
  Simulation& simulation() const { return *context_.simulation; }
  const std::string& name() const;
  Time now() const;

 protected:
  TimerId after(Time delay, const Label& label, Callback callback);
  TimerId at(Time when, const Label& label, Callback callback);
  bool cancel(TimerId id);

 private:
  ProcessContext context_;
};

using ProcessFactory = std::function<std::unique_ptr<Process>(ProcessContext)>;

}  // namespace kcsim::sim
