// The replicas' metrics, under kube-apiserver's names, shared by every replica of a run
// (no replica label: a family aggregates over the replicas, as a dashboard sums them;
// label sets stay small so that 5,000 clients add no series).
//
//  apiserver_request_total{verb,resource,scope,code}  requests answered (and rejected)
//  apiserver_request_duration_seconds{verb,resource,scope}  receipt to answer (not WATCH)
//  apiserver_current_inflight_requests{request_kind}  readOnly / mutating, being served
//  apiserver_registered_watchers{resource}            open watches
//  apiserver_watch_events_total{resource}             events sent to watchers
//  apiserver_storage_objects{resource}                objects in the watch cache
//  etcd_request_duration_seconds{operation,type}      the replicas' etcd calls
//  apiserver_terminated_watchers_total{resource}      watches the server closed (slow, reinit)
//  apiserver_watch_cache_initializations_total        watch caches (re)initialised
//  apiserver_watch_cache_events_received_total        events the caches took from etcd
//  apiserver_watch_cache_events_dispatched_total      events the caches dispatched
//  apiserver_cache_list_total                         LISTs served by the caches
//  apiserver_watch_cache_consistent_read_total{resource,success,fallback}  consistent
//      LISTs (RV unset) served by the caches (fallback="false") or, after the cache
//      could not catch up within 3s, by etcd (fallback="true"); cacher.go GetList
//  apiserver_storage_list_total{resource}             LISTs read from etcd (etcd3 store)
//  apiserver_storage_list_fetched_objects_total{resource}  objects those LISTs read
// APF's metrics (apiserver_flowcontrol_*) are published by flowcontrol/ with the label
// apiserver="<replica>"; with APF off, apiserver_dropped_requests_total{request_kind}.
// Series are looked up once per (labels) and kept: the hot path is a map find.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <tuple>

#include "model/apiserver/api/wire.h"
#include "sim/metrics.h"

namespace kcsim::apiserver {

// Labels: apiserver_request_total's verb is api::to_string(verb) (GET, LIST, POST, ...),
// its resource api::resource_of(kind).resource (objects/resource.h), its scope
// scope_of(request): what the API's latency SLOs are stated by (object reads and writes
// 1s, namespace LISTs 5s, cluster LISTs 30s at p99).

// The `scope` label as kube-apiserver sets it (endpoints/metrics/metrics.go CleanScope):
// "resource" when the request names an object or is a create, else "namespace" when it
// names a namespace, else "cluster".
std::string_view scope_of(const api::ApiRequest& request);

class ApiServerMetrics {
 public:
  explicit ApiServerMetrics(sim::Metrics& metrics);

  sim::Counter& requests(const api::ApiRequest& request, api::Code code);
  sim::Histogram& duration(const api::ApiRequest& request);
  sim::Gauge& inflight(bool mutating_kind) {
    return mutating_kind ? inflight_mutating_ : inflight_read_;
  }
  sim::Gauge& watchers(api::Kind kind);
  sim::Counter& watch_events(api::Kind kind);
  sim::Counter& terminated_watchers(api::Kind kind);
  sim::Gauge& storage_objects(api::Kind kind);
  sim::Histogram& etcd_duration(std::string_view operation, api::Kind kind);
  sim::Counter& consistent_reads(api::Kind kind, bool success, bool fallback);
  sim::Counter& storage_lists(api::Kind kind);
  sim::Counter& storage_list_fetched(api::Kind kind);

  sim::Metrics& registry() { return metrics_; }

  sim::Counter& cache_initializations;
  sim::Counter& cache_events_received;
  sim::Counter& cache_events_dispatched;
  sim::Counter& cache_lists;

 private:
  sim::Metrics& metrics_;
  sim::Gauge& inflight_read_;
  sim::Gauge& inflight_mutating_;
  std::map<std::tuple<api::Verb, api::Kind, std::string_view, api::Code>, sim::Counter*> requests_;
  std::map<std::tuple<api::Verb, api::Kind, std::string_view>, sim::Histogram*> durations_;
  std::map<api::Kind, sim::Gauge*> watchers_;
  std::map<api::Kind, sim::Counter*> watch_events_;
  std::map<api::Kind, sim::Counter*> terminated_;
  std::map<api::Kind, sim::Gauge*> objects_;
  std::map<std::pair<std::string, api::Kind>, sim::Histogram*> etcd_;
  std::map<std::tuple<api::Kind, bool, bool>, sim::Counter*> consistent_reads_;
  std::map<api::Kind, sim::Counter*> storage_lists_;
  std::map<api::Kind, sim::Counter*> storage_list_fetched_;
};

}  // namespace kcsim::apiserver
