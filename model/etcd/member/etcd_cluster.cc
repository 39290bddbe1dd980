#include "model/etcd/member/etcd_cluster.h"

#include "model/etcd/member/etcd_member.h"
#include "sim/disk.h"
#include "sim/network.h"

namespace kcsim::etcd {

EtcdCluster::EtcdCluster(sim::Simulation& simulation, EtcdConfig config, std::size_t members,
                         std::size_t clients, ClientConfig client_config,
                         const std::vector<std::string>& zones)
    : simulation_(simulation),
      state_(std::make_shared<ClusterState>(simulation.metrics(), std::move(config), members)) {
  for (std::size_t i = 0; i < members; ++i) {
    const std::string name = "etcd-" + std::to_string(i);
    const sim::HostId host = simulation.add_host(name, zones[i % zones.size()]);
    const raft::NodeId node_id = i + 1;
    auto state = state_;
    const sim::ProcessId pid =
        simulation.add_process(name, host, [state, node_id](sim::ProcessContext context) {
          return std::make_unique<EtcdMember>(context, state, node_id);
        });
    sim::DiskSpec disk;
    disk.fsync_latency = state_->config.wal_fsync;
    simulation.disk(pid).set_spec(disk);
    state_->member_pids.push_back(pid);
  }
  std::vector<sim::ProcessId> client_pids;
  for (std::size_t i = 0; i < clients; ++i) {
    const std::string name = "client-" + std::to_string(i);
    const sim::HostId host = simulation.add_host(name, zones[i % zones.size()]);
    auto state = state_;
    const auto client_id = static_cast<std::int64_t>(i);
    client_pids.push_back(simulation.add_process(
        name, host, [state, client_config, client_id](sim::ProcessContext context) {
          return std::make_unique<EtcdClient>(context, state, client_config, client_id);
        }));
  }
  for (sim::ProcessId pid : state_->member_pids)
    simulation.start(pid);
  for (sim::ProcessId pid : client_pids)
    simulation.start(pid);
}

sim::ProcessId EtcdCluster::leader() const {
  sim::ProcessId best = sim::kNoProcess;
  raft::Term best_term = 0;
  for (sim::ProcessId pid : state_->member_pids) {
    const auto* member = dynamic_cast<const EtcdMember*>(simulation_.process(pid));
    if (member == nullptr || member->soft_state().role != raft::StateRole::kLeader) continue;
    if (member->term() > best_term) {
      best_term = member->term();
      best = pid;
    }
  }
  return best;
}

sim::ProcessId EtcdCluster::follower(sim::Rng& rng) const {
  const sim::ProcessId lead = leader();
  std::vector<sim::ProcessId> candidates;
  for (sim::ProcessId pid : state_->member_pids) {
    if (pid != lead && simulation_.is_up(pid)) candidates.push_back(pid);
  }
  if (candidates.empty()) return sim::kNoProcess;
  return candidates[rng.below(candidates.size())];
}

bool EtcdCluster::has_leader() const {
  const sim::ProcessId lead = leader();
  if (lead == sim::kNoProcess) return false;
  const raft::NodeId lead_id =
      dynamic_cast<const EtcdMember*>(simulation_.process(lead))->node_id();
  std::size_t following = 0;
  for (sim::ProcessId pid : state_->member_pids) {
    const auto* member = dynamic_cast<const EtcdMember*>(simulation_.process(pid));
    if (member != nullptr && member->soft_state().leader == lead_id &&
        !simulation_.network().blocked(simulation_.process_info(pid).host,
                                       simulation_.process_info(lead).host)) {
      ++following;
    }
  }
  return following > state_->member_pids.size() / 2;
}

checker::Verdict EtcdCluster::linearizability() const {
  if (state_->history.size() != checked_history_size_) {
    checked_history_size_ = state_->history.size();
    verdict_ = checker::check_linearizable(state_->history.history()).verdict;
  }
  return verdict_;
}

}  // namespace kcsim::etcd
