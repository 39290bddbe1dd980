#include "model/apiserver/flowcontrol/flow_control_metrics.h"

#include "sim/metric_name.h"

namespace kcsim::flowcontrol {

FlowControlMetrics::FlowControlMetrics(
    sim::Metrics& metrics, std::vector<std::pair<std::string, std::string>> extra_labels)
    : metrics_(metrics), extra_labels_(std::move(extra_labels)) {}

std::string FlowControlMetrics::name(
    std::string_view base,
    std::initializer_list<std::pair<std::string_view, std::string_view>> labels) const {
  std::vector<sim::LabelPair> all(labels.begin(), labels.end());
  for (const auto& [key, value] : extra_labels_)
    all.emplace_back(key, value);
  return sim::labeled(base, all);
}

FlowControlMetrics::FlowSeries& FlowControlMetrics::flow(std::string_view level,
                                                         std::string_view schema) {
  const std::pair<std::string, std::string> key{std::string(level), std::string(schema)};
  auto it = flows_.find(key);
  if (it != flows_.end()) return it->second;
  const std::initializer_list<std::pair<std::string_view, std::string_view>> labels = {
      {"priority_level", level}, {"flow_schema", schema}};
  FlowSeries s{};
  s.executing_requests =
      &metrics_.gauge(name("apiserver_flowcontrol_current_executing_requests", labels),
                      "Requests executing, by priority level and flow schema");
  s.executing_seats = &metrics_.gauge(name("apiserver_flowcontrol_current_executing_seats", labels),
                                      "Seats held by executing requests");
  s.inqueue_requests =
      &metrics_.gauge(name("apiserver_flowcontrol_current_inqueue_requests", labels),
                      "Requests waiting in APF queues");
  s.dispatched = &metrics_.counter(name("apiserver_flowcontrol_dispatched_requests_total", labels),
                                   "Requests dispatched (started executing)");
  s.wait_executed = &metrics_.histogram(
      name("apiserver_flowcontrol_request_wait_duration_seconds",
           {{"priority_level", level}, {"flow_schema", schema}, {"execute", "true"}}),
      "Time a request waited in its queue");
  s.wait_rejected = &metrics_.histogram(
      name("apiserver_flowcontrol_request_wait_duration_seconds",
           {{"priority_level", level}, {"flow_schema", schema}, {"execute", "false"}}),
      "Time a request waited in its queue");
  return flows_.emplace(key, s).first->second;
}

void FlowControlMetrics::set_limits(std::string_view level, int nominal_seats, int current_seats) {
  metrics_
      .gauge(name("apiserver_flowcontrol_nominal_limit_seats", {{"priority_level", level}}),
             "Nominal concurrency limit of a priority level, in seats")
      .set(nominal_seats);
  metrics_
      .gauge(name("apiserver_flowcontrol_current_limit_seats", {{"priority_level", level}}),
             "Current concurrency limit of a priority level after borrowing, in seats")
      .set(current_seats);
}

void FlowControlMetrics::queued(std::string_view level, std::string_view schema, int delta) {
  flow(level, schema).inqueue_requests->add(delta);
}

void FlowControlMetrics::dispatched(std::string_view level, std::string_view schema,
                                    std::uint32_t seats, double waited_seconds) {
  FlowSeries& s = flow(level, schema);
  s.dispatched->inc();
  s.executing_requests->inc();
  s.executing_seats->add(seats);
  s.wait_executed->record(waited_seconds);
}

void FlowControlMetrics::finished(std::string_view level, std::string_view schema,
                                  std::uint32_t seats) {
  FlowSeries& s = flow(level, schema);
  s.executing_requests->dec();
  s.executing_seats->add(-static_cast<double>(seats));
}

void FlowControlMetrics::rejected(std::string_view level, std::string_view schema,
                                  RejectReason reason, double waited_seconds) {
  metrics_
      .counter(
          name("apiserver_flowcontrol_rejected_requests_total",
               {{"priority_level", level}, {"flow_schema", schema}, {"reason", to_string(reason)}}),
          "Requests rejected by APF")
      .inc();
  flow(level, schema).wait_rejected->record(waited_seconds);
}

}  // namespace kcsim::flowcontrol
