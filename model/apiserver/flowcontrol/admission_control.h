// The replica server's one entry point to request concurrency control: APF
// (--enable-priority-and-fairness=true, the default since 1.20) or the max-inflight
// filter, chosen at construction. Same calls either way (see admission.h); in
// max-inflight mode nothing queues, so `advance` has nothing to do and
// `next_deadline` is never.
#pragma once

#include <memory>
#include <optional>

#include "model/apiserver/flowcontrol/flow_control.h"
#include "model/apiserver/flowcontrol/max_inflight.h"

namespace kcsim::flowcontrol {

enum class AdmissionMode : std::uint8_t { kPriorityAndFairness, kMaxInflight };

class AdmissionControl {
 public:
  AdmissionControl(AdmissionMode mode, FlowControlConfig config, sim::Time now);

  Admission enqueue(const api::ApiRequest& request, sim::Time now);
  void finish(Handle handle, sim::Time now, Wakeup* out);
  sim::Time next_deadline() const;
  void advance(sim::Time now, Wakeup* out);

  AdmissionMode mode() const { return mode_; }
  // APF only (nullptr in max-inflight mode).
  FlowControl* apf() { return apf_.get(); }
  const MaxInflightFilter* max_inflight() const {
    return max_inflight_ ? &*max_inflight_ : nullptr;
  }

 private:
  AdmissionMode mode_;
  std::unique_ptr<FlowControl> apf_;
  std::optional<MaxInflightFilter> max_inflight_;
};

}  // namespace kcsim::flowcontrol
