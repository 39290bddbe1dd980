// The API client against fake replicas in a simulation: timing of the rate limiter,
// Retry-After, connection stickiness, failover, the health check, watches.
#include "model/client/api_client.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "tests/model/client/fake_replica.h"

namespace kcsim::client {
namespace {

using testing::Answer;
using testing::ClientProcess;
using testing::FakeReplica;
using testing::Received;
using testing::World;

constexpr sim::Time kMs = sim::kMillisecond;
constexpr sim::Label kTestLabel{"test.timer"};

std::optional<api::ApiResponse> status_answer(api::Code code, api::Reason reason,
                                              std::int64_t retry_after = 0) {
  api::ApiResponse response;
  response.code = code;
  response.reason = reason;
  response.retry_after_seconds = retry_after;
  return response;
}

std::optional<api::ApiResponse> silent(const Received&, FakeReplica&) {
  return std::nullopt;
}

// Results kept outside the client process.
struct Results {
  std::vector<Result> done;
  std::vector<sim::Time> at;
  ApiClient::Done sink(const sim::Simulation& sim) {
    return [this, &sim](Result&& result) {
      done.push_back(std::move(result));
      at.push_back(sim.now());
    };
  }
};

TEST(ApiClient, ThrottledRequestsLeaveAtBurstThenQps) {
  World w;
  w.add_replica();
  Results results;
  ClientProcess::Setup setup;
  setup.on_start = [&](ClientProcess& p) {
    for (int k = 0; k < 20; ++k)
      p.client.get(api::Kind::kPod, "default", "p", results.sink(w.sim));
  };
  w.add_client(setup);
  w.sim.run_until(10 * sim::kSecond);
  const auto& received = w.logs[0]->received;
  ASSERT_EQ(received.size(), 20u);
  for (std::size_t k = 0; k < received.size(); ++k) {
    const sim::Time sent = k < 10 ? 0 : static_cast<sim::Time>(k - 9) * 200 * kMs;
    EXPECT_EQ(received[k].at, sent + kMs) << "request " << k;  // 1ms one way
  }
  ASSERT_EQ(results.done.size(), 20u);
  for (const Result& result : results.done)
    EXPECT_TRUE(result.status.ok());
}

TEST(ApiClient, WatchesAreNotRateLimited) {
  World w;
  w.add_replica([](const Received& got, FakeReplica& replica) -> std::optional<api::ApiResponse> {
    if (got.request.verb == api::Verb::kWatch) return std::nullopt;
    return testing::answer_ok(got, replica);
  });
  Results results;
  ClientProcess::Setup setup;
  setup.on_start = [&](ClientProcess& p) {
    for (int k = 0; k < 11; ++k)
      p.client.get(api::Kind::kPod, "default", "p", results.sink(w.sim));
    p.client.watch(api::Kind::kPod, "default", {}, {});
  };
  w.add_client(setup);
  w.sim.run_until(sim::kSecond);
  const auto& received = w.logs[0]->received;
  ASSERT_EQ(received.size(), 12u);
  // The watch is not behind the eleventh GET, which waits 200ms for a token.
  auto watch = std::find_if(received.begin(), received.end(), [](const Received& got) {
    return got.request.verb == api::Verb::kWatch;
  });
  ASSERT_NE(watch, received.end());
  EXPECT_EQ(watch->at, kMs);
  EXPECT_EQ(received.back().at, 201 * kMs);
  EXPECT_EQ(received.back().request.verb, api::Verb::kGet);
}

TEST(ApiClient, RetryAfterIsHonoured) {
  World w;
  int calls = 0;
  w.add_replica([&](const Received&, FakeReplica&) {
    ++calls;
    if (calls <= 2)
      return status_answer(api::Code::kTooManyRequests, api::Reason::kTooManyRequests, 3);
    return status_answer(api::Code::kOk, api::Reason::kNone);
  });
  Results results;
  ClientProcess::Setup setup;
  setup.on_start = [&](ClientProcess& p) {
    p.client.get(api::Kind::kConfigMap, "default", "c", results.sink(w.sim));
  };
  w.add_client(setup);
  w.sim.run_until(20 * sim::kSecond);
  const auto& received = w.logs[0]->received;
  ASSERT_EQ(received.size(), 3u);
  // Each retry leaves Retry-After (3s) after the answer, which took a round trip.
  EXPECT_EQ(received[0].at, kMs);
  EXPECT_EQ(received[1].at - received[0].at, 3 * sim::kSecond + 2 * kMs);
  EXPECT_EQ(received[2].at - received[1].at, 3 * sim::kSecond + 2 * kMs);
  ASSERT_EQ(results.done.size(), 1u);
  EXPECT_TRUE(results.done[0].status.ok());
  EXPECT_EQ(results.done[0].attempts, 3);
  EXPECT_EQ(results.at[0], received[2].at + kMs);
}

TEST(ApiClient, AtMostMaxRetriesThenTheErrorIsReturned) {
  World w;
  w.add_replica([](const Received&, FakeReplica&) {
    return status_answer(api::Code::kTooManyRequests, api::Reason::kTooManyRequests, 1);
  });
  ClientMetrics metrics(w.sim.metrics());
  Results results;
  ClientProcess::Setup setup;
  setup.metrics = &metrics;
  setup.on_start = [&](ClientProcess& p) {
    p.client.list(api::Kind::kPod, "default", {}, results.sink(w.sim));
  };
  w.add_client(setup);
  w.sim.run_until(60 * sim::kSecond);
  EXPECT_EQ(w.logs[0]->received.size(), 11u);  // the first try and 10 retries
  ASSERT_EQ(results.done.size(), 1u);
  EXPECT_TRUE(is_too_many_requests(results.done[0].status));
  EXPECT_EQ(results.done[0].attempts, 11);
  EXPECT_EQ(w.sim.metrics().query(
                R"(rest_client_requests_total{code="429",host="kubernetes",method="GET"})"),
            1.0);
  EXPECT_EQ(w.sim.metrics().query(
                R"(rest_client_request_retries_total{code="429",host="kubernetes",verb="GET"})"),
            10.0);
}

TEST(ApiClient, NoRetryWithoutRetryAfter) {
  World w;
  w.add_replica([](const Received&, FakeReplica&) {
    return status_answer(api::Code::kServiceUnavailable, api::Reason::kServiceUnavailable);
  });
  Results results;
  ClientProcess::Setup setup;
  setup.on_start = [&](ClientProcess& p) {
    p.client.get(api::Kind::kPod, "default", "p", results.sink(w.sim));
  };
  w.add_client(setup);
  w.sim.run_until(10 * sim::kSecond);
  EXPECT_EQ(w.logs[0]->received.size(), 1u);
  ASSERT_EQ(results.done.size(), 1u);
  EXPECT_TRUE(is_service_unavailable(results.done[0].status));
}

TEST(ApiClient, ServerErrorsReachTheCallerMapped) {
  World w;
  w.add_replica([](const Received& got, FakeReplica&) {
    switch (got.request.verb) {
      case api::Verb::kUpdate:
        return status_answer(api::Code::kConflict, api::Reason::kConflict);
      case api::Verb::kCreate:
        return status_answer(api::Code::kConflict, api::Reason::kAlreadyExists);
      case api::Verb::kGet:
        return status_answer(api::Code::kNotFound, api::Reason::kNotFound);
      default:
        return status_answer(api::Code::kGone, api::Reason::kExpired);
    }
  });
  Results results;
  ClientProcess::Setup setup;
  setup.on_start = [&](ClientProcess& p) {
    auto object = std::make_shared<api::Object>();
    object->meta.name = "c";
    object->meta.namespace_ = "default";
    object->body = api::ConfigMapBody{};
    object->encoded_bytes = 500;
    p.client.update(object, results.sink(w.sim));
    p.client.create(object, results.sink(w.sim));
    p.client.get(api::Kind::kConfigMap, "default", "c", results.sink(w.sim));
    p.client.list(api::Kind::kConfigMap, "default", {}, results.sink(w.sim));
  };
  w.add_client(setup);
  w.sim.run_until(10 * sim::kSecond);
  ASSERT_EQ(results.done.size(), 4u);
  EXPECT_TRUE(is_conflict(results.done[0].status));
  EXPECT_TRUE(is_already_exists(results.done[1].status));
  EXPECT_FALSE(is_conflict(results.done[1].status));
  EXPECT_TRUE(is_not_found(results.done[2].status));
  EXPECT_TRUE(is_resource_expired(results.done[3].status));
  // The body's bytes were sent with the update.
  EXPECT_EQ(w.logs[0]->received[0].request.body_bytes, 500u);
  EXPECT_EQ(w.logs[0]->received[0].request.kind, api::Kind::kConfigMap);
}

// A client that sends a GET every second, for ever.
void every_second(ClientProcess& p, sim::Simulation& sim) {
  p.client.get(api::Kind::kPod, "default", "p", [](Result&&) {});
  p.after(sim::kSecond, kTestLabel, [&p, &sim] { every_second(p, sim); });
}

TEST(ApiClient, ClientsStickToTheirReplicaAndStayAfterItsRestart) {
  World w;
  for (int r = 0; r < 3; ++r)
    w.add_replica();
  constexpr int kClients = 12;
  for (int c = 0; c < kClients; ++c) {
    ClientProcess::Setup setup;
    setup.on_start = [&w](ClientProcess& p) { every_second(p, w.sim); };
    w.add_client(setup);
  }
  w.sim.run_until(10 * sim::kSecond);
  // Before any fault: each client on one replica.
  std::map<sim::ProcessId, std::size_t> home;
  std::vector<int> per_replica(3, 0);
  for (sim::ProcessId c : w.clients) {
    const auto seen = w.replicas_seen_by(c);
    ASSERT_GE(seen.size(), 9u);
    EXPECT_EQ(std::set<std::size_t>(seen.begin(), seen.end()).size(), 1u);
    home[c] = seen.front();
    ++per_replica[seen.front()];
  }
  const auto victim = static_cast<std::size_t>(
      std::max_element(per_replica.begin(), per_replica.end()) - per_replica.begin());
  ASSERT_GT(per_replica[victim], 0);
  w.sim.crash(w.replicas[victim]);  // its host stays up: connections are reset
  w.sim.run_until(20 * sim::kSecond);
  const sim::Time restart_at = w.sim.now();
  w.sim.restart(w.replicas[victim]);
  const std::size_t before_restart = w.logs[victim]->received.size();
  w.sim.run_until(60 * sim::kSecond);
  // The restarted replica gets nothing: every client keeps the connection it has.
  EXPECT_EQ(w.logs[victim]->received.size(), before_restart);
  for (sim::ProcessId c : w.clients) {
    std::vector<std::size_t> after_crash;
    for (std::size_t r = 0; r < 3; ++r) {
      for (const Received& got : w.logs[r]->received) {
        if (got.from == c && got.at > 10 * sim::kSecond + 10 * kMs) after_crash.push_back(r);
      }
    }
    const std::set<std::size_t> distinct(after_crash.begin(), after_crash.end());
    EXPECT_EQ(distinct.size(), 1u) << "client " << c;  // moved once, then stayed
    if (home[c] == victim) {
      EXPECT_FALSE(distinct.contains(victim)) << "client " << c;
    } else {
      EXPECT_TRUE(distinct.contains(home[c])) << "client " << c;  // never moved
    }
  }
  EXPECT_GT(restart_at, 0);
}

TEST(ApiClient, ARefusedBackendIsSkipped) {
  World w;
  for (int r = 0; r < 3; ++r)
    w.add_replica();
  w.sim.crash(w.replicas[0]);  // down on a live host: it refuses connections
  Results results;
  std::vector<const ApiClient*> clients;
  for (int c = 0; c < 20; ++c) {
    ClientProcess::Setup setup;
    setup.on_start = [&](ClientProcess& p) {
      clients.push_back(&p.client);
      p.client.get(api::Kind::kPod, "default", "p", results.sink(w.sim));
    };
    w.add_client(setup);
  }
  w.sim.run_until(sim::kSecond);
  EXPECT_TRUE(w.logs[0]->received.empty());
  EXPECT_EQ(w.logs[1]->received.size() + w.logs[2]->received.size(), 20u);
  ASSERT_EQ(results.done.size(), 20u);
  for (const Result& result : results.done)
    EXPECT_TRUE(result.status.ok());
  for (const ApiClient* client : clients)
    EXPECT_EQ(client->connection().dials(), 1u);
}

TEST(ApiClient, EveryBackendRefusedFailsTheRequest) {
  World w;
  w.add_replica();
  w.sim.crash(w.replicas[0]);
  Results results;
  ClientProcess::Setup setup;
  setup.on_start = [&](ClientProcess& p) {
    p.client.get(api::Kind::kPod, "default", "p", results.sink(w.sim));
  };
  w.add_client(setup);
  w.sim.run_until(sim::kSecond);
  ASSERT_EQ(results.done.size(), 1u);
  EXPECT_EQ(results.done[0].status.transport, Transport::kConnectionRefused);
}

TEST(ApiClient, ABrokenConnectionRetriesTheGetNotThePost) {
  World w;
  w.add_replica(silent);
  w.add_replica();
  Results get, post;
  ClientProcess::Setup setup;
  setup.mode = BalancerMode::kRoundRobin;  // the first connection goes to the silent one
  setup.on_start = [&](ClientProcess& p) {
    p.client.get(api::Kind::kPod, "default", "p", get.sink(w.sim));
    auto object = std::make_shared<api::Object>();
    object->meta.name = "p";
    object->meta.namespace_ = "default";
    object->body = api::PodBody{};
    p.client.create(object, post.sink(w.sim));
  };
  w.add_client(setup);
  w.sim.run_until(sim::kSecond);
  w.sim.crash(w.replicas[0]);
  w.sim.run_until(10 * sim::kSecond);
  ASSERT_EQ(post.done.size(), 1u);
  EXPECT_EQ(post.done[0].status.transport, Transport::kConnectionReset);
  EXPECT_EQ(post.done[0].attempts, 1);
  EXPECT_EQ(post.at[0], sim::kSecond + kMs);  // the reset's one-way delay
  ASSERT_EQ(get.done.size(), 1u);
  EXPECT_TRUE(get.done[0].status.ok());
  EXPECT_EQ(get.done[0].attempts, 2);
  EXPECT_EQ(get.done[0].replica, w.replicas[1]);
  // Retried 1s after the reset (the artificial Retry-After: 1), then a round trip.
  EXPECT_EQ(get.at[0], sim::kSecond + kMs + sim::kSecond + 2 * kMs);
}

TEST(ApiClient, ADeadHostIsFoundByTheHttp2HealthCheck) {
  World w;
  w.add_replica(silent);
  w.add_replica();
  Results results;
  ClientProcess::Setup setup;
  setup.mode = BalancerMode::kRoundRobin;
  setup.on_start = [&](ClientProcess& p) {
    p.client.get(api::Kind::kPod, "default", "p", results.sink(w.sim));
  };
  w.add_client(setup);
  w.sim.run_until(sim::kSecond);
  w.sim.crash_host(w.replica_hosts[0]);  // no reset: the client must find out
  w.sim.run_until(2 * sim::kMinute);
  ASSERT_EQ(results.done.size(), 1u);
  EXPECT_EQ(results.done[0].status.transport, Transport::kConnectionLost);
  // Nothing read for 30s (ReadIdleTimeout) from the connection's start, then the ping's
  // 15s (PingTimeout): "client connection lost" is not retried.
  EXPECT_EQ(results.at[0], 45 * sim::kSecond);
  EXPECT_EQ(results.done[0].attempts, 1);
}

TEST(ApiClient, ADeadlinePassesOverAllAttempts) {
  World w;
  w.add_replica(silent);
  Results results;
  ClientProcess::Setup setup;
  setup.config.timeout = 5 * sim::kSecond;
  setup.on_start = [&](ClientProcess& p) {
    p.client.get(api::Kind::kPod, "default", "p", results.sink(w.sim));
  };
  w.add_client(setup);
  w.sim.run_until(sim::kMinute);
  ASSERT_EQ(results.done.size(), 1u);
  EXPECT_EQ(results.done[0].status.transport, Transport::kDeadlineExceeded);
  EXPECT_EQ(results.at[0], 5 * sim::kSecond);
}

TEST(ApiClient, AnIdleConnectionIsClosedAndTheNextRequestDialsAgain) {
  World w;
  w.add_replica();
  const ApiClient* client = nullptr;
  ClientProcess::Setup setup;
  setup.on_start = [&](ClientProcess& p) {
    client = &p.client;
    p.client.get(api::Kind::kPod, "default", "p", [](Result&&) {});
    p.after(60 * sim::kSecond, kTestLabel,
            [&p] { p.client.get(api::Kind::kPod, "default", "p", [](Result&&) {}); });
    p.after(200 * sim::kSecond, kTestLabel,
            [&p] { p.client.get(api::Kind::kPod, "default", "p", [](Result&&) {}); });
  };
  w.add_client(setup);
  w.sim.run_until(100 * sim::kSecond);
  ASSERT_NE(client, nullptr);
  EXPECT_EQ(client->connection().dials(), 1u);  // 60s apart: kept
  EXPECT_EQ(client->connection().state(), Http2Connection::State::kOpen);
  w.sim.run_until(180 * sim::kSecond);
  EXPECT_EQ(client->connection().state(), Http2Connection::State::kNone);  // 90s idle
  w.sim.run_until(210 * sim::kSecond);
  EXPECT_EQ(client->connection().dials(), 2u);
}

struct WatchLog {
  std::vector<api::WatchEvent> events;
  std::vector<WatchEnd> ends;
  std::vector<sim::Time> end_at;
  WatchCallbacks callbacks(const sim::Simulation& sim) {
    return WatchCallbacks{[this](const api::WatchEvent& event) { events.push_back(event); },
                          [this, &sim](const WatchEnd& end) {
                            ends.push_back(end);
                            end_at.push_back(sim.now());
                          }};
  }
};

api::WatchEvent event_of(api::WatchEventType type, std::int64_t rv) {
  api::WatchEvent event;
  event.type = type;
  event.resource_version = rv;
  if (type == api::WatchEventType::kError) event.error_code = api::Code::kGone;
  return event;
}

TEST(ApiClient, AWatchSeesItsEventsThenA410Error) {
  World w;
  w.add_replica([](const Received& got, FakeReplica& replica) -> std::optional<api::ApiResponse> {
    replica.emit(got, event_of(api::WatchEventType::kAdded, 5));
    replica.emit(got, event_of(api::WatchEventType::kBookmark, 7));
    replica.emit(got, event_of(api::WatchEventType::kError, 0));
    return std::nullopt;
  });
  WatchLog log;
  ClientProcess::Setup setup;
  setup.on_start = [&](ClientProcess& p) {
    api::ListOptions options;
    options.rv_match = api::RvMatch::kNotOlderThan;
    options.resource_version = 4;
    p.client.watch(api::Kind::kPod, "", options, log.callbacks(w.sim));
  };
  w.add_client(setup);
  w.sim.run_until(sim::kSecond);
  ASSERT_EQ(w.logs[0]->received.size(), 1u);
  EXPECT_EQ(w.logs[0]->received[0].request.options.resource_version, 4);
  ASSERT_EQ(log.events.size(), 2u);
  EXPECT_EQ(log.events[0].resource_version, 5);
  EXPECT_EQ(log.events[1].type, api::WatchEventType::kBookmark);
  ASSERT_EQ(log.ends.size(), 1u);
  EXPECT_EQ(log.ends[0].kind, WatchEnd::Kind::kError);
  EXPECT_TRUE(is_expired_error(log.ends[0].status));
  EXPECT_EQ(log.ends[0].events, 2u);
}

TEST(ApiClient, AWatchTheServerClosesEndsClosed) {
  World w;
  w.add_replica([](const Received& got, FakeReplica& replica) -> std::optional<api::ApiResponse> {
    replica.emit(got, event_of(api::WatchEventType::kAdded, 5));
    replica.after(5 * sim::kSecond, kTestLabel, [&replica, got] { replica.close_watch(got); });
    return std::nullopt;
  });
  WatchLog log;
  ClientProcess::Setup setup;
  setup.on_start = [&](ClientProcess& p) {
    p.client.watch(api::Kind::kPod, "", {}, log.callbacks(w.sim));
  };
  w.add_client(setup);
  w.sim.run_until(10 * sim::kSecond);
  ASSERT_EQ(log.ends.size(), 1u);
  EXPECT_EQ(log.ends[0].kind, WatchEnd::Kind::kClosed);
  EXPECT_EQ(log.ends[0].status.transport, Transport::kNone);
  EXPECT_EQ(log.end_at[0], 5 * sim::kSecond + 2 * kMs);  // request 1ms, FIN 1ms
  EXPECT_EQ(log.events.size(), 1u);
}

TEST(ApiClient, AWatchEndsWhenItsReplicaCrashes) {
  World w;
  w.add_replica([](const Received& got, FakeReplica& replica) -> std::optional<api::ApiResponse> {
    replica.emit(got, event_of(api::WatchEventType::kAdded, 5));
    return std::nullopt;
  });
  WatchLog log;
  const ApiClient* client = nullptr;
  ClientProcess::Setup setup;
  setup.on_start = [&](ClientProcess& p) {
    client = &p.client;
    p.client.watch(api::Kind::kPod, "", {}, log.callbacks(w.sim));
  };
  w.add_client(setup);
  w.sim.run_until(3 * sim::kSecond);
  EXPECT_EQ(client->watches(), 1u);
  w.sim.crash(w.replicas[0]);
  w.sim.run_until(10 * sim::kSecond);
  ASSERT_EQ(log.ends.size(), 1u);
  EXPECT_EQ(log.ends[0].kind, WatchEnd::Kind::kClosed);
  EXPECT_EQ(log.ends[0].status.transport, Transport::kConnectionReset);
  EXPECT_EQ(client->watches(), 0u);
}

TEST(ApiClient, StoppingAWatchClosesItsStreamSilently) {
  World w;
  w.add_replica(silent);
  WatchLog log;
  ClientProcess::Setup setup;
  setup.on_start = [&](ClientProcess& p) {
    const ApiClient::WatchId id = p.client.watch(api::Kind::kPod, "", {}, log.callbacks(w.sim));
    p.after(sim::kSecond, kTestLabel, [&p, id] { p.client.stop(id); });
  };
  w.add_client(setup);
  w.sim.run_until(5 * sim::kSecond);
  EXPECT_TRUE(log.ends.empty());
  EXPECT_EQ(w.sim.network().open_streams(), 1u);  // the connection only
}

}  // namespace
}  // namespace kcsim::client
