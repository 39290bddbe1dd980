#include "model/runner/world.h"

#include "model/etcd/member/etcd_cluster.h"
#include "model/netprobe/ping_mesh.h"
#include "model/runner/distribution.h"
#include "sim/metrics.h"
#include "sim/network.h"

namespace kcsim::runner {

World::World(sim::Simulation& simulation, const scenario::Scenario& scenario)
    : simulation_(simulation), role_rng_(simulation.rng("runner/roles")) {
  for (std::uint64_t i = 0; i < scenario.spec.network.zones; ++i) {
    zones_.push_back(std::string("zone-") + static_cast<char>('a' + i));
  }
  build_network(scenario);
  const scenario::ClusterSpec& cluster = scenario.spec.cluster;
  if (cluster.ping_mesh) {
    netprobe::PingMeshConfig config;
    config.interval = cluster.ping_mesh->interval;
    config.timeout = 2 * cluster.ping_mesh->interval;
    config.payload_bytes = cluster.ping_mesh->payload_bytes;
    netprobe::add_ping_mesh(simulation, cluster.ping_mesh->hosts, config, zones_);
  }
  if (cluster.etcd) add_etcd(*cluster.etcd);
}

World::~World() = default;

void World::add_etcd(const scenario::EtcdSpec& spec) {
  etcd::EtcdConfig config;
  config.heartbeat_interval = spec.heartbeat_interval;
  config.election_timeout = spec.election_timeout;
  config.snapshot_count = spec.snapshot_count;
  config.snapshot_catch_up_entries = spec.snapshot_catch_up_entries;
  config.strict_reconfig_check = spec.strict_reconfig_check;
  config.max_learners = spec.max_learners;
  config.quota_backend_bytes = spec.quota_backend_bytes;
  config.max_request_bytes = spec.max_request_bytes;
  config.pre_vote = spec.pre_vote;
  config.wal_fsync = to_distribution(spec.wal_fsync);
  config.backend_commit = to_distribution(spec.backend_commit);
  config.cpus = static_cast<std::uint32_t>(spec.cpus);
  config.write_cpu = to_distribution(spec.write_cpu);
  config.read_cpu = to_distribution(spec.read_cpu);
  etcd::ClientConfig client;
  client.qps = spec.clients.qps > 0 ? spec.clients.qps : 1;
  client.keys = spec.clients.keys;
  client.value_bytes = spec.clients.value_bytes;
  client.read_fraction = spec.clients.read_fraction;
  auto cluster = std::make_shared<etcd::EtcdCluster>(simulation_, config, spec.members,
                                                     spec.clients.qps > 0 ? spec.clients.count : 0,
                                                     client, zones_);
  if (spec.watchers.count > 0) {
    etcd::WatchStreamConfig watch;
    watch.require_leader = spec.watchers.require_leader;
    watch.keepalive_time = spec.watchers.keepalive_time;
    watch.keepalive_timeout = spec.watchers.keepalive_timeout;
    cluster->add_watchers(spec.watchers.count, watch);
  }
  if (spec.compactors.count > 0) {
    cluster->add_compactors(spec.compactors.count, spec.compactors.interval);
  }
  if (spec.leases.count > 0) {
    etcd::LeaseKeeperConfig lease;
    lease.ttl_seconds = spec.leases.ttl / sim::kSecond;
    lease.keepalive_time = spec.leases.keepalive_time;
    lease.keepalive_timeout = spec.leases.keepalive_timeout;
    cluster->add_lease_keepers(spec.leases.count, lease);
  }
  etcd_ = cluster.get();
  const etcd::EtcdCluster* c = etcd_;
  add_role("etcd/leader", [c](sim::Rng&) { return c->leader(); });
  add_role("etcd/follower", [c](sim::Rng& rng) { return c->follower(rng); });
  add_state("etcd.has_leader", [c] { return c->has_leader() ? 1.0 : 0.0; });
  add_state("etcd.linearizable", [c] {  // no verdict (search bound hit) reads undecided
    const checker::Verdict v = c->linearizability();
    return v == checker::Verdict::kOk        ? 1.0
           : v == checker::Verdict::kIllegal ? 0.0
                                             : scenario::kUndecidedValue;
  });
  add_state("etcd.linearizability_unknown",
            [c] { return c->linearizability() == checker::Verdict::kUnknown ? 1.0 : 0.0; });
  sim::Simulation* sim = &simulation_;
  add_state("etcd.seconds_since_ack", [c, sim] {
    const sim::Time last = c->state().last_ack;
    return last < 0 ? 1e18 : sim::to_seconds(sim->now() - last);
  });
  add_state("etcd.safety_violations", [c] { return static_cast<double>(c->safety_violations()); });
  add_state("etcd.voters", [c] { return static_cast<double>(c->voters()); });
  add_state("etcd.learners", [c] { return static_cast<double>(c->learners()); });
  add_state("etcd.watch_violations",
            [c] { return static_cast<double>(c->watch_check().violations); });
  add_state("etcd.watch_segments_checked",
            [c] { return static_cast<double>(c->watch_check().segments_checked); });
  add_state("etcd.lease_violations",
            [c] { return static_cast<double>(c->state().lease_violations); });
  add_state("etcd.compact_revision", [c] { return static_cast<double>(c->compact_revision()); });
  components_.push_back(std::move(cluster));
}

void World::build_network(const scenario::Scenario& scenario) {
  const scenario::NetworkSpec& spec = scenario.spec.network;
  sim::NetworkSpec net;
  net.intra_zone.latency = to_distribution(spec.intra_zone_latency);
  net.inter_zone.latency = to_distribution(spec.inter_zone_latency);
  net.intra_zone.loss = spec.loss;
  net.inter_zone.loss = spec.loss;
  net.intra_zone.bandwidth_bits_per_s = static_cast<double>(spec.bandwidth_bps);
  net.inter_zone.bandwidth_bits_per_s = static_cast<double>(spec.bandwidth_bps);
  simulation_.network().set_spec(std::move(net));
}

void World::add_role(std::string role, RoleResolver resolver) {
  roles_.insert_or_assign(std::move(role), std::move(resolver));
}

void World::add_state(std::string name, std::function<double()> read) {
  states_.insert_or_assign(std::move(name), std::move(read));
}

sim::ProcessId World::resolve_process(std::string_view name_or_role) {
  if (auto it = roles_.find(name_or_role); it != roles_.end()) return it->second(role_rng_);
  return simulation_.find_process(name_or_role).value_or(sim::kNoProcess);
}

std::vector<sim::HostId> World::resolve_hosts(std::string_view name_or_role) {
  if (auto host = simulation_.find_host(name_or_role)) return {*host};
  const sim::ProcessId process = resolve_process(name_or_role);
  if (process == sim::kNoProcess) return {};
  return {simulation_.process_info(process).host};
}

std::optional<checker::History> World::etcd_history() const {
  if (etcd_ == nullptr) return std::nullopt;
  return etcd_->state().history.history();
}

std::optional<double> World::value(std::string_view name) const {
  if (auto it = states_.find(name); it != states_.end()) return it->second();
  if (auto v = simulation_.metrics().query(name)) return v;
  return simulation_.metrics().sum_over(name);
}

}  // namespace kcsim::runner
