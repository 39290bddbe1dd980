// The cluster section: which components run, and their settings.
#include "model/scenario/parse_sections.h"
#include "model/scenario/read_values.h"

namespace kcsim::scenario {
namespace {

constexpr std::uint64_t kCpusMax = 256;
constexpr std::uint64_t kEtcdClientsMax = 100'000;
constexpr double kQpsMax = 1e6;
constexpr std::uint64_t kKeysMax = 1'000'000'000;
// etcd rejects --election-timeout above 50000ms (etcdserver: maxElectionMs).
constexpr sim::Time kElectionTimeoutMax = 50 * sim::kSecond;
// etcd requires --election-timeout >= 5 x --heartbeat-interval (embed.Config.Validate).
constexpr sim::Time kElectionHeartbeatRatioMin = 5;

// etcd takes both Raft timings in whole milliseconds.
void require_whole_milliseconds(ParseContext& ctx, const Field& field, sim::Time value,
                                std::string_view flag) {
  if (ctx.failed() || !field.present || value % sim::kMillisecond == 0) return;
  ctx.fail(field, "expected whole milliseconds (etcd's " + std::string(flag) +
                      " is in ms), found " + describe(field.node));
}

void parse_ping_mesh(ParseContext& ctx, const Field& field, PingMeshSpec& out) {
  MapReader map(ctx, field, {"hosts", "interval", "payload"}, "the ping mesh settings");
  out.hosts = read_count(ctx, map.get("hosts"), out.hosts, 2, kPingHostsMax);
  out.interval = read_duration(ctx, map.get("interval"), out.interval, sim::kMillisecond);
  out.payload_bytes = read_size(ctx, map.get("payload"), out.payload_bytes, 1);
}

void parse_etcd_clients(ParseContext& ctx, const Field& field, std::uint64_t max_request_bytes,
                        EtcdClientsSpec& out) {
  MapReader map(ctx, field, {"count", "qps", "keys", "valueSize", "readFraction"},
                "the etcd client load");
  out.count = read_count(ctx, map.get("count"), out.count, 0, kEtcdClientsMax);
  out.qps = read_real(ctx, map.get("qps"), out.qps, 0.0, kQpsMax);
  out.keys = read_count(ctx, map.get("keys"), out.keys, 1, kKeysMax);
  const Field value_size = map.get("valueSize");
  out.value_bytes = read_size(ctx, value_size, out.value_bytes);
  if (!ctx.failed() && out.value_bytes > max_request_bytes) {
    ctx.fail(value_size, "expected a value size at most maxRequestBytes (" +
                             std::to_string(max_request_bytes) + " bytes), found " +
                             describe(value_size.node));
  }
  out.read_fraction = read_real(ctx, map.get("readFraction"), out.read_fraction, 0.0, 1.0);
}

void parse_etcd_watchers(ParseContext& ctx, const Field& field, EtcdWatchersSpec& out) {
  MapReader map(ctx, field, {"count", "requireLeader", "keepaliveTime", "keepaliveTimeout"},
                "the etcd watchers");
  out.count = read_count(ctx, map.get("count"), out.count, 0, kEtcdClientsMax);
  out.require_leader = read_bool(ctx, map.get("requireLeader"), out.require_leader);
  out.keepalive_time =
      read_duration(ctx, map.get("keepaliveTime"), out.keepalive_time, sim::kMillisecond);
  out.keepalive_timeout =
      read_duration(ctx, map.get("keepaliveTimeout"), out.keepalive_timeout, sim::kMillisecond);
}

void parse_etcd_compactors(ParseContext& ctx, const Field& field, EtcdCompactorsSpec& out) {
  MapReader map(ctx, field, {"count", "interval"}, "the etcd compactors");
  out.count = read_count(ctx, map.get("count"), out.count, 0, kEtcdClientsMax);
  out.interval = read_duration(ctx, map.get("interval"), out.interval, sim::kSecond);
}

void parse_etcd_leases(ParseContext& ctx, const Field& field, EtcdLeasesSpec& out) {
  MapReader map(ctx, field, {"count", "ttl", "keepaliveTime", "keepaliveTimeout"},
                "the etcd lease keepers");
  out.count = read_count(ctx, map.get("count"), out.count, 0, kEtcdClientsMax);
  const Field ttl = map.get("ttl");
  out.ttl = read_duration(ctx, ttl, out.ttl, sim::kSecond);
  if (!ctx.failed() && ttl.present && out.ttl % sim::kSecond != 0) {
    ctx.fail(ttl, "expected whole seconds (etcd's lease TTL is in seconds), found " +
                      describe(ttl.node));
  }
  out.keepalive_time =
      read_duration(ctx, map.get("keepaliveTime"), out.keepalive_time, sim::kMillisecond);
  out.keepalive_timeout =
      read_duration(ctx, map.get("keepaliveTimeout"), out.keepalive_timeout, sim::kMillisecond);
}

void parse_etcd(ParseContext& ctx, const Field& field, EtcdSpec& out) {
  MapReader map(
      ctx, field,
      {"members", "heartbeatInterval", "electionTimeout", "snapshotCount", "snapshotCatchUpEntries",
       "quotaBackendBytes", "maxRequestBytes", "cpus", "writeCpu", "readCpu", "walFsync",
       "backendCommit", "preVote", "strictReconfigCheck", "maxLearners", "clients", "watchers",
       "compactors", "leases"},
      "the etcd settings");
  out.members = read_count(ctx, map.get("members"), out.members, 1, kEtcdMembersMax);
  const Field heartbeat = map.get("heartbeatInterval");
  out.heartbeat_interval = read_duration(ctx, heartbeat, out.heartbeat_interval, sim::kMillisecond);
  require_whole_milliseconds(ctx, heartbeat, out.heartbeat_interval, "--heartbeat-interval");
  const Field election = map.get("electionTimeout");
  out.election_timeout = read_duration(ctx, election, out.election_timeout, sim::kMillisecond);
  require_whole_milliseconds(ctx, election, out.election_timeout, "--election-timeout");
  if (!ctx.failed() && out.election_timeout > kElectionTimeoutMax) {
    ctx.fail(election, "expected at most 50s (etcd rejects a longer --election-timeout), found " +
                           describe(election.node));
  }
  if (!ctx.failed() && out.election_timeout < kElectionHeartbeatRatioMin * out.heartbeat_interval) {
    const Field& blamed = election.present ? election : heartbeat;
    ctx.fail(blamed, "expected electionTimeout at least 5 x heartbeatInterval, as etcd requires: " +
                         sim::format_duration(out.election_timeout) + " < 5 x " +
                         sim::format_duration(out.heartbeat_interval));
  }
  out.snapshot_count = read_count(ctx, map.get("snapshotCount"), out.snapshot_count, 1, UINT64_MAX);
  out.snapshot_catch_up_entries = read_count(ctx, map.get("snapshotCatchUpEntries"),
                                             out.snapshot_catch_up_entries, 1, UINT64_MAX);
  out.quota_backend_bytes =
      read_size(ctx, map.get("quotaBackendBytes"), out.quota_backend_bytes, 1);
  out.max_request_bytes = read_size(ctx, map.get("maxRequestBytes"), out.max_request_bytes, 1);
  out.cpus = read_count(ctx, map.get("cpus"), out.cpus, 1, kCpusMax);
  out.wal_fsync = read_dist(ctx, map.get("walFsync"), out.wal_fsync);
  out.backend_commit = read_dist(ctx, map.get("backendCommit"), out.backend_commit);
  out.write_cpu = read_dist(ctx, map.get("writeCpu"), out.write_cpu);
  out.read_cpu = read_dist(ctx, map.get("readCpu"), out.read_cpu);
  out.pre_vote = read_bool(ctx, map.get("preVote"), out.pre_vote);
  out.strict_reconfig_check =
      read_bool(ctx, map.get("strictReconfigCheck"), out.strict_reconfig_check);
  out.max_learners = read_count(ctx, map.get("maxLearners"), out.max_learners, 1, kEtcdMembersMax);
  parse_etcd_clients(ctx, map.get("clients"), out.max_request_bytes, out.clients);
  parse_etcd_watchers(ctx, map.get("watchers"), out.watchers);
  parse_etcd_compactors(ctx, map.get("compactors"), out.compactors);
  parse_etcd_leases(ctx, map.get("leases"), out.leases);
}

}  // namespace

void parse_cluster(ParseContext& ctx, const Field& field, ClusterSpec& out) {
  MapReader map(ctx, field, {"pingMesh", "etcd"}, "the cluster's components");
  const Field ping_mesh = map.get("pingMesh");
  if (ping_mesh.present) {
    out.ping_mesh.emplace();
    parse_ping_mesh(ctx, ping_mesh, *out.ping_mesh);
  }
  const Field etcd = map.get("etcd");
  if (etcd.present) {
    out.etcd.emplace();
    parse_etcd(ctx, etcd, *out.etcd);
  }
}

}  // namespace kcsim::scenario
