#include "model/etcd/component/etcd_digest.h"

#include "model/etcd/member/etcd_client.h"
#include "model/runner/load_rates.h"
#include "model/scenario/human_value.h"

namespace kcsim::etcd {
namespace {

std::string count_text(double value) {
  return scenario::format_number(value);
}

// "p50 2.1ms, p99 21.9ms, max 103ms" of a histogram, or "" when empty.
std::string latency(const sim::Metrics& metrics, std::string_view series) {
  const std::string name(series);
  const std::optional<double> count = metrics.query(name + ".count");
  if (!count || *count == 0) return "";
  return "p50 " + scenario::format_seconds(*metrics.query(name + ".p50")) + ", p99 " +
         scenario::format_seconds(*metrics.query(name + ".p99")) + ", max " +
         scenario::format_seconds(*metrics.query(name + ".max"));
}

}  // namespace

void add_etcd_digest(runner::World& world, const EtcdCluster& cluster,
                     const EtcdClientsSpec& clients) {
  const EtcdCluster* c = &cluster;
  const sim::Simulation* sim = &world.simulation();
  world.add_digest("etcd", [c, sim] {
    const double elections = c->state().elections_won.value();
    const sim::ProcessId leader = c->leader();
    return count_text(elections) + (elections == 1 ? " leader elected" : " leaders elected") +
           "; leader at the end: " +
           (leader == sim::kNoProcess ? std::string("none") : sim->process_name(leader));
  });
  world.add_digest("etcd clients", [c, sim] {
    const sim::Metrics& metrics = sim->metrics();
    const double served = static_cast<double>(c->state().request_seconds.count());
    const double failed = c->state().requests_failed.value();
    if (served == 0 && failed == 0) return std::string();
    std::string out = count_text(served) + " requests served, " + count_text(failed) + " failed";
    std::string reasons;
    for (const FailureReason reason : kFailureReasons) {
      const double n = metrics.query(failure_series(reason)).value_or(0);
      if (n == 0) continue;
      reasons += (reasons.empty() ? "" : ", ") + count_text(n) + " " + failure_reason_text(reason);
    }
    if (!reasons.empty()) out += " (" + reasons + ")";
    return out;
  });
  runner::LoadTotals load;
  load.loop = clients.mode;
  load.in_flight_bound = clients.max_in_flight;
  load.rate_per_second = clients.qps * static_cast<double>(clients.count);
  world.add_digest("etcd load", [c, sim, load]() mutable {
    const sim::Metrics& metrics = sim->metrics();
    load.offered = metrics.query(kArrivalsSeries).value_or(0);
    load.dropped = metrics.query(dropped_series()).value_or(0);
    load.acknowledged = static_cast<double>(c->state().request_seconds.count());
    load.failed = c->state().requests_failed.value();
    return runner::load_rates_line(load, sim->now());
  });
  world.add_digest("etcd latency", [sim] {
    const sim::Metrics& metrics = sim->metrics();
    std::string out;
    for (const char* operation : {"get", "put"}) {
      const std::string text = latency(metrics, sim::labeled("etcd_client_request_duration_seconds",
                                                             {{"operation", operation}}));
      if (text.empty()) continue;
      out += (out.empty() ? "" : "; ") +
             std::string(operation == std::string("get") ? "reads " : "writes ") + text;
    }
    return out;
  });
}

}  // namespace kcsim::etcd
