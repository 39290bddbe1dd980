#include "sim/simulation.h"

#include <cassert>
#include <utility>

#include <spdlog/logger.h>

#include "sim/cpu.h"
#include "sim/disk.h"
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
  assert(when >= now_);
  return queue_.schedule(when, label, kKernelTag, std::move(callback));
}

TimerId Simulation::at_untraced(Time when, const Label& label, Callback callback) {
  assert(when >= now_);
  return queue_.schedule(when, label, kUntracedBit, std::move(callback));
}

TimerId Simulation::at_for(ProcessId process, Time when, const Label& label, Callback callback) {
  assert(when >= now_);
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
  dispatching_ = false;
  graveyard_.clear();
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
  ++record.info.incarnation;
  record.instance = record.factory(ProcessContext{this, id});
  logger_->info("{} started (incarnation {})", record.info.name, record.info.incarnation);
  trace_.record(
      TraceRecord{now_, TraceKind::kFault, id, kNoProcess, &kStart, record.info.incarnation});
  for (const LifecycleObserver& observer : observers_) {
    if (observer.on_start) observer.on_start(id);
  }
  // start() runs as the incarnation's first event, not inside this call: processes
  // started together (a cluster booting at time 0) are all up before any of them
  // sends, so no message is lost to the order of the start calls.
  at_for(id, now_, kBoot, [this, id] { processes_[id].instance->start(); });
}

void Simulation::crash(ProcessId id) {
  ProcessRecord& record = processes_.at(id);
  if (!record.info.up) return;
  record.info.up = false;
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
