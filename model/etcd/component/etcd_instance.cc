#include "model/etcd/component/etcd_instance.h"

#include "model/etcd/component/etcd_digest.h"

#include "model/scenario/lookup.h"

#include "model/checker/porcupine_json.h"
#include "model/etcd/member/etcd_cluster.h"
#include "model/runner/distribution.h"
#include "model/runner/world.h"
#include "model/scenario/targets.h"

namespace kcsim::etcd {
namespace {

EtcdConfig member_config(const EtcdSpec& spec) {
  using runner::to_distribution;
  EtcdConfig config;
  config.heartbeat_interval = spec.heartbeat_interval;
  config.election_timeout = spec.election_timeout;
  config.snapshot_count = spec.snapshot_count;
  config.snapshot_catch_up_entries = spec.snapshot_catch_up_entries;
  config.strict_reconfig_check = spec.strict_reconfig_check;
  config.max_learners = spec.max_learners;
  config.quota_backend_bytes = spec.quota_backend_bytes;
  config.max_request_bytes = spec.max_request_bytes;
  config.pre_vote = spec.pre_vote;
  // Experiments beyond etcd's flags (etcd_spec.h); the defaults leave etcd's behaviour.
  config.tick = spec.experiments.tick;
  config.randomized_election_timeout_min = spec.experiments.randomized_election_timeout.min;
  config.randomized_election_timeout_max = spec.experiments.randomized_election_timeout.max;
  config.check_quorum = spec.experiments.check_quorum;
  config.wal_fsync = to_distribution(spec.wal_fsync);
  config.backend_commit = to_distribution(spec.backend_commit);
  config.cpus = static_cast<std::uint32_t>(spec.cpus);
  config.write_cpu = to_distribution(spec.write_cpu);
  config.read_cpu = to_distribution(spec.read_cpu);
  config.apply_cpu = to_distribution(spec.apply_cpu);
  config.replicate_cpu = to_distribution(spec.replicate_cpu);
  return config;
}

ClientConfig client_config(const EtcdClientsSpec& spec) {
  ClientConfig client;
  client.mode = spec.mode;
  client.max_in_flight = spec.max_in_flight;
  client.qps = spec.qps > 0 ? spec.qps : 1;
  client.keys = spec.keys;
  client.value_bytes = spec.value_bytes;
  client.read_fraction = spec.read_fraction;
  return client;
}

}  // namespace

EtcdInstance::EtcdInstance(runner::World& world, const EtcdSpec& spec)
    : cluster_(std::make_unique<EtcdCluster>(world.simulation(), member_config(spec), spec.members,
                                             spec.clients.qps > 0 ? spec.clients.count : 0,
                                             client_config(spec.clients), world.zones())) {
  if (spec.watchers.count > 0) {
    WatchStreamConfig watch;
    watch.require_leader = spec.watchers.require_leader;
    watch.keepalive_time = spec.watchers.keepalive_time;
    watch.keepalive_timeout = spec.watchers.keepalive_timeout;
    cluster_->add_watchers(spec.watchers.count, watch);
  }
  if (spec.compactors.count > 0) {
    cluster_->add_compactors(spec.compactors.count, spec.compactors.interval);
  }
  if (spec.leases.count > 0) {
    LeaseKeeperConfig lease;
    lease.ttl_seconds = spec.leases.ttl / sim::kSecond;
    lease.keepalive_time = spec.leases.keepalive_time;
    lease.keepalive_timeout = spec.leases.keepalive_timeout;
    cluster_->add_lease_keepers(spec.leases.count, lease);
  }
  cluster_->use_history(world.keep_outputs(), world.checked("etcd.linearizable") ||
                                                  world.checked("etcd.linearizability_unknown"));
  add_states(world);
  add_etcd_digest(world, *cluster_, spec.clients);
}

EtcdInstance::~EtcdInstance() = default;

void EtcdInstance::add_states(runner::World& world) {
  const EtcdCluster* c = cluster_.get();
  world.add_role("etcd/leader", [c](sim::Rng&) { return c->leader(); });
  world.add_role("etcd/follower", [c](sim::Rng& rng) { return c->follower(rng); });
  world.add_state("etcd.has_leader", [c] { return c->has_leader() ? 1.0 : 0.0; });
  world.add_state("etcd.linearizable", [c] {  // no verdict (search bound hit) reads undecided
    const checker::Verdict v = c->linearizability();
    return v == checker::Verdict::kOk        ? 1.0
           : v == checker::Verdict::kIllegal ? 0.0
                                             : scenario::kUndecidedValue;
  });
  world.add_state("etcd.linearizability_unknown",
                  [c] { return c->linearizability() == checker::Verdict::kUnknown ? 1.0 : 0.0; });
  const sim::Simulation* sim = &world.simulation();
  world.add_state("etcd.seconds_since_ack", [c, sim] {
    const sim::Time last = c->state().last_ack;
    return last < 0 ? 1e18 : sim::to_seconds(sim->now() - last);
  });
  world.add_state("etcd.safety_violations",
                  [c] { return static_cast<double>(c->safety_violations()); });
  world.add_state("etcd.voters", [c] { return static_cast<double>(c->voters()); });
  world.add_state("etcd.learners", [c] { return static_cast<double>(c->learners()); });
  world.add_state("etcd.watch_violations",
                  [c] { return static_cast<double>(c->watch_check().violations); });
  world.add_state("etcd.watch_segments_checked",
                  [c] { return static_cast<double>(c->watch_check().segments_checked); });
  world.add_state("etcd.lease_violations",
                  [c] { return static_cast<double>(c->state().lease_violations); });
  world.add_state("etcd.compact_revision",
                  [c] { return static_cast<double>(c->compact_revision()); });
}

std::function<void()> EtcdInstance::apply(const scenario::TimelineEntry& entry,
                                          runner::World& world) {
  using scenario::ActionKind;
  if (entry.action == ActionKind::kMemberAdd) {
    // The parser accepted only etcd-N names beyond the initial members.
    cluster_->member_add(*scenario::etcd_member_number(entry.target), entry.learner);
    return {};
  }
  const sim::ProcessId p = world.resolve_process(entry.target);
  if (p == sim::kNoProcess) {
    world.note_skipped();
    return {};
  }
  if (entry.action == ActionKind::kMemberRemove) {
    cluster_->member_remove(p);
  } else {
    cluster_->member_promote(p);
  }
  return {};
}

std::vector<component::RunOutput> EtcdInstance::outputs() const {
  // The clients' history in Porcupine's form, for an outside linearizability checker.
  auto history = std::make_shared<checker::History>(cluster_->state().history.history());
  return {{"history.porcupine.json",
           [history] { return checker::to_porcupine_json(*history).dump() + "\n"; }}};
}

}  // namespace kcsim::etcd
