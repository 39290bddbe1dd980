#include "model/apiserver/server/apiserver_cluster.h"

#include "model/apiserver/server/apiserver.h"
#include "model/etcd/member/cluster_state.h"
#include "model/etcd/member/etcd_compactor.h"
#include "sim/cpu.h"
#include "sim/distributions.h"

namespace kcsim::apiserver {
namespace {

constexpr sim::Label kRollStep{"apiserver.rolling_restart"};

}  // namespace

ApiServerCluster::ApiServerCluster(sim::Simulation& simulation, ApiServerConfig config,
                                   std::size_t replicas, const std::vector<std::string>& zones,
                                   std::shared_ptr<etcd::ClusterState> etcd)
    : simulation_(simulation),
      shared_(std::make_shared<ApiServerShared>(simulation.metrics(), config,
                                                etcd->initial_endpoints())),
      etcd_(std::move(etcd)) {
  shared_->views.resize(replicas);
  // The control plane boots etcd first: kube-apiserver starts once etcd has had time to
  // boot and elect (kubeadm waits for etcd's static pod): two election timeouts and a
  // heartbeat. A read sent while etcd elects can wait etcd's request timeout (5s + 2
  // election timeouts) before it is retried.
  const sim::Distribution start_delay = sim::Distribution::constant(
      static_cast<double>(2 * etcd_->config.election_timeout + etcd_->config.heartbeat_interval));
  for (std::size_t i = 0; i < replicas; ++i) {
    const std::string name = "apiserver-" + std::to_string(i);
    const sim::HostId host = simulation_.add_host(name, zones[i % zones.size()]);
    auto shared = shared_;
    const sim::ProcessId pid =
        simulation_.add_process(name, host, [shared, i](sim::ProcessContext context) {
          return std::make_unique<ApiServer>(context, shared, i);
        });
    simulation_.cpu(pid).set_spec(sim::CpuSpec{config.cores});
    simulation_.set_start_delay(pid, start_delay);
    shared_->replicas.push_back(pid);
  }
  for (std::size_t i = 0; i < replicas; ++i) {
    const sim::HostId host = simulation_.process_info(shared_->replicas[i]).host;
    auto state = etcd_;
    const sim::Time interval = config.etcd_compaction_interval;
    const auto n = static_cast<std::int64_t>(i);
    const sim::ProcessId pid = simulation_.add_process(
        "apiserver-" + std::to_string(i) + "-compactor", host,
        [state, interval, n](sim::ProcessContext context) {
          return std::make_unique<etcd::EtcdCompactor>(context, state, interval, n);
        });
    simulation_.set_start_delay(pid, start_delay);
    compactors_.push_back(pid);
  }
  for (sim::ProcessId pid : shared_->replicas)
    simulation_.start(pid);
  for (sim::ProcessId pid : compactors_)
    simulation_.start(pid);
}

sim::ProcessId ApiServerCluster::any(sim::Rng& rng) const {
  std::vector<sim::ProcessId> live;
  for (sim::ProcessId pid : shared_->replicas) {
    if (simulation_.is_up(pid)) live.push_back(pid);
  }
  if (live.empty()) return sim::kNoProcess;
  return live[rng.below(live.size())];
}

bool ApiServerCluster::ready(std::size_t index) const {
  const ReplicaView& view = shared_->views.at(index);
  return view.up && view.server != nullptr && view.server->ready();
}

std::size_t ApiServerCluster::ready_replicas() const {
  std::size_t n = 0;
  for (std::size_t i = 0; i < shared_->views.size(); ++i)
    n += ready(i) ? 1 : 0;
  return n;
}

std::size_t ApiServerCluster::live_replicas() const {
  std::size_t n = 0;
  for (const ReplicaView& view : shared_->views)
    n += view.up ? 1 : 0;
  return n;
}

std::uint64_t ApiServerCluster::relists() const {
  std::uint64_t n = 0;
  for (const ReplicaView& view : shared_->views) {
    if (view.server != nullptr) n += view.server->relists();
  }
  return n;
}

std::size_t ApiServerCluster::watches() const {
  std::size_t n = 0;
  for (const ReplicaView& view : shared_->views) {
    if (view.server != nullptr) n += view.server->watches();
  }
  return n;
}

std::uint64_t ApiServerCluster::answered(int code) const {
  const auto it = shared_->answered_by_code.find(code);
  return it == shared_->answered_by_code.end() ? 0 : it->second;
}

std::uint64_t ApiServerCluster::answered_class(int hundred) const {
  std::uint64_t n = 0;
  for (const auto& [code, count] : shared_->answered_by_code) {
    if (code / 100 == hundred) n += count;
  }
  return n;
}

void ApiServerCluster::rolling_restart() {
  if (rolling_ || shared_->replicas.empty()) return;  // one rollout at a time
  rolling_ = true;
  roll(0, false);
}

void ApiServerCluster::roll(std::size_t index, bool terminated) {
  if (index == shared_->replicas.size()) {
    rolling_ = false;
    ++rollouts_done_;
    return;
  }
  const sim::ProcessId pid = shared_->replicas[index];
  if (!simulation_.host(simulation_.process_info(pid).host).up) {
    roll(index + 1, false);  // its host is down: nothing to restart there
    return;
  }
  if (!terminated) {
    // SIGTERM: the replica drains and exits by itself (apiserver.h). A replica found
    // down (crashed by the scenario) is simply started.
    if (simulation_.is_up(pid)) simulation_.inject(kTerminatePort, pid, Terminate{});
    simulation_.after(kRollPoll, kRollStep, [this, index] { roll(index, true); });
    return;
  }
  if (!simulation_.is_up(pid)) {
    simulation_.set_start_delay(pid, sim::Distribution::constant(0));  // etcd is up by now
    simulation_.start(pid);
  } else if (ready(index)) {
    roll(index + 1, false);
    return;
  }
  simulation_.after(kRollPoll, kRollStep, [this, index] { roll(index, true); });
}

}  // namespace kcsim::apiserver
