// A test world for the replicas: etcd members, kube-apiserver replicas over them
// (ApiServerCluster), and client processes driving client::ApiClient from a script.
#pragma once

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "model/apiserver/objects/kinds.h"
#include "model/apiserver/server/apiserver_cluster.h"
#include "model/client/api_client.h"
#include "model/etcd/member/etcd_cluster.h"
#include "sim/simulation.h"

namespace kcsim::apiserver::testing {

class ClientProcess final : public sim::Process {
 public:
  using Script = std::function<void(ClientProcess&)>;

  ClientProcess(sim::ProcessContext context, std::vector<sim::ProcessId> replicas, Script script,
                client::ClientConfig config = {})
      : Process(context),
        script_(std::move(script)),
        client(
            Process::context(),
            client::LoadBalancer(std::move(replicas), client::BalancerMode::kRandom, "kubernetes"),
            std::move(config), nullptr) {}

  void start() override {
    handle(api::kApiResponsePort, [this](sim::ProcessId from, api::ApiResponse&& response) {
      client.on_response(from, std::move(response));
    });
    handle(api::kWatchEventPort, [this](sim::ProcessId from, api::WatchEvent&& event) {
      client.on_watch_event(from, event);
    });
    if (script_) script_(*this);
  }
  using Process::after;

 private:
  Script script_;

 public:
  client::ApiClient client;
};

struct World {
  explicit World(std::size_t replicas = 1, ApiServerConfig config = {}, std::uint64_t seed = 1)
      : sim(seed) {
    etcd = std::make_unique<etcd::EtcdCluster>(sim, etcd::EtcdConfig{}, 3, 0, etcd::ClientConfig{},
                                               zones);
    servers =
        std::make_unique<ApiServerCluster>(sim, config, replicas, zones, etcd->shared_state());
  }

  sim::ProcessId add_client(ClientProcess::Script script, client::ClientConfig config = {}) {
    const std::string name = "client-" + std::to_string(clients.size());
    const sim::HostId host = sim.add_host(name, "z");
    const sim::ProcessId id = sim.add_process(
        name, host, [replicas = servers->replicas(), script, config](sim::ProcessContext context) {
          return std::make_unique<ClientProcess>(context, replicas, script, config);
        });
    clients.push_back(id);
    return id;
  }
  void start_clients() {
    for (sim::ProcessId id : clients)
      sim.start(id);
  }
  // Runs until every replica is ready (or `limit`).
  bool run_until_ready(sim::Time limit = 30 * sim::kSecond) {
    while (sim.now() < limit) {
      if (servers->ready_replicas() == servers->replicas().size()) return true;
      sim.run_until(sim.now() + 100 * sim::kMillisecond);
    }
    return false;
  }
  double metric(const std::string& name) const { return sim.metrics().query(name).value_or(0.0); }

  std::vector<std::string> zones = {"z"};
  sim::Simulation sim;
  std::unique_ptr<etcd::EtcdCluster> etcd;
  std::unique_ptr<ApiServerCluster> servers;
  std::vector<sim::ProcessId> clients;
};

// The results of a client's calls, in the order they were answered.
struct Log {
  std::vector<client::Result> results;
  client::ApiClient::Done sink() {
    return [this](client::Result&& result) { results.push_back(std::move(result)); };
  }
};

inline api::ObjectPtr make_pod(const std::string& name, std::int64_t resource_version = 0,
                               const std::string& node = "") {
  auto pod = std::make_shared<api::Object>();
  pod->meta.name = name;
  pod->meta.namespace_ = "default";
  pod->meta.resource_version = resource_version;
  api::PodBody body;
  body.node_name = node;
  pod->body = body;
  pod->encoded_bytes = 2000;
  return pod;
}

// The names of a LIST answer's items.
inline std::set<std::string> names(const client::Result& result) {
  std::set<std::string> out;
  for (const api::Versioned& item : result.response.items)
    out.insert(item.object->meta.name);
  return out;
}

}  // namespace kcsim::apiserver::testing
