#include "model/etcd/component/etcd_schema.h"

#include <string>
#include <string_view>

#include "model/runner/load_loop_key.h"
#include "model/scenario/read_values.h"

namespace kcsim::etcd {
namespace {

using scenario::Field;
using scenario::MapReader;
using scenario::ParseContext;
using scenario::Schema;

constexpr std::uint64_t kCpusMax = 256;
constexpr std::uint64_t kEtcdClientsMax = 100'000;
constexpr double kQpsMax = 1e6;
constexpr std::uint64_t kMaxInFlightMax = 100'000;
constexpr std::uint64_t kKeysMax = 1'000'000'000;
// etcd rejects --election-timeout above 50000ms (etcdserver: maxElectionMs).
constexpr sim::Time kElectionTimeoutMax = 50 * sim::kSecond;
// etcd requires --election-timeout >= 5 x --heartbeat-interval (embed.Config.Validate).
constexpr sim::Time kElectionHeartbeatRatioMin = 5;

// etcd takes both Raft timings in whole milliseconds.
Schema<EtcdSpec>::Step whole_milliseconds(std::string key, sim::Time EtcdSpec::*member,
                                          std::string flag) {
  return [=](ParseContext& ctx, const MapReader& map, EtcdSpec& out) {
    const Field field = map.get(key);
    if (!field.present || out.*member % sim::kMillisecond == 0) return;
    ctx.fail(field, "expected whole milliseconds (etcd's " + flag + " is in ms), found " +
                        scenario::describe(field));
  };
}

void election_timeout_rules(ParseContext& ctx, const MapReader& map, EtcdSpec& out) {
  const Field election = map.get("electionTimeout");
  if (out.election_timeout > kElectionTimeoutMax) {
    ctx.fail(election, "expected at most 50s (etcd rejects a longer --election-timeout), found " +
                           scenario::describe(election));
    return;
  }
  if (out.election_timeout < kElectionHeartbeatRatioMin * out.heartbeat_interval) {
    const Field heartbeat = map.get("heartbeatInterval");
    const Field& blamed = election.present ? election : heartbeat;
    ctx.fail(blamed, "expected electionTimeout at least 5 x heartbeatInterval, as etcd requires: " +
                         sim::format_duration(out.election_timeout) + " < 5 x " +
                         sim::format_duration(out.heartbeat_interval));
  }
}

Schema<EtcdClientsSpec> clients_schema(std::uint64_t max_request_bytes) {
  return Schema<EtcdClientsSpec>("the etcd client load")
      .count("count", &EtcdClientsSpec::count, 0, kEtcdClientsMax)
      .custom("mode", runner::kLoadLoopType,
              std::string(sim::load_loop_name(EtcdClientsSpec{}.mode)),
              runner::load_loop_shape(EtcdClientsSpec{}.mode),
              [](ParseContext& ctx, const MapReader& map, EtcdClientsSpec& out) {
                runner::read_load_loop(ctx, map.get("mode"), out.mode);
              })
      .real("qps", &EtcdClientsSpec::qps, 0.0, kQpsMax)
      .count("maxInFlight", &EtcdClientsSpec::max_in_flight, 1, kMaxInFlightMax)
      .rule([](ParseContext& ctx, const MapReader& map, EtcdClientsSpec& out) {
        const Field bound = map.get("maxInFlight");
        if (!bound.present || out.mode == sim::LoadLoop::kOpen) return;
        ctx.fail_at(bound.key_mark, bound.path,
                    "maxInFlight applies to mode: open (a closed-loop client holds one "
                    "request at a time)");
      })
      .count("keys", &EtcdClientsSpec::keys, 1, kKeysMax)
      .size("valueSize", &EtcdClientsSpec::value_bytes)
      .rule([max_request_bytes](ParseContext& ctx, const MapReader& map, EtcdClientsSpec& out) {
        if (out.value_bytes <= max_request_bytes) return;
        const Field value_size = map.get("valueSize");
        ctx.fail(value_size, "expected a value size at most maxRequestBytes (" +
                                 std::to_string(max_request_bytes) + " bytes), found " +
                                 scenario::describe(value_size));
      })
      .real("readFraction", &EtcdClientsSpec::read_fraction, 0.0, 1.0);
}

Schema<EtcdWatchersSpec> watchers_schema() {
  return Schema<EtcdWatchersSpec>("the etcd watchers")
      .count("count", &EtcdWatchersSpec::count, 0, kEtcdClientsMax)
      .boolean("requireLeader", &EtcdWatchersSpec::require_leader)
      .duration("keepaliveTime", &EtcdWatchersSpec::keepalive_time, sim::kMillisecond)
      .duration("keepaliveTimeout", &EtcdWatchersSpec::keepalive_timeout, sim::kMillisecond);
}

Schema<EtcdCompactorsSpec> compactors_schema() {
  return Schema<EtcdCompactorsSpec>("the etcd compactors")
      .count("count", &EtcdCompactorsSpec::count, 0, kEtcdClientsMax)
      .duration("interval", &EtcdCompactorsSpec::interval, sim::kSecond);
}

Schema<EtcdLeasesSpec> leases_schema() {
  return Schema<EtcdLeasesSpec>("the etcd lease keepers")
      .count("count", &EtcdLeasesSpec::count, 0, kEtcdClientsMax)
      .duration("ttl", &EtcdLeasesSpec::ttl, sim::kSecond)
      .rule([](ParseContext& ctx, const MapReader& map, EtcdLeasesSpec& out) {
        const Field ttl = map.get("ttl");
        if (!ttl.present || out.ttl % sim::kSecond == 0) return;
        ctx.fail(ttl, "expected whole seconds (etcd's lease TTL is in seconds), found " +
                          scenario::describe(ttl));
      })
      .duration("keepaliveTime", &EtcdLeasesSpec::keepalive_time, sim::kMillisecond)
      .duration("keepaliveTimeout", &EtcdLeasesSpec::keepalive_timeout, sim::kMillisecond);
}

// --- Experiments beyond etcd's flags (etcd_spec.h) ---------------------------------
Schema<EtcdRandomizedTimeoutSpec> randomized_timeout_schema() {
  return Schema<EtcdRandomizedTimeoutSpec>("the randomized election timeout's range")
      .duration("min", &EtcdRandomizedTimeoutSpec::min, sim::kMillisecond)
      .duration("max", &EtcdRandomizedTimeoutSpec::max, sim::kMillisecond);
}

// The tick must divide the timings Raft counts in ticks; the range must be a non-empty
// [min, max) of whole ticks above one heartbeat (etcd-io/raft Config.validate).
void experiments_rules(ParseContext& ctx, const MapReader& map, EtcdExperimentsSpec& out,
                       sim::Time heartbeat, sim::Time election) {
  const sim::Time tick = out.tick > 0 ? out.tick : heartbeat;
  const Field tick_field = map.get("tick");
  if (out.tick > 0 && (heartbeat % tick != 0 || election % tick != 0)) {
    ctx.fail(tick_field, "expected a tick that divides heartbeatInterval (" +
                             sim::format_duration(heartbeat) + ") and electionTimeout (" +
                             sim::format_duration(election) + "), found " +
                             scenario::describe(tick_field));
    return;
  }
  const EtcdRandomizedTimeoutSpec& range = out.randomized_election_timeout;
  if (range.min == 0 && range.max == 0) return;
  const Field range_field = map.get("randomizedElectionTimeout");
  if (range.min == 0 || range.max <= range.min) {
    ctx.fail(range_field,
             "expected both min and max, with min < max (the timeout is drawn in "
             "[min, max)), found " +
                 scenario::describe(range_field));
    return;
  }
  if (range.min % tick != 0 || range.max % tick != 0) {
    ctx.fail(range_field, "expected min and max in whole ticks of " + sim::format_duration(tick) +
                              ", found " + scenario::describe(range_field));
    return;
  }
  if (range.min <= heartbeat) {
    ctx.fail(range_field, "expected min above heartbeatInterval (" +
                              sim::format_duration(heartbeat) + "), as Raft requires, found " +
                              scenario::describe(range_field));
  }
}

Schema<EtcdExperimentsSpec> experiments_schema(sim::Time heartbeat, sim::Time election) {
  return Schema<EtcdExperimentsSpec>("the Raft experiments beyond etcd's flags")
      .duration("tick", &EtcdExperimentsSpec::tick, sim::kMillisecond)
      .section<EtcdRandomizedTimeoutSpec>(
          "randomizedElectionTimeout", &EtcdExperimentsSpec::randomized_election_timeout,
          [](const EtcdExperimentsSpec&) { return randomized_timeout_schema(); })
      .boolean("checkQuorum", &EtcdExperimentsSpec::check_quorum)
      .rule(
          [heartbeat, election](ParseContext& ctx, const MapReader& map, EtcdExperimentsSpec& out) {
            experiments_rules(ctx, map, out, heartbeat, election);
          });
}
// --- end of the experiments -------------------------------------------------------

}  // namespace

// The keys are read in this order, and listed in "unknown key" messages in the order
// etcd's section has always listed them.
Schema<EtcdSpec> etcd_schema() {
  return Schema<EtcdSpec>("the etcd settings")
      .count("members", &EtcdSpec::members, 1, kEtcdMembersMax)
      .duration("heartbeatInterval", &EtcdSpec::heartbeat_interval, sim::kMillisecond)
      .rule(whole_milliseconds("heartbeatInterval", &EtcdSpec::heartbeat_interval,
                               "--heartbeat-interval"))
      .duration("electionTimeout", &EtcdSpec::election_timeout, sim::kMillisecond)
      .rule(
          whole_milliseconds("electionTimeout", &EtcdSpec::election_timeout, "--election-timeout"))
      .rule(election_timeout_rules)
      .count("snapshotCount", &EtcdSpec::snapshot_count, 1, UINT64_MAX)
      .count("snapshotCatchUpEntries", &EtcdSpec::snapshot_catch_up_entries, 1, UINT64_MAX)
      .size("quotaBackendBytes", &EtcdSpec::quota_backend_bytes, 1)
      .size("maxRequestBytes", &EtcdSpec::max_request_bytes, 1)
      .count("cpus", &EtcdSpec::cpus, 1, kCpusMax)
      .distribution("walFsync", &EtcdSpec::wal_fsync)
      .distribution("backendCommit", &EtcdSpec::backend_commit)
      .distribution("writeCpu", &EtcdSpec::write_cpu)
      .distribution("readCpu", &EtcdSpec::read_cpu)
      .distribution("applyCpu", &EtcdSpec::apply_cpu)
      .distribution("replicateCpu", &EtcdSpec::replicate_cpu)
      .boolean("preVote", &EtcdSpec::pre_vote)
      .boolean("strictReconfigCheck", &EtcdSpec::strict_reconfig_check)
      .count("maxLearners", &EtcdSpec::max_learners, 1, kEtcdMembersMax)
      .section<EtcdClientsSpec>(
          "clients", &EtcdSpec::clients,
          [](const EtcdSpec& etcd) { return clients_schema(etcd.max_request_bytes); })
      .section<EtcdWatchersSpec>("watchers", &EtcdSpec::watchers,
                                 [](const EtcdSpec&) { return watchers_schema(); })
      .section<EtcdCompactorsSpec>("compactors", &EtcdSpec::compactors,
                                   [](const EtcdSpec&) { return compactors_schema(); })
      .section<EtcdLeasesSpec>("leases", &EtcdSpec::leases,
                               [](const EtcdSpec&) { return leases_schema(); })
      .section<EtcdExperimentsSpec>("experiments", &EtcdSpec::experiments,
                                    [](const EtcdSpec& etcd) {
                                      return experiments_schema(etcd.heartbeat_interval,
                                                                etcd.election_timeout);
                                    })
      .listing_order({"members",
                      "heartbeatInterval",
                      "electionTimeout",
                      "snapshotCount",
                      "snapshotCatchUpEntries",
                      "quotaBackendBytes",
                      "maxRequestBytes",
                      "cpus",
                      "writeCpu",
                      "readCpu",
                      "applyCpu",
                      "replicateCpu",
                      "walFsync",
                      "backendCommit",
                      "preVote",
                      "strictReconfigCheck",
                      "maxLearners",
                      "clients",
                      "watchers",
                      "compactors",
                      "leases",
                      "experiments"});
}

}  // namespace kcsim::etcd
