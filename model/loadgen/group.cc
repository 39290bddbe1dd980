#include "model/loadgen/group.h"

#include "sim/metric_name.h"

namespace kcsim::loadgen {

GroupMetrics::GroupMetrics(sim::Metrics& metrics, const std::string& group)
    : arrivals(metrics.counter(sim::labeled("loadgen_arrivals_total", {{"group", group}}))),
      dropped(metrics.counter(sim::labeled("loadgen_dropped_total", {{"group", group}}))),
      completed(metrics.counter(sim::labeled("loadgen_completed_total", {{"group", group}}))),
      in_flight(metrics.gauge(sim::labeled("loadgen_in_flight", {{"group", group}}))),
      relists(metrics.counter(sim::labeled("loadgen_relists_total", {{"group", group}}))),
      resumes(metrics.counter(sim::labeled("loadgen_watch_resumes_total", {{"group", group}}))),
      watch_events(metrics.counter(sim::labeled("loadgen_watch_events_total", {{"group", group}}))),
      metrics_(metrics),
      group_(group) {}

void GroupMetrics::request_done(api::Verb verb, const client::Status& status, sim::Time latency) {
  const std::string_view verb_text = api::verb_name(verb);
  const std::string code = status.code_label();
  const std::string name = sim::labeled("loadgen_requests_total",
                                        {{"group", group_}, {"verb", verb_text}, {"code", code}});
  auto counter = requests_.find(name);
  if (counter == requests_.end()) {
    counter = requests_.emplace(name, &metrics_.counter(name)).first;
  }
  counter->second->inc();
  auto histogram = durations_.find(verb_text);
  if (histogram == durations_.end()) {
    const std::string histogram_name =
        sim::labeled("loadgen_request_duration_seconds", {{"group", group_}, {"verb", verb_text}});
    histogram =
        durations_.emplace(std::string(verb_text), &metrics_.histogram(histogram_name)).first;
  }
  histogram->second->record(sim::to_seconds(latency));
  if (status.ok()) completed.inc();
}

client::ClientConfig GroupContext::client_config() const {
  client::ClientConfig config;
  config.qps = spec.qps;
  config.burst = static_cast<std::uint32_t>(spec.burst);
  config.timeout = spec.timeout;
  config.user.name = spec.user.name;
  config.user.groups = spec.user.groups;
  config.user.user_agent = "kcsim-loadgen/" + spec.name;
  return config;
}

}  // namespace kcsim::loadgen
