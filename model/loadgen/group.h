// What the processes of one client group share: its settings, its verb mix, where the
// replicas are, and its metrics.
//
// Metrics (in the run's sim::Metrics, labelled by group):
//  - loadgen_requests_total{group,verb,code}: requests ended, by final code ("<error>"
//    for a transport error); loadgen_request_duration_seconds{group,verb}: their latency
//    as the caller sees it (client-side throttling and retries included);
//  - loadgen_arrivals_total{group}: requests offered (open loop: every arrival; closed:
//    every request sent), loadgen_dropped_total{group}: arrivals dropped at the
//    in-flight bound, loadgen_completed_total{group}: requests answered 2xx. Offered
//    rate = arrivals / time; achieved = completed / time. loadgen_in_flight{group}:
//    requests a group's clients hold now;
//  - list-watch clients: loadgen_relists_total{group}, loadgen_watch_resumes_total
//    {group}, loadgen_watch_events_total{group}.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "model/apiserver/objects/kinds.h"
#include "model/client/api_client.h"
#include "model/client/client_metrics.h"
#include "model/client/errors.h"
#include "model/client/load_balancer.h"
#include "model/loadgen/loadgen_spec.h"
#include "model/loadgen/verb_mix.h"
#include "sim/metrics.h"

namespace kcsim::loadgen {

class GroupMetrics {
 public:
  GroupMetrics(sim::Metrics& metrics, const std::string& group);

  void request_done(api::Verb verb, const client::Status& status, sim::Time latency);

  sim::Counter& arrivals;
  sim::Counter& dropped;
  sim::Counter& completed;
  sim::Gauge& in_flight;
  sim::Counter& relists;
  sim::Counter& resumes;
  sim::Counter& watch_events;

 private:
  sim::Metrics& metrics_;
  std::string group_;
  std::map<std::string, sim::Counter*, std::less<>> requests_;     // by verb and code
  std::map<std::string, sim::Histogram*, std::less<>> durations_;  // by verb
};

struct GroupContext {
  GroupContext(const ClientGroupSpec& group_spec, api::Kind group_kind,
               std::vector<sim::ProcessId> replica_ids, client::BalancerMode balancer_mode,
               std::shared_ptr<client::ClientMetrics> rest_metrics, sim::Metrics& metrics)
      : spec(group_spec),
        kind(group_kind),
        mix(group_spec.verbs),
        replicas(std::move(replica_ids)),
        mode(balancer_mode),
        client_metrics(std::move(rest_metrics)),
        group_metrics(metrics, group_spec.name) {}

  client::LoadBalancer balancer() const {
    return client::LoadBalancer(replicas, mode, "kubernetes");
  }
  client::ClientConfig client_config() const;

  ClientGroupSpec spec;
  api::Kind kind;
  VerbMix mix;
  std::vector<sim::ProcessId> replicas;
  client::BalancerMode mode;
  std::shared_ptr<client::ClientMetrics> client_metrics;
  GroupMetrics group_metrics;
};

}  // namespace kcsim::loadgen
