#include "model/apiserver/server/apiserver_metrics.h"

#include <array>

#include "sim/metric_name.h"

namespace kcsim::apiserver {

std::string_view resource_of(api::Kind kind) {
  static constexpr std::array<std::string_view, api::kKindCount> kNames = {
      "namespaces",
      "nodes",
      "pods",
      "leases",
      "replicasets",
      "deployments",
      "statefulsets",
      "services",
      "endpoints",
      "endpointslices",
      "persistentvolumes",
      "persistentvolumeclaims",
      "volumeattachments",
      "events",
      "configmaps",
  };
  return kNames.at(static_cast<std::size_t>(kind));
}

std::string_view verb_label(api::Verb verb) {
  switch (verb) {
    case api::Verb::kGet:
      return "GET";
    case api::Verb::kList:
      return "LIST";
    case api::Verb::kWatch:
      return "WATCH";
    case api::Verb::kCreate:
      return "POST";
    case api::Verb::kUpdate:
      return "PUT";
    case api::Verb::kPatch:
      return "PATCH";
    case api::Verb::kDelete:
      return "DELETE";
  }
  return "UNKNOWN";
}

bool mutating(api::Verb verb) {
  return verb == api::Verb::kCreate || verb == api::Verb::kUpdate || verb == api::Verb::kPatch ||
         verb == api::Verb::kDelete;
}

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

sim::Counter& ApiServerMetrics::requests(api::Verb verb, api::Kind kind, api::Code code) {
  sim::Counter*& slot = requests_[{verb, kind, code}];
  if (slot == nullptr) {
    slot = &metrics_.counter(sim::labeled("apiserver_request_total",
                                          {{"verb", std::string(verb_label(verb))},
                                           {"resource", std::string(resource_of(kind))},
                                           {"code", std::to_string(static_cast<int>(code))}}));
  }
  return *slot;
}

sim::Histogram& ApiServerMetrics::duration(api::Verb verb, api::Kind kind) {
  sim::Histogram*& slot = durations_[{verb, kind}];
  if (slot == nullptr) {
    slot = &metrics_.histogram(sim::labeled(
        "apiserver_request_duration_seconds",
        {{"verb", std::string(verb_label(verb))}, {"resource", std::string(resource_of(kind))}}));
  }
  return *slot;
}

namespace {

template <typename T, typename Make>
T& by_kind(std::map<api::Kind, T*>& table, api::Kind kind, Make make) {
  T*& slot = table[kind];
  if (slot == nullptr) slot = &make(std::string(resource_of(kind)));
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
        "etcd_request_duration_seconds",
        {{"operation", std::string(operation)}, {"type", std::string(resource_of(kind))}}));
  }
  return *slot;
}

}  // namespace kcsim::apiserver
