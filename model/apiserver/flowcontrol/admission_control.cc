#include "model/apiserver/flowcontrol/admission_control.h"

namespace kcsim::flowcontrol {

AdmissionControl::AdmissionControl(AdmissionMode mode, FlowControlConfig config, sim::Time now)
    : mode_(mode) {
  if (mode == AdmissionMode::kPriorityAndFairness) {
    apf_ = std::make_unique<FlowControl>(std::move(config), now);
  } else {
    max_inflight_.emplace(
        MaxInflightConfig{config.max_requests_inflight, config.max_mutating_requests_inflight});
  }
}

Admission AdmissionControl::enqueue(const api::ApiRequest& request, sim::Time now) {
  if (apf_) return apf_->enqueue(request, now);
  return max_inflight_->admit(request);
}

void AdmissionControl::finish(Handle handle, sim::Time now, Wakeup* out) {
  if (apf_) {
    apf_->finish(handle, now, out);
    return;
  }
  max_inflight_->finish(handle);
}

sim::Time AdmissionControl::next_deadline() const {
  return apf_ ? apf_->next_deadline() : sim::kTimeNever;
}

void AdmissionControl::advance(sim::Time now, Wakeup* out) {
  if (apf_) apf_->advance(now, out);
}

}  // namespace kcsim::flowcontrol
