#include "model/apiserver/server/request_gate.h"

#include "model/apiserver/flowcontrol/flow_control.h"
#include "model/apiserver/flowcontrol/flow_control_metrics.h"
#include "model/apiserver/flowcontrol/max_inflight.h"
#include "sim/invariant.h"
#include "sim/metric_name.h"

namespace kcsim::apiserver {
namespace {

// Tickets <-> the filter's handles, for the requests the filter knows.
class Handles {
 public:
  void bind(std::uint64_t ticket, flowcontrol::Handle handle) {
    handle_of_[ticket] = handle;
    ticket_of_[handle] = ticket;
  }
  std::optional<flowcontrol::Handle> release(std::uint64_t ticket) {
    const auto it = handle_of_.find(ticket);
    if (it == handle_of_.end()) return std::nullopt;
    const flowcontrol::Handle handle = it->second;
    handle_of_.erase(it);
    ticket_of_.erase(handle);
    return handle;
  }
  std::uint64_t ticket(flowcontrol::Handle handle) const { return ticket_of_.at(handle); }

 private:
  std::map<std::uint64_t, flowcontrol::Handle> handle_of_;
  std::map<flowcontrol::Handle, std::uint64_t> ticket_of_;
};

class ApfGate final : public RequestGate {
 public:
  ApfGate(const ApiServerConfig& config, sim::Time now, sim::Metrics& metrics,
          const std::string& replica)
      : control_(flow_config(config), now), metrics_(metrics, {{"apiserver", replica}}) {
    control_.attach_metrics(&metrics_);
  }
  ~ApfGate() override { control_.attach_metrics(nullptr); }

  Decision admit(std::uint64_t ticket, const api::ApiRequest& request, sim::Time now) override {
    const flowcontrol::Admission admission = control_.enqueue(request, now);
    switch (admission.outcome) {
      case flowcontrol::Admission::Outcome::kRejected:
        return {Outcome::kRejected, admission.retry_after_seconds};
      case flowcontrol::Admission::Outcome::kQueued:
        handles_.bind(ticket, admission.handle);
        return {Outcome::kQueued, 0};
      case flowcontrol::Admission::Outcome::kExecute:
        handles_.bind(ticket, admission.handle);
        return {Outcome::kExecute, 0};
    }
    return {Outcome::kRejected, 1};
  }

  void finish(std::uint64_t ticket, sim::Time now) override {
    const std::optional<flowcontrol::Handle> handle = handles_.release(ticket);
    if (!handle) return;
    flowcontrol::Wakeup wakeup;
    control_.finish(*handle, now, &wakeup);
    take(wakeup);
  }

  void advance(sim::Time now) override {
    flowcontrol::Wakeup wakeup;
    control_.advance(now, &wakeup);
    take(wakeup);
  }

  sim::Time next_event() const override { return control_.next_deadline(); }
  void set_object_count(api::Kind kind, std::int64_t count) override {
    control_.set_object_count(kind, count);
  }
  std::uint64_t register_watch(const api::ApiRequest& watch) override {
    return control_.register_watch(watch);
  }
  void forget_watch(std::uint64_t token) override { control_.forget_watch(token); }

 private:
  static flowcontrol::FlowControlConfig flow_config(const ApiServerConfig& config) {
    flowcontrol::FlowControlConfig flow;
    flow.max_requests_inflight = static_cast<int>(config.max_requests_inflight);
    flow.max_mutating_requests_inflight = static_cast<int>(config.max_mutating_requests_inflight);
    flow.request_timeout = config.request_timeout;
    return flow;
  }

  void take(const flowcontrol::Wakeup& wakeup) {
    for (const flowcontrol::TimedOut& t : wakeup.timed_out) {
      const std::uint64_t ticket = handles_.ticket(t.handle);
      handles_.release(ticket);
      timed_out_.push_back({ticket, t.retry_after_seconds});
    }
    for (flowcontrol::Handle handle : wakeup.dispatched)
      dispatched_.push_back(handles_.ticket(handle));
  }

  flowcontrol::FlowControl control_;
  flowcontrol::FlowControlMetrics metrics_;
  Handles handles_;
};

class MaxInflightGate final : public RequestGate {
 public:
  MaxInflightGate(const ApiServerConfig& config, sim::Metrics& metrics)
      : filter_({static_cast<int>(config.max_requests_inflight),
                 static_cast<int>(config.max_mutating_requests_inflight)}),
        dropped_read_(metrics.counter(
            sim::labeled("apiserver_dropped_requests_total", {{"request_kind", "readOnly"}}))),
        dropped_mutating_(metrics.counter(
            sim::labeled("apiserver_dropped_requests_total", {{"request_kind", "mutating"}}))) {}

  Decision admit(std::uint64_t ticket, const api::ApiRequest& request, sim::Time) override {
    const flowcontrol::Admission admission = filter_.admit(request);
    if (admission.outcome == flowcontrol::Admission::Outcome::kRejected) {
      (api::is_mutating(request.verb) ? dropped_mutating_ : dropped_read_).inc();
      return {Outcome::kRejected, admission.retry_after_seconds};
    }
    handles_.bind(ticket, admission.handle);
    return {Outcome::kExecute, 0};
  }
  void finish(std::uint64_t ticket, sim::Time) override {
    if (const std::optional<flowcontrol::Handle> handle = handles_.release(ticket)) {
      filter_.finish(*handle);
    }
  }
  void advance(sim::Time) override {}
  sim::Time next_event() const override { return sim::kTimeNever; }

 private:
  flowcontrol::MaxInflightFilter filter_;
  Handles handles_;
  sim::Counter& dropped_read_;
  sim::Counter& dropped_mutating_;
};

}  // namespace

std::unique_ptr<RequestGate> make_request_gate(const ApiServerConfig& config, sim::Time now,
                                               sim::Metrics& metrics, const std::string& replica) {
  if (config.enable_priority_and_fairness) {
    return std::make_unique<ApfGate>(config, now, metrics, replica);
  }
  return std::make_unique<MaxInflightGate>(config, metrics);
}

}  // namespace kcsim::apiserver
