#include "model/client/client_metrics.h"

#include "sim/metric_name.h"

namespace kcsim::client {

sim::Counter& ClientMetrics::counter(const std::string& name) {
  auto it = counters_.find(name);
  if (it == counters_.end()) it = counters_.emplace(name, &metrics_.counter(name)).first;
  return *it->second;
}

sim::Histogram& ClientMetrics::histogram(const std::string& name) {
  auto it = histograms_.find(name);
  if (it == histograms_.end()) it = histograms_.emplace(name, &metrics_.histogram(name)).first;
  return *it->second;
}

void ClientMetrics::request_done(std::string_view code, std::string_view method,
                                 std::string_view host) {
  counter(sim::labeled("rest_client_requests_total",
                       {{"code", code}, {"method", method}, {"host", host}}))
      .inc();
}

void ClientMetrics::retry(std::string_view code, std::string_view method, std::string_view host) {
  counter(sim::labeled("rest_client_request_retries_total",
                       {{"code", code}, {"verb", method}, {"host", host}}))
      .inc();
}

void ClientMetrics::request_latency(std::string_view method, std::string_view host,
                                    sim::Time latency) {
  histogram(
      sim::labeled("rest_client_request_duration_seconds", {{"verb", method}, {"host", host}}))
      .record(sim::to_seconds(latency));
}

void ClientMetrics::rate_limiter_wait(std::string_view method, std::string_view host,
                                      sim::Time wait) {
  histogram(
      sim::labeled("rest_client_rate_limiter_duration_seconds", {{"verb", method}, {"host", host}}))
      .record(sim::to_seconds(wait));
}

}  // namespace kcsim::client
