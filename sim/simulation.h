// The simulation: one run's virtual clock, event queue, hosts and processes,
// random streams, trace, metrics, network, disks and logger.
//
// Contract:
//  - Everything a run owns hangs off its Simulation: there is no global mutable state,
//    so sweeps can run many simulations on threads.
//  - `run_until(end)` dispatches events in (time, sequence) order up to and including
//    `end`, then leaves `now()` at `end`. Nothing else advances time.
//  - An event scheduled for a process fires only if the process is still in the
//    incarnation that scheduled it (the event's tag says which); events of crashed
//    incarnations are skipped without a trace record.
//  - Hosts and processes get dense ids in creation order; iteration is by id.
//  - Faults (crash, restart, host failure) are traced and announced to observers.
//  - Processes see the world only through their ProcessContext (sim/process.h); the
//    Simulation's own face is for the runner that builds the world, injects the
//    scenario's faults and commands, and observes. No process object is handed out.
//  - A started process boots after its start delay (a draw of its `start_delay`, from
//    the stream "NAME#K/start"; default 0): processes started together come up at
//    slightly different moments, as real ones do, so their periodic timers (which start
//    at their own start) have independent phases.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/distributions.h"
#include "sim/event_queue.h"
#include "sim/ids.h"
#include "sim/mailroom.h"
#include "sim/metrics.h"
#include "sim/process.h"
#include "sim/random.h"
#include "sim/time.h"
#include "sim/trace.h"

namespace spdlog {
class logger;
}

namespace kcsim::sim {

class Cpu;
class Disk;
class Network;

struct HostInfo {
  std::string name;
  std::string zone;
  bool up = true;
  std::vector<ProcessId> processes;
};

// A process's local clock: local = offset + t * (1 + drift), for true time t.
struct ClockSpec {
  Time offset = 0;
  double drift = 0;  // 1e-4: 100 ppm fast; > -1
};

struct ProcessInfo {
  std::string name;
  HostId host = kNoHost;
  bool up = false;
  bool booted = false;            // start() has run in this incarnation
  bool exiting = false;           // exit() called: crashed at the end of the current event
  std::uint32_t incarnation = 0;  // 0 before the first start; +1 at every start
  std::uint32_t crashes = 0;
  ClockSpec clock;
  Distribution start_delay = Distribution::constant(0);
};

// What observers hear about faults and life cycles. Components publish; they do not
// know who listens.
struct LifecycleObserver {
  std::function<void(ProcessId)> on_start;
  std::function<void(ProcessId)> on_crash;
};

class Simulation {
 public:
  explicit Simulation(std::uint64_t seed);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  Time now() const { return now_; }
  std::uint64_t seed() const { return seed_; }
  // The named random stream of this run: depends only on (seed, name).
  Rng rng(std::string_view stream_name) const { return Rng::stream(seed_, stream_name); }

  // Kernel events, owned by no process.
  TimerId at(Time when, const Label& label, Callback callback);
  TimerId after(Time delay, const Label& label, Callback callback) {
    return at(now_ + delay, label, std::move(callback));
  }
  // Kernel events that the run loop does not trace: for observers (metric sampling,
  // checks), which must not change a run's hash, and for components that write their
  // own, richer trace record (the network's deliveries).
  TimerId at_untraced(Time when, const Label& label, Callback callback);
  // Events of the current incarnation of `process`.
  TimerId at_for(ProcessId process, Time when, const Label& label, Callback callback);
  bool cancel(TimerId id) { return queue_.cancel(id); }

  void run_until(Time end);
  // Ends run_until after the current event.
  void request_stop() { stop_requested_ = true; }
  bool stop_requested() const { return stop_requested_; }
  std::uint64_t events_dispatched() const { return events_dispatched_; }
  std::size_t events_pending() const { return queue_.pending(); }

  // The world.
  HostId add_host(std::string name, std::string zone);
  ProcessId add_process(std::string name, HostId host, ProcessFactory factory);
  void start(ProcessId process);
  void crash(ProcessId process);
  void restart(ProcessId process);  // crash if up, then start
  void crash_host(HostId host);
  void restart_host(HostId host);  // brings the host back and starts its processes

  std::size_t host_count() const { return hosts_.size(); }
  std::size_t process_count() const { return processes_.size(); }
  const HostInfo& host(HostId id) const { return hosts_.at(id); }
  const ProcessInfo& process_info(ProcessId id) const { return processes_.at(id).info; }
  bool is_up(ProcessId id) const { return processes_.at(id).info.up; }
  // A process's clock and start-up time (see the contract above).
  void set_clock(ProcessId id, ClockSpec clock) { processes_.at(id).info.clock = clock; }
  void set_start_delay(ProcessId id, Distribution delay) {
    processes_.at(id).info.start_delay = std::move(delay);
  }
  // The process's local time now (ProcessContext::local_now).
  Time local_now(ProcessId id) const;
  // The true delay after which `local_delay` has passed on the process's clock.
  Time true_delay(ProcessId id, Time local_delay) const;
  // The random stream `stream` of the current incarnation of `id`.
  Rng process_rng(ProcessId id, std::string_view stream) const;

  // A message from outside the world (the scenario's operator typing a command) to a
  // process's handler for `port`, delivered now, as an event of its current incarnation.
  template <typename M>
  void inject(const Port<M>& port, ProcessId to, M message) {
    Pool<M>& pool = mailroom_.pool(port);
    const std::uint32_t slot = pool.put(std::move(message));
    at_for(to, now_, kInjectLabel, Callback(Delivery<M>(this, &pool, slot, kNoProcess, to)));
  }
  std::optional<ProcessId> find_process(std::string_view name) const;
  std::optional<HostId> find_host(std::string_view name) const;
  const std::string& process_name(ProcessId id) const { return processes_.at(id).info.name; }

  // The tag that binds an event to the current incarnation of a process.
  std::uint64_t incarnation_tag(ProcessId id) const;
  bool tag_is_current(std::uint64_t tag) const;

  void add_observer(LifecycleObserver observer) { observers_.push_back(std::move(observer)); }

  // Ends `id`'s incarnation at the end of the current event (ProcessContext::exit).
  void exit_at_end_of_event(ProcessId id);

  Mailroom& mailroom() { return mailroom_; }
  Trace& trace() { return trace_; }
  Metrics& metrics() { return *metrics_; }
  const Metrics& metrics() const { return *metrics_; }
  // Hands the run's metrics to the caller at the end of a run (for its reports); the
  // simulation must not run again afterwards.
  std::unique_ptr<Metrics> release_metrics() { return std::move(metrics_); }
  Network& network() { return *network_; }
  Disk& disk(ProcessId process);
  Cpu& cpu(ProcessId process);
  spdlog::logger& log() { return *logger_; }
  void set_log_level(std::string_view level);

  // A fault or model note, traced with the given actor.
  void note(TraceKind kind, const Label& label, ProcessId actor, std::uint64_t detail = 0,
            ProcessId peer = kNoProcess);

 private:
  friend void deliver_to_handler(Simulation&, ProcessId, ProcessId, std::uint64_t, const void*,
                                 void*);
  static constexpr Label kInjectLabel{"operator.command"};

  struct ProcessRecord {
    ProcessInfo info;
    ProcessFactory factory;
    std::unique_ptr<Process> instance;
  };

  void dispatch(FiredEvent& event);
  void bury(std::unique_ptr<Process> instance);

  std::uint64_t seed_;
  // Before every holder of a message in flight (the queue, the network), so that it is
  // destroyed after them: a dropped message gives its slot back to its pool.
  Mailroom mailroom_;
  Time now_ = 0;
  EventQueue queue_;
  FiredEvent current_;
  std::uint64_t events_dispatched_ = 0;
  bool stop_requested_ = false;
  bool dispatching_ = false;
  std::vector<HostInfo> hosts_;
  std::vector<ProcessRecord> processes_;
  // Instances crashed while one of their own events ran: destroyed after it returns.
  std::vector<std::unique_ptr<Process>> graveyard_;
  std::vector<LifecycleObserver> observers_;
  std::vector<ProcessId> exiting_;  // exit() called during the current event
  Trace trace_;
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<Network> network_;
  std::vector<std::unique_ptr<Disk>> disks_;  // by ProcessId, made on first use
  std::vector<std::unique_ptr<Cpu>> cpus_;    // by ProcessId, made on first use
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace kcsim::sim
