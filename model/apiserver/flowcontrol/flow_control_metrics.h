// The APF metrics of one replica, under kube-apiserver's names, in a sim::Metrics.
//
// Source: staging/src/k8s.io/apiserver/pkg/util/flowcontrol/metrics/metrics.go.
//   apiserver_flowcontrol_current_executing_requests{priority_level,flow_schema}  gauge
//   apiserver_flowcontrol_current_executing_seats{priority_level,flow_schema}     gauge
//   apiserver_flowcontrol_current_inqueue_requests{priority_level,flow_schema}    gauge
//   apiserver_flowcontrol_rejected_requests_total{priority_level,flow_schema,reason} counter
//   apiserver_flowcontrol_dispatched_requests_total{priority_level,flow_schema}   counter
//   apiserver_flowcontrol_request_wait_duration_seconds{priority_level,flow_schema,execute}
//                                                                                 histogram
//   apiserver_flowcontrol_nominal_limit_seats{priority_level}                     gauge
//   apiserver_flowcontrol_current_limit_seats{priority_level}                     gauge
// Every series also carries the `extra_labels` given (e.g. {"apiserver", "apiserver-0"}),
// so that replicas sharing one registry stay apart. Series are created on first use and
// looked up once (the registry's references are stable).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/apiserver/flowcontrol/admission.h"
#include "sim/metrics.h"

namespace kcsim::flowcontrol {

class FlowControlMetrics {
 public:
  FlowControlMetrics(sim::Metrics& metrics,
                     std::vector<std::pair<std::string, std::string>> extra_labels);

  void set_limits(std::string_view level, int nominal_seats, int current_seats);
  void queued(std::string_view level, std::string_view schema, int delta);
  void dispatched(std::string_view level, std::string_view schema, std::uint32_t seats,
                  double waited_seconds);
  void finished(std::string_view level, std::string_view schema, std::uint32_t seats);
  void rejected(std::string_view level, std::string_view schema, RejectReason reason,
                double waited_seconds);

 private:
  struct FlowSeries {
    sim::Gauge* executing_requests;
    sim::Gauge* executing_seats;
    sim::Gauge* inqueue_requests;
    sim::Counter* dispatched;
    sim::Histogram* wait_executed;
    sim::Histogram* wait_rejected;
  };
  FlowSeries& flow(std::string_view level, std::string_view schema);
  std::string name(
      std::string_view base,
      std::initializer_list<std::pair<std::string_view, std::string_view>> labels) const;

  sim::Metrics& metrics_;
  std::vector<std::pair<std::string, std::string>> extra_labels_;
  std::map<std::pair<std::string, std::string>, FlowSeries, std::less<>> flows_;
};

}  // namespace kcsim::flowcontrol
