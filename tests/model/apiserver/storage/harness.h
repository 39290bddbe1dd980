// A Simulation with a 3-member etcd cluster and one process ("apiserver-0") that owns a
// KvClient and a storage::Store, as a kube-apiserver replica does. Tests run a storage
// call inside that process and run the simulation until it answers.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "model/apiserver/storage/store.h"
#include "model/etcd/member/etcd_cluster.h"
#include "sim/simulation.h"

namespace kcsim::apiserver::storage::testing {

class StoreHost final : public sim::Process {
 public:
  StoreHost(sim::ProcessContext context, std::vector<sim::ProcessId> endpoints)
      : Process(context),
        client_(Process::context(), std::move(endpoints), 0),
        store_(Process::context(), client_, StoreConfig{},
               [this](std::string_view operation, api::Kind, double) {
                 ++etcd_calls[std::string(operation)];
               }) {}
  void start() override {
    handle(etcd::kResponsePort,
           [this](sim::ProcessId, const etcd::ClientResponse& r) { client_.on_response(r); });
  }
  Store& store() { return store_; }
  etcd::KvClient& client() { return client_; }
  // The store's etcd calls by operation (its timer hook), tries included.
  std::map<std::string, int> etcd_calls;

 private:
  etcd::KvClient client_;
  Store store_;
};

class Harness {
 public:
  static constexpr sim::Time kStep = 10 * sim::kMillisecond;
  static constexpr int kMaxSteps = 100'000;  // 1000 s of virtual time: far beyond any call

  Harness() : simulation_(1) {
    cluster_ = std::make_unique<etcd::EtcdCluster>(simulation_, etcd::EtcdConfig{}, 3, 0,
                                                   etcd::ClientConfig{},
                                                   std::vector<std::string>{"zone-a"});
    const sim::HostId host = simulation_.add_host("apiserver-0", "zone-a");
    auto endpoints = cluster_->state().initial_endpoints();
    pid_ = simulation_.add_process("apiserver-0", host, [this, endpoints](sim::ProcessContext c) {
      auto process = std::make_unique<StoreHost>(c, endpoints);
      host_ = process.get();
      return process;
    });
    simulation_.start(pid_);
    simulation_.run_until(5 * sim::kSecond);  // a leader is elected
  }

  // Runs `call` inside apiserver-0 and the simulation until `call`'s answer comes.
  template <typename Result>
  Result await(std::function<void(StoreHost&, std::function<void(Result)>)> call) {
    std::optional<Result> out;
    in_process([&](StoreHost& host) { call(host, [&out](Result r) { out = std::move(r); }); });
    for (int step = 0; step < kMaxSteps && !out; ++step)
      run_for(kStep);
    EXPECT_TRUE(out.has_value()) << "no answer";
    return out.value_or(Result{});
  }

  void in_process(std::function<void(StoreHost&)> action) {
    simulation_.at_for(pid_, simulation_.now(), sim::Label{"test.call"},
                       [this, action = std::move(action)] { action(*host_); });
  }
  void run_for(sim::Time duration) { simulation_.run_until(simulation_.now() + duration); }

  ObjectResult create(api::ObjectPtr object) {
    return await<ObjectResult>(
        [object](StoreHost& h, auto done) { h.store().create(object, std::move(done)); });
  }
  ObjectResult get(api::Kind kind, const std::string& ns, const std::string& name) {
    return await<ObjectResult>(
        [=](StoreHost& h, auto done) { h.store().get(kind, ns, name, std::move(done)); });
  }
  ObjectResult update(api::ObjectPtr object) {
    return await<ObjectResult>(
        [object](StoreHost& h, auto done) { h.store().update(object, std::move(done)); });
  }
  ObjectResult remove(api::Kind kind, const std::string& ns, const std::string& name,
                      DeleteOptions options = {}) {
    return await<ObjectResult>([=](StoreHost& h, auto done) {
      h.store().remove(kind, ns, name, options, std::move(done));
    });
  }
  ListResult list(ListRequest request) {
    return await<ListResult>(
        [request](StoreHost& h, auto done) { h.store().list(request, std::move(done)); });
  }
  etcd::ClientError compact(std::int64_t revision) {
    std::optional<etcd::ClientError> out;
    in_process([&](StoreHost& h) {
      h.client().call(etcd::mvcc::CompactionRequest{revision}, 10 * sim::kSecond,
                      [&out](etcd::ClientError e, const etcd::mvcc::Response&) { out = e; });
    });
    for (int step = 0; step < kMaxSteps && !out; ++step)
      run_for(kStep);
    return out.value_or(etcd::ClientError::kClientTimeout);
  }

  sim::Simulation& simulation() { return simulation_; }
  etcd::EtcdCluster& cluster() { return *cluster_; }
  StoreHost& host() { return *host_; }
  sim::Time now() const { return simulation_.now(); }

 private:
  sim::Simulation simulation_;
  std::unique_ptr<etcd::EtcdCluster> cluster_;
  sim::ProcessId pid_{};
  StoreHost* host_ = nullptr;
};

}  // namespace kcsim::apiserver::storage::testing
