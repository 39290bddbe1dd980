// client-go's REST client metrics (k8s.io/client-go/tools/metrics, registered by
// component-base/metrics/prometheus/restclient), in the run's sim::Metrics:
//  - rest_client_requests_total{code,method,host}: the final result of each request
//    (code "<error>" for a transport error), method the HTTP method (a list is GET);
//  - rest_client_request_retries_total{code,verb,host}: each retried attempt;
//  - rest_client_request_duration_seconds{verb,host}: a request from its call to its
//    end, client-side throttling and retries included (request.go: request());
//  - rest_client_rate_limiter_duration_seconds{verb,host}: the wait for a token.
//
// Contract: series are looked up once per label set and kept (sim::Metrics' references
// are stable); one object may serve every client of a run.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "sim/metrics.h"
#include "sim/time.h"

namespace kcsim::client {

class ClientMetrics {
 public:
  explicit ClientMetrics(sim::Metrics& metrics) : metrics_(metrics) {}

  void request_done(std::string_view code, std::string_view method, std::string_view host);
  void retry(std::string_view code, std::string_view method, std::string_view host);
  void request_latency(std::string_view method, std::string_view host, sim::Time latency);
  void rate_limiter_wait(std::string_view method, std::string_view host, sim::Time wait);

 private:
  sim::Counter& counter(const std::string& name);
  sim::Histogram& histogram(const std::string& name);

  sim::Metrics& metrics_;
  std::map<std::string, sim::Counter*, std::less<>> counters_;
  std::map<std::string, sim::Histogram*, std::less<>> histograms_;
};

}  // namespace kcsim::client
