#include "model/etcd/member/etcd_cluster.h"

#include <spdlog/logger.h>

#include "model/etcd/member/etcd_compactor.h"
#include "model/etcd/member/etcd_member.h"
#include "model/etcd/member/etcd_watcher.h"
#include "model/etcd/member/etcdctl.h"
#include "sim/cpu.h"
#include "sim/disk.h"
#include "sim/distributions.h"
#include "sim/invariant.h"
#include "sim/network.h"

namespace kcsim::etcd {

EtcdCluster::EtcdCluster(sim::Simulation& simulation, EtcdConfig config, std::size_t members,
                         std::size_t clients, ClientConfig client_config,
                         const std::vector<std::string>& zones)
    : simulation_(simulation),
      zones_(zones),
      state_(std::make_shared<ClusterState>(simulation.metrics(), simulation.log(),
                                            std::move(config), members)) {
  for (std::size_t i = 0; i < members; ++i) {
    add_member_process("etcd-" + std::to_string(i), i + 1, zones[i % zones.size()]);
  }
  const std::vector<sim::ProcessId> client_pids =
      add_numbered("client", clients,
                   [state = state_, client_config](sim::ProcessContext context, std::int64_t n) {
                     return std::make_unique<EtcdClient>(context, state, client_config, n);
                   });
  start_all(state_->member_pids);
  start_all(client_pids);
}

void EtcdCluster::add_watchers(std::size_t count, WatchStreamConfig config) {
  start_all(add_numbered("watcher", count,
                         [state = state_, config](sim::ProcessContext context, std::int64_t n) {
                           return std::make_unique<EtcdWatcher>(context, state, config, n);
                         }));
}

void EtcdCluster::add_compactors(std::size_t count, sim::Time interval) {
  start_all(add_numbered("compactor", count,
                         [state = state_, interval](sim::ProcessContext context, std::int64_t n) {
                           return std::make_unique<EtcdCompactor>(context, state, interval, n);
                         }));
}

void EtcdCluster::add_lease_keepers(std::size_t count, LeaseKeeperConfig config) {
  start_all(add_numbered("lease", count,
                         [state = state_, config](sim::ProcessContext context, std::int64_t n) {
                           return std::make_unique<LeaseKeeper>(context, state, config, n);
                         }));
}

void EtcdCluster::start_all(const std::vector<sim::ProcessId>& pids) {
  for (sim::ProcessId pid : pids)
    simulation_.start(pid);
}

std::vector<sim::ProcessId> EtcdCluster::add_numbered(
    const std::string& prefix, std::size_t count,
    std::function<std::unique_ptr<sim::Process>(sim::ProcessContext, std::int64_t)> make) {
  std::vector<sim::ProcessId> pids;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string name = prefix + "-" + std::to_string(i);
    const sim::HostId host = simulation_.add_host(name, zones_[i % zones_.size()]);
    const auto n = static_cast<std::int64_t>(i);
    pids.push_back(simulation_.add_process(
        name, host, [make, n](sim::ProcessContext context) { return make(context, n); }));
    // Clients start against a running cluster, as kube-apiserver starts once etcd serves:
    // after every member has booted (members boot within one heartbeat interval).
    simulation_.set_start_delay(
        pids.back(),
        sim::Distribution::constant(static_cast<double>(state_->config.heartbeat_interval)));
  }
  return pids;
}

const MemberView* EtcdCluster::most_applied_member() const {
  const MemberView* reference = nullptr;
  for (sim::ProcessId pid : state_->member_pids) {
    const MemberView* m = member(pid);
    if (m == nullptr) continue;
    if (reference == nullptr ||
        m->store->current_revision() > reference->store->current_revision()) {
      reference = m;
    }
  }
  return reference;
}

std::int64_t EtcdCluster::compact_revision() const {
  const MemberView* reference = most_applied_member();
  return reference == nullptr ? 0 : reference->store->compact_revision();
}

const WatchCheck& EtcdCluster::watch_check() const {
  const WatchLog& log = state_->watch_log;
  if (log.events() == checked_watch_events_) return watch_check_;
  const MemberView* reference = most_applied_member();
  if (reference == nullptr) return watch_check_;  // no member is up: keep the last verdict
  watch_check_ = log.check(reference->store->kv());
  checked_watch_events_ = log.events();
  if (watch_check_.violations > 0) {
    simulation_.log().error("watch guarantee broken: {}", watch_check_.first_violation);
  }
  return watch_check_;
}

sim::ProcessId EtcdCluster::add_member_process(const std::string& name, raft::NodeId node_id,
                                               const std::string& zone) {
  const sim::HostId host = simulation_.add_host(name, zone);
  auto state = state_;
  const sim::ProcessId pid =
      simulation_.add_process(name, host, [state, node_id](sim::ProcessContext context) {
        return std::make_unique<EtcdMember>(context, state, node_id);
      });
  sim::DiskSpec disk;
  disk.fsync_latency = state_->config.wal_fsync;
  simulation_.disk(pid).set_spec(disk);
  simulation_.cpu(pid).set_spec(sim::CpuSpec{state_->config.cpus});
  // A member's ticker starts when its process does (etcd's raftNode.start): start-up
  // times spread over one heartbeat interval make the members' tick phases independent.
  simulation_.set_start_delay(
      pid, sim::Distribution::uniform(0, static_cast<double>(state_->config.heartbeat_interval)));
  state_->add_member(pid, node_id);
  return pid;
}

const MemberView* EtcdCluster::member(sim::ProcessId pid) const {
  const raft::NodeId id = state_->node_of(pid);
  if (id == raft::kNoNode) return nullptr;
  const MemberView& view = state_->member_views.at(id - 1);
  return view.up ? &view : nullptr;
}

sim::ProcessId EtcdCluster::leader() const {
  sim::ProcessId best = sim::kNoProcess;
  raft::Term best_term = 0;
  for (sim::ProcessId pid : state_->member_pids) {
    const MemberView* m = member(pid);
    if (m == nullptr || m->soft_state.role != raft::StateRole::kLeader) continue;
    if (m->term > best_term) {
      best_term = m->term;
      best = pid;
    }
  }
  return best;
}

const MemberView* EtcdCluster::leader_member() const {
  return member(leader());
}

sim::ProcessId EtcdCluster::follower(sim::Rng& rng) const {
  const sim::ProcessId lead = leader();
  std::vector<sim::ProcessId> candidates;
  for (sim::ProcessId pid : state_->member_pids) {
    if (pid != sim::kNoProcess && pid != lead && simulation_.is_up(pid)) candidates.push_back(pid);
  }
  if (candidates.empty()) return sim::kNoProcess;
  return candidates[rng.below(candidates.size())];
}

bool EtcdCluster::has_leader() const {
  const sim::ProcessId lead = leader();
  const MemberView* lead_member = member(lead);
  if (lead_member == nullptr) return false;
  const raft::NodeId lead_id = state_->node_of(lead);
  const raft::ConfState& conf = lead_member->conf_state;
  std::size_t following = 0;
  for (raft::NodeId voter : conf.voters) {
    const sim::ProcessId pid = state_->pid_of(voter);
    const MemberView* m = member(pid);
    if (m != nullptr && m->soft_state.leader == lead_id &&
        !simulation_.network().blocked(simulation_.process_info(pid).host,
                                       simulation_.process_info(lead).host)) {
      ++following;
    }
  }
  return following > conf.voters.size() / 2;
}

std::size_t EtcdCluster::voters() const {
  const MemberView* lead = leader_member();
  return lead == nullptr ? 0 : lead->conf_state.voters.size();
}

std::size_t EtcdCluster::learners() const {
  const MemberView* lead = leader_member();
  return lead == nullptr ? 0 : lead->conf_state.learners.size();
}

void EtcdCluster::submit(MemberOp op, raft::NodeId node, std::function<void()> on_success) {
  if (etcdctl_ == sim::kNoProcess) {
    const sim::HostId host = simulation_.add_host("etcdctl", zones_.front());
    auto state = state_;
    etcdctl_ = simulation_.add_process("etcdctl", host, [state](sim::ProcessContext context) {
      return std::make_unique<Etcdctl>(context, state);
    });
    simulation_.start(etcdctl_);
  }
  if (!simulation_.is_up(etcdctl_)) return;  // crashed by the scenario: the operator is gone
  simulation_.inject(kEtcdctlPort, etcdctl_, Etcdctl::Command{op, node, std::move(on_success)});
}

void EtcdCluster::member_add(std::uint64_t number, bool learner) {
  const raft::NodeId node_id = number + 1;                 // etcd-N is Raft id N + 1
  if (state_->pid_of(node_id) != sim::kNoProcess) return;  // added before
  const sim::ProcessId pid =
      add_member_process("etcd-" + std::to_string(number), node_id, zones_[number % zones_.size()]);
  sim::Simulation& sim = simulation_;
  submit(learner ? MemberOp::kAddLearner : MemberOp::kAdd, node_id,
         [&sim, pid] { sim.start(pid); });
}

void EtcdCluster::member_remove(sim::ProcessId pid) {
  if (const raft::NodeId id = state_->node_of(pid); id != raft::kNoNode) {
    submit(MemberOp::kRemove, id);
  }
}

void EtcdCluster::member_promote(sim::ProcessId pid) {
  if (const raft::NodeId id = state_->node_of(pid); id != raft::kNoNode) {
    submit(MemberOp::kPromote, id);
  }
}

void EtcdCluster::use_history(bool keep, bool check) {
  KCSIM_ASSERT_MSG(state_->history.size() == 0, "the history's use is set before the run");
  state_->history.set_keeping(keep);
  if (check) {
    checker_ = std::make_unique<checker::IncrementalChecker>();
    state_->history.set_observer(checker_.get());
  }
}

checker::Verdict EtcdCluster::linearizability() const {
  return checker_ ? checker_->verdict() : checker::Verdict::kOk;
}

}  // namespace kcsim::etcd
