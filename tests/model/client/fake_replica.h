// Test doubles for the API client's tests: a fake kube-apiserver replica that answers
// ApiRequests as the test says (ok, 429 with Retry-After, 409, silence, watch events),
// and a client process that owns an ApiClient. The real server is model/apiserver's.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "model/apiserver/api/wire.h"
#include "model/client/api_client.h"
#include "sim/network.h"
#include "sim/simulation.h"

namespace kcsim::client::testing {

// What a replica received, kept outside the process so that it survives crashes.
struct Received {
  sim::Time at = 0;
  sim::ProcessId from = sim::kNoProcess;
  api::ApiRequest request;
};
struct ReplicaLog {
  std::vector<Received> received;
};

class FakeReplica;
// The answer to a request (nullopt: none). Watches: use `replica.emit`.
using Answer =
    std::function<std::optional<api::ApiResponse>(const Received&, FakeReplica& replica)>;

inline std::optional<api::ApiResponse> answer_ok(const Received&, FakeReplica&) {
  api::ApiResponse response;
  response.code = api::Code::kOk;
  return response;
}

class FakeReplica final : public sim::Process {
 public:
  FakeReplica(sim::ProcessContext context, std::shared_ptr<ReplicaLog> log, Answer answer)
      : Process(context), log_(std::move(log)), answer_(std::move(answer)) {}

  void start() override {
    handle(api::kApiRequestPort, [this](sim::ProcessId from, api::ApiRequest&& request) {
      log_->received.push_back(Received{now(), from, request});
      const Received& got = log_->received.back();
      std::optional<api::ApiResponse> response = answer_(got, *this);
      if (!response) return;
      response->request_id = request.request_id;
      context().send_on_stream(request.stream, api::kApiResponsePort, from, 100, kAnswer,
                               std::move(*response));
    });
  }

  void emit(const Received& watch, api::WatchEvent event) {
    event.request_id = watch.request.request_id;
    context().send_on_stream(watch.request.stream, api::kWatchEventPort, watch.from, 100, kEvent,
                             std::move(event));
  }
  void close_watch(const Received& watch) { context().close_stream(watch.request.stream); }
  // Answers `got` after `delay` (a slow request), on its stream.
  void answer_later(const Received& got, api::ApiResponse response, sim::Time delay) {
    response.request_id = got.request.request_id;
    after(delay, kLater, [this, got, response]() mutable {
      context().send_on_stream(got.request.stream, api::kApiResponsePort, got.from, 100, kAnswer,
                               std::move(response));
    });
  }
  using Process::after;

 private:
  static constexpr sim::Label kAnswer{"fake.answer"};
  static constexpr sim::Label kEvent{"fake.event"};
  static constexpr sim::Label kLater{"fake.later"};
  std::shared_ptr<ReplicaLog> log_;
  Answer answer_;
};

// A process that owns an ApiClient and routes its ports to it.
class ClientProcess final : public sim::Process {
 public:
  struct Setup {
    std::vector<sim::ProcessId> backends;
    BalancerMode mode = BalancerMode::kRandom;
    ClientConfig config;
    ClientMetrics* metrics = nullptr;
    std::function<void(ClientProcess&)> on_start;
  };

  ClientProcess(sim::ProcessContext context, Setup setup)
      : Process(context),
        on_start_(std::move(setup.on_start)),
        client(Process::context(), LoadBalancer(setup.backends, setup.mode, "kubernetes"),
               setup.config, setup.metrics) {}

  void start() override {
    handle(api::kApiResponsePort, [this](sim::ProcessId from, api::ApiResponse&& response) {
      client.on_response(from, std::move(response));
    });
    handle(api::kWatchEventPort, [this](sim::ProcessId from, api::WatchEvent&& event) {
      client.on_watch_event(from, event);
    });
    if (on_start_) on_start_(*this);
  }
  using Process::after;

 private:
  std::function<void(ClientProcess&)> on_start_;

 public:
  ApiClient client;
};

// One zone, 1ms one way between hosts, no serialisation time.
struct World {
  explicit World(std::uint64_t seed = 1) : sim(seed) {
    sim::NetworkSpec spec;
    spec.intra_zone.latency = sim::Distribution::constant(sim::kMillisecond);
    spec.intra_zone.bandwidth_bits_per_s = 1e18;
    sim.network().set_spec(spec);
  }

  sim::ProcessId add_replica(Answer answer = answer_ok) {
    const auto index = replicas.size();
    const std::string name = "apiserver-" + std::to_string(index);
    const sim::HostId host = sim.add_host(name, "z");
    logs.push_back(std::make_shared<ReplicaLog>());
    const sim::ProcessId id =
        sim.add_process(name, host, [log = logs.back(), answer](sim::ProcessContext context) {
          return std::make_unique<FakeReplica>(context, log, answer);
        });
    sim.start(id);
    replicas.push_back(id);
    replica_hosts.push_back(host);
    return id;
  }

  sim::ProcessId add_client(ClientProcess::Setup setup) {
    const std::string name = "client-" + std::to_string(clients.size());
    const sim::HostId host = sim.add_host(name, "z");
    if (setup.backends.empty()) setup.backends = replicas;
    const sim::ProcessId id = sim.add_process(name, host, [setup](sim::ProcessContext context) {
      return std::make_unique<ClientProcess>(context, setup);
    });
    sim.start(id);
    clients.push_back(id);
    return id;
  }

  // Which replica's log holds a request from `client`, in order of arrival.
  std::vector<std::size_t> replicas_seen_by(sim::ProcessId client) const {
    std::vector<std::pair<sim::Time, std::size_t>> seen;
    for (std::size_t r = 0; r < logs.size(); ++r) {
      for (const Received& got : logs[r]->received) {
        if (got.from == client) seen.emplace_back(got.at, r);
      }
    }
    std::stable_sort(seen.begin(), seen.end());
    std::vector<std::size_t> out;
    for (const auto& entry : seen)
      out.push_back(entry.second);
    return out;
  }

  sim::Simulation sim;
  std::vector<sim::ProcessId> replicas;
  std::vector<sim::HostId> replica_hosts;
  std::vector<std::shared_ptr<ReplicaLog>> logs;
  std::vector<sim::ProcessId> clients;
};

}  // namespace kcsim::client::testing
