#include "sim/simulation.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include <spdlog/logger.h>

#include "sim/cpu.h"
#include "sim/disk.h"
#include "sim/invariant.h"
#include "sim/log.h"
#include "sim/metrics.h"
#include "sim/network.h"

namespace kcsim::sim {
namespace {

// Tag layout: bit 63 set = the run loop does not trace the event; bits 32..62 hold
// ProcessId + 1 (0 = a kernel event); bits 0..31 the incarnation.
constexpr std::uint64_t kUntracedBit = std::uint64_t{1} << 63;
constexpr std::uint64_t kKernelTag = 0;

constexpr Label kStart{"process.start"};
constexpr Label kBoot{"process.boot"};
constexpr Label kCrash{"process.crash"};
constexpr Label kHostCrash{"host.crash"};
constexpr Label kHostRestart{"host.restart"};
constexpr Label kExit{"process.exit"};
constexpr Label kNoHandler{"net.drop.no_handler"};

ProcessId tag_process(std::uint64_t tag) {
  return static_cast<ProcessId>(((tag & ~kUntracedBit) >> 32) - 1);
}

}  // namespace

Simulation::Simulation(std::uint64_t seed)
    : seed_(seed),
      trace_([this](ProcessId id) { return processes_.at(id).info.name; }),
      metrics_(std::make_unique<Metrics>()),
      network_(std::make_unique<Network>(*this, NetworkSpec{})),
      logger_(make_virtual_time_logger("kcsim", &now_)) {}

Simulation::~Simulation() = default;

TimerId Simulation::at(Time when, const Label& label, Callback callback) {
  KCSIM_ASSERT_MSG(when >= now_, "an event scheduled in the past");
  return queue_.schedule(when, label, kKernelTag, std::move(callback));
}

TimerId Simulation::at_untraced(Time when, const Label& label, Callback callback) {
  KCSIM_ASSERT_MSG(when >= now_, "an event scheduled in the past");
  return queue_.schedule(when, label, kUntracedBit, std::move(callback));
}

TimerId Simulation::at_for(ProcessId process, Time when, const Label& label, Callback callback) {
  KCSIM_ASSERT_MSG(when >= now_, "an event scheduled in the past");
  return queue_.schedule(when, label, incarnation_tag(process), std::move(callback));
}

std::uint64_t Simulation::incarnation_tag(ProcessId id) const {
  return (static_cast<std::uint64_t>(id) + 1) << 32 | processes_.at(id).info.incarnation;
}

bool Simulation::tag_is_current(std::uint64_t tag) const {
  const std::uint64_t bare = tag & ~kUntracedBit;
  if (bare == kKernelTag) return true;
  const ProcessInfo& info = processes_[tag_process(tag)].info;
  return info.up && info.incarnation == static_cast<std::uint32_t>(bare);
}

void Simulation::run_until(Time end) {
  stop_requested_ = false;
  while (!stop_requested_ && queue_.next_time() <= end) {
    queue_.pop(current_);
    now_ = current_.at;
    dispatch(current_);
  }
  if (!stop_requested_ && now_ < end) now_ = end;
}

void Simulation::dispatch(FiredEvent& event) {
  if (!tag_is_current(event.tag)) {
    event.callback.reset();
    return;
  }
  ++events_dispatched_;
  if ((event.tag & kUntracedBit) == 0) {
    const ProcessId actor = event.tag == kKernelTag ? kNoProcess : tag_process(event.tag);
    trace_.record(TraceRecord{now_, TraceKind::kTimer, actor, kNoProcess, event.label, 0});
  }
  dispatching_ = true;
  event.callback();
  event.callback.reset();
  // Processes that called exit() during the event end now, after their code returned.
  for (std::size_t i = 0; i < exiting_.size(); ++i)
    crash(exiting_[i]);
  exiting_.clear();
  dispatching_ = false;
  graveyard_.clear();
}

void Simulation::exit_at_end_of_event(ProcessId id) {
  ProcessInfo& info = processes_.at(id).info;
  if (!info.up || info.exiting) return;
  KCSIM_ASSERT_MSG(dispatching_, "a process exits from one of its own events");
  info.exiting = true;
  trace_.record(TraceRecord{now_, TraceKind::kFault, id, kNoProcess, &kExit, info.incarnation});
  exiting_.push_back(id);
}

Time Simulation::local_now(ProcessId id) const {
  const ClockSpec& clock = processes_.at(id).info.clock;
  if (clock.drift == 0) return clock.offset + now_;
  return clock.offset + now_ + std::llround(static_cast<double>(now_) * clock.drift);
}

Time Simulation::true_delay(ProcessId id, Time local_delay) const {
  const double drift = processes_.at(id).info.clock.drift;
  if (drift == 0) return local_delay;
  return std::llround(static_cast<double>(local_delay) / (1 + drift));
}

Rng Simulation::process_rng(ProcessId id, std::string_view stream) const {
  const ProcessInfo& info = processes_.at(id).info;
  std::string name = info.name;
  if (info.incarnation > 1) name += "#" + std::to_string(info.incarnation);
  name += "/";
  name += stream;
  return rng(name);
}

void deliver_to_handler(Simulation& simulation, ProcessId from, ProcessId to,
                        std::uint64_t port_key, const void* tag, void* message) {
  Process* process = simulation.processes_.at(to).instance.get();
  KCSIM_ASSERT_MSG(process != nullptr, "a message delivered to a process that is down");
  HandlerBase* handler = process->handler(port_key);
  if (handler == nullptr || simulation.processes_[to].info.exiting) {
    simulation.trace_.record(
        TraceRecord{simulation.now_, TraceKind::kDrop, to, from, &kNoHandler, port_key});
    return;
  }
  KCSIM_ASSERT_MSG(handler->tag() == tag, "a port's handler takes another message type");
  handler->invoke(from, message);
}

HostId Simulation::add_host(std::string name, std::string zone) {
  const auto id = static_cast<HostId>(hosts_.size());
  hosts_.push_back(HostInfo{std::move(name), std::move(zone), true, {}});
  network_->on_host_added(id);
  return id;
}

ProcessId Simulation::add_process(std::string name, HostId host, ProcessFactory factory) {
  const auto id = static_cast<ProcessId>(processes_.size());
  ProcessRecord record;
  record.info.name = std::move(name);
  record.info.host = host;
  record.factory = std::move(factory);
  processes_.push_back(std::move(record));
  hosts_.at(host).processes.push_back(id);
  return id;
}

void Simulation::start(ProcessId id) {
  ProcessRecord& record = processes_.at(id);
  if (record.info.up || !hosts_.at(record.info.host).up) return;
  record.info.up = true;
  record.info.booted = false;
  record.info.exiting = false;
  ++record.info.incarnation;
  record.instance = record.factory(ProcessContext(this, id));
  logger_->info("{} started (incarnation {})", record.info.name, record.info.incarnation);
  trace_.record(
      TraceRecord{now_, TraceKind::kFault, id, kNoProcess, &kStart, record.info.incarnation});
  for (const LifecycleObserver& observer : observers_) {
    if (observer.on_start) observer.on_start(id);
  }
  // start() runs as the incarnation's first event, not inside this call: processes
  // started together (a cluster booting at time 0) are all up before any of them
  // sends, so no message is lost to the order of the start calls.
  // The boot, after the process's start-up time: from a stream of its own incarnation.
  Rng boot_rng = process_rng(id, "start");
  const Time delay = std::max<Time>(0, record.info.start_delay.sample_duration(boot_rng));
  at_for(id, now_ + delay, kBoot, [this, id] {
    processes_[id].info.booted = true;
    processes_[id].instance->start();
  });
}

void Simulation::crash(ProcessId id) {
  ProcessRecord& record = processes_.at(id);
  if (!record.info.up) return;
  record.info.up = false;
  record.info.booted = false;
  ++record.info.crashes;
  logger_->info("{} crashed (incarnation {})", record.info.name, record.info.incarnation);
  trace_.record(
      TraceRecord{now_, TraceKind::kFault, id, kNoProcess, &kCrash, record.info.incarnation});
  if (id < disks_.size() && disks_[id]) disks_[id]->on_crash();
  if (id < cpus_.size() && cpus_[id]) cpus_[id]->on_crash();
  record.instance->on_crash();
  bury(std::move(record.instance));
  network_->on_process_crash(id);
  for (const LifecycleObserver& observer : observers_) {
    if (observer.on_crash) observer.on_crash(id);
  }
}

void Simulation::bury(std::unique_ptr<Process> instance) {
  // A process may be crashed from inside one of its own events: keep the object alive
  // until that event returns.
  if (dispatching_) {
    graveyard_.push_back(std::move(instance));
  }
}

void Simulation::restart(ProcessId id) {
  crash(id);
  start(id);
}

void Simulation::crash_host(HostId id) {
  HostInfo& host = hosts_.at(id);
  if (!host.up) return;
  trace_.record(TraceRecord{now_, TraceKind::kFault, kNoProcess, kNoProcess, &kHostCrash, id});
  // Down first: the processes die with their host, which resets none of their streams.
  host.up = false;
  for (ProcessId process : host.processes)
    crash(process);
}

void Simulation::restart_host(HostId id) {
  HostInfo& host = hosts_.at(id);
  if (host.up) return;
  host.up = true;
  trace_.record(TraceRecord{now_, TraceKind::kFault, kNoProcess, kNoProcess, &kHostRestart, id});
  for (ProcessId process : host.processes)
    start(process);
}

std::optional<ProcessId> Simulation::find_process(std::string_view name) const {
  for (std::size_t i = 0; i < processes_.size(); ++i) {
    if (processes_[i].info.name == name) return static_cast<ProcessId>(i);
  }
  return std::nullopt;
}

std::optional<HostId> Simulation::find_host(std::string_view name) const {
  for (std::size_t i = 0; i < hosts_.size(); ++i) {
    if (hosts_[i].name == name) return static_cast<HostId>(i);
  }
  return std::nullopt;
}

Disk& Simulation::disk(ProcessId process) {
  if (disks_.size() <= process) disks_.resize(process + 1);
  if (!disks_[process]) disks_[process] = std::make_unique<Disk>(*this, process, DiskSpec{});
  return *disks_[process];
}

Cpu& Simulation::cpu(ProcessId process) {
  if (cpus_.size() <= process) cpus_.resize(process + 1);
  if (!cpus_[process]) cpus_[process] = std::make_unique<Cpu>(*this, process, CpuSpec{});
  return *cpus_[process];
}

void Simulation::set_log_level(std::string_view level) {
  logger_->set_level(spdlog::level::from_str(std::string(level)));
}

void Simulation::note(TraceKind kind, const Label& label, ProcessId actor, std::uint64_t detail,
                      ProcessId peer) {
  trace_.record(TraceRecord{now_, kind, actor, peer, &label, detail});
}

}  // namespace kcsim::sim
