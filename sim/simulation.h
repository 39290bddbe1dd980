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
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/event_queue.h"
#include "sim/ids.h"
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

struct ProcessInfo {
  std::string name;
  HostId host = kNoHost;
  bool up = false;
  std::uint32_t incarnation = 0;  // 0 before the first start; +1 at every start
  std::uint32_t crashes = 0;
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
  // The live object of a process that is up, or nullptr.
  Process* process(ProcessId id) const { return processes_.at(id).instance.get(); }
  std::optional<ProcessId> find_process(std::string_view name) const;
  std::optional<HostId> find_host(std::string_view name) const;
  const std::string& process_name(ProcessId id) const { return processes_.at(id).info.name; }

  // The tag that binds an event to the current incarnation of a process.
  std::uint64_t incarnation_tag(ProcessId id) const;
  bool tag_is_current(std::uint64_t tag) const;

  void add_observer(LifecycleObserver observer) { observers_.push_back(std::move(observer)); }

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
  struct ProcessRecord {
    ProcessInfo info;
    ProcessFactory factory;
    std::unique_ptr<Process> instance;
  };

  void dispatch(FiredEvent& event);
  void bury(std::unique_ptr<Process> instance);

  std::uint64_t seed_;
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
  Trace trace_;
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<Network> network_;
  std::vector<std::unique_ptr<Disk>> disks_;  // by ProcessId, made on first use
  std::vector<std::unique_ptr<Cpu>> cpus_;    // by ProcessId, made on first use
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace kcsim::sim
