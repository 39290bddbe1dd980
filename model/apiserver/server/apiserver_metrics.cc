#include "model/apiserver/server/apiserver_metrics.h"

#include <array>

#include "model/apiserver/objects/resource.h"
#include "sim/metric_name.h"

namespace kcsim::apiserver {

ApiServerMetrics::ApiServerMetrics(sim::Metrics& metrics)
    : cache_initializations(metrics.counter("apiserver_watch_cache_initializations_total",
                                            "watch caches (re)initialised")),
      cache_events_received(metrics.counter("apiserver_watch_cache_events_received_total",
                                            "events the watch caches took from etcd")),
      cache_events_dispatched(metrics.counter("apiserver_watch_cache_events_dispatched_total",
                                              "events the watch caches dispatched")),
      cache_lists(metrics.counter("apiserver_cache_list_total", "LISTs served by the caches")),
      metrics_(metrics),
      inflight_read_(metrics.gauge(
          sim::labeled("apiserver_current_inflight_requests", {{"request_kind", "readOnly"}}))),
      inflight_mutating_(metrics.gauge(
          sim::labeled("apiserver_current_inflight_requests", {{"request_kind", "mutating"}}))) {}

std::string_view scope_of(const api::ApiRequest& request) {
  if (!request.name.empty() || request.verb == api::Verb::kCreate) return "resource";
  if (!request.namespace_.empty()) return "namespace";
  return "cluster";
}

sim::Counter& ApiServerMetrics::requests(const api::ApiRequest& request, api::Code code) {
  const std::string_view scope = scope_of(request);
  sim::Counter*& slot = requests_[{request.verb, request.kind, scope, code}];
  if (slot == nullptr) {
    slot = &metrics_.counter(
        sim::labeled("apiserver_request_total",
                     {{"verb", std::string(api::to_string(request.verb))},
                      {"resource", std::string(api::resource_of(request.kind).resource)},
                      {"scope", std::string(scope)},
                      {"code", std::to_string(static_cast<int>(code))}}));
  }
  return *slot;
}

sim::Histogram& ApiServerMetrics::duration(const api::ApiRequest& request) {
  const std::string_view scope = scope_of(request);
  sim::Histogram*& slot = durations_[{request.verb, request.kind, scope}];
  if (slot == nullptr) {
    slot = &metrics_.histogram(
        sim::labeled("apiserver_request_duration_seconds",
                     {{"verb", std::string(api::to_string(request.verb))},
                      {"resource", std::string(api::resource_of(request.kind).resource)},
                      {"scope", std::string(scope)}}));
  }
  return *slot;
}

namespace {

template <typename T, typename Make>
T& by_kind(std::map<api::Kind, T*>& table, api::Kind kind, Make make) {
  T*& slot = table[kind];
  if (slot == nullptr) slot = &make(std::string(api::resource_of(kind).resource));
  return *slot;
}

}  // namespace

sim::Gauge& ApiServerMetrics::watchers(api::Kind kind) {
  return by_kind(watchers_, kind, [this](const std::string& r) -> sim::Gauge& {
    return metrics_.gauge(sim::labeled("apiserver_registered_watchers", {{"resource", r}}));
  });
}

sim::Counter& ApiServerMetrics::watch_events(api::Kind kind) {
  return by_kind(watch_events_, kind, [this](const std::string& r) -> sim::Counter& {
    return metrics_.counter(sim::labeled("apiserver_watch_events_total", {{"resource", r}}));
  });
}

sim::Counter& ApiServerMetrics::terminated_watchers(api::Kind kind) {
  return by_kind(terminated_, kind, [this](const std::string& r) -> sim::Counter& {
    return metrics_.counter(sim::labeled("apiserver_terminated_watchers_total", {{"resource", r}}));
  });
}

sim::Gauge& ApiServerMetrics::storage_objects(api::Kind kind) {
  return by_kind(objects_, kind, [this](const std::string& r) -> sim::Gauge& {
    return metrics_.gauge(sim::labeled("apiserver_storage_objects", {{"resource", r}}));
  });
}

sim::Histogram& ApiServerMetrics::etcd_duration(std::string_view operation, api::Kind kind) {
  sim::Histogram*& slot = etcd_[{std::string(operation), kind}];
  if (slot == nullptr) {
    slot = &metrics_.histogram(sim::labeled(
        "etcd_request_duration_seconds", {{"operation", std::string(operation)},
                                          {"type", std::string(api::resource_of(kind).resource)}}));
  }
  return *slot;
}

sim::Counter& ApiServerMetrics::consistent_reads(api::Kind kind, bool success, bool fallback) {
  sim::Counter*& slot = consistent_reads_[{kind, success, fallback}];
  if (slot == nullptr) {
    slot =
        &metrics_.counter(sim::labeled("apiserver_watch_cache_consistent_read_total",
                                       {{"resource", std::string(api::resource_of(kind).resource)},
                                        {"success", success ? "true" : "false"},
                                        {"fallback", fallback ? "true" : "false"}}));
  }
  return *slot;
}

sim::Counter& ApiServerMetrics::storage_lists(api::Kind kind) {
  return by_kind(storage_lists_, kind, [this](const std::string& r) -> sim::Counter& {
    return metrics_.counter(sim::labeled("apiserver_storage_list_total", {{"resource", r}}));
  });
}

sim::Counter& ApiServerMetrics::storage_list_fetched(api::Kind kind) {
  return by_kind(storage_list_fetched_, kind, [this](const std::string& r) -> sim::Counter& {
    return metrics_.counter(
        sim::labeled("apiserver_storage_list_fetched_objects_total", {{"resource", r}}));
  });
}

}  // namespace kcsim::apiserver
