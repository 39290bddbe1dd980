#include "sim/process.h"

#include <algorithm>

#include "sim/cpu.h"
#include "sim/disk.h"
#include "sim/network.h"
#include "sim/simulation.h"

namespace kcsim::sim {

const std::string& ProcessContext::name() const {
  return simulation_->process_name(id_);
}

std::uint32_t ProcessContext::incarnation() const {
  return simulation_->process_info(id_).incarnation;
}

Time ProcessContext::now() const {
  return simulation_->now();
}

Time ProcessContext::local_now() const {
  return simulation_->local_now(id_);
}

TimerId ProcessContext::after(Time delay, const Label& label, Callback callback) {
  if (exiting()) return TimerId{};
  return simulation_->at_for(id_, simulation_->now() + simulation_->true_delay(id_, delay), label,
                             std::move(callback));
}

bool ProcessContext::cancel(TimerId id) {
  return simulation_->cancel(id);
}

void ProcessContext::send_erased(ProcessId to, std::uint64_t size_bytes, const Label& label,
                                 Callback delivery, StreamId stream) {
  Network& network = simulation_->network();
  if (stream == kNoStream) {
    network.send(id_, to, size_bytes, label, std::move(delivery));
  } else {
    network.send_on_stream(stream, id_, to, size_bytes, label, std::move(delivery));
  }
}

StreamId ProcessContext::open_stream(ProcessId server) {
  return simulation_->network().open_stream(id_, server);
}

void ProcessContext::on_stream_closed(StreamId stream, Callback callback) {
  simulation_->network().on_stream_closed(stream, id_, std::move(callback));
}

void ProcessContext::close_stream(StreamId stream) {
  simulation_->network().close_stream(stream, id_);
}

bool ProcessContext::stream_open(StreamId stream) const {
  return simulation_->network().stream_open(stream);
}

bool ProcessContext::connection_refused(ProcessId peer) const {
  const ProcessInfo& info = simulation_->process_info(peer);
  return simulation_->host(info.host).up && !(info.up && info.booted);
}

bool ProcessContext::answers_dial(ProcessId peer) const {
  const ProcessInfo& info = simulation_->process_info(peer);
  const HostId host = simulation_->process_info(id_).host;
  return info.up && info.booted && !simulation_->network().blocked(host, info.host) &&
         !simulation_->network().blocked(info.host, host);
}

Disk& ProcessContext::disk() {
  return simulation_->disk(id_);
}

Cpu& ProcessContext::cpu() {
  return simulation_->cpu(id_);
}

Rng ProcessContext::rng(std::string_view stream) const {
  return simulation_->process_rng(id_, stream);
}

spdlog::logger& ProcessContext::log() const {
  return simulation_->log();
}

void ProcessContext::note(TraceKind kind, const Label& label, std::uint64_t detail,
                          ProcessId peer) const {
  simulation_->note(kind, label, id_, detail, peer);
}

void ProcessContext::exit() {
  simulation_->exit_at_end_of_event(id_);
}

bool ProcessContext::exiting() const {
  return simulation_->process_info(id_).exiting;
}

Mailroom& ProcessContext::mailroom() const {
  return simulation_->mailroom();
}

HandlerBase* Process::handler(std::uint64_t port_key) const {
  for (const auto& [key, handler] : handlers_) {
    if (key == port_key) return handler.get();
  }
  return nullptr;
}

void Process::set_handler(std::uint64_t key, std::unique_ptr<HandlerBase> handler) {
  for (auto& [existing, slot] : handlers_) {
    if (existing == key) {
      slot = std::move(handler);
      return;
    }
  }
  handlers_.emplace_back(key, std::move(handler));
}

}  // namespace kcsim::sim
