// kube-apiserver replicas end to end in a simulation: etcd members, replicas, and
// client-go clients (client::ApiClient). CRUD, optimistic concurrency (409), expired
// resource versions (410), watches in order, failover of watches to another replica
// (the relist storm), stickiness of clients to their replica.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <vector>

#include "model/apiserver/server/apiserver.h"
#include "tests/model/apiserver/server/harness.h"

namespace kcsim::apiserver {
namespace {

using testing::ClientProcess;
using testing::Log;
using testing::make_pod;
using testing::World;

constexpr sim::Label kStep{"test.step"};

TEST(ApiServer, ReplicasBecomeReadyOnceTheirWatchCachesHaveListed) {
  World w(3);
  EXPECT_EQ(w.servers->ready_replicas(), 0u);
  ASSERT_TRUE(w.run_until_ready());
  // One initialisation per resource per replica.
  EXPECT_EQ(w.metric("apiserver_watch_cache_initializations_total"),
            3.0 * static_cast<double>(api::kKindCount));
}

TEST(ApiServer, CreateGetUpdateListDeleteThroughAReplica) {
  World w(1);
  ASSERT_TRUE(w.run_until_ready());
  Log log;
  w.add_client([&log](ClientProcess& p) {
    p.client.create(make_pod("web-1"), [&log, &p](client::Result&& created) {
      const std::int64_t rv = created.response.object.resource_version;
      log.results.push_back(std::move(created));
      p.client.get(api::Kind::kPod, "default", "web-1", [&log, &p, rv](client::Result&& got) {
        log.results.push_back(std::move(got));
        p.client.update(make_pod("web-1", rv, "node-1"), [&log, &p](client::Result&& updated) {
          log.results.push_back(std::move(updated));
          api::ListOptions options;  // consistent list: from the cache once fresh
          p.client.list(api::Kind::kPod, "default", options, [&log, &p](client::Result&& listed) {
            log.results.push_back(std::move(listed));
            p.client.remove(api::Kind::kPod, "default", "web-1", [&log, &p](client::Result&& gone) {
              log.results.push_back(std::move(gone));
              p.client.get(api::Kind::kPod, "default", "web-1", log.sink());
            });
          });
        });
      });
    });
  });
  w.start_clients();
  w.sim.run_until(w.sim.now() + 10 * sim::kSecond);
  ASSERT_EQ(log.results.size(), 6u);
  const auto& r = log.results;
  EXPECT_EQ(r[0].status.code, api::Code::kCreated);
  ASSERT_NE(r[0].response.object.object, nullptr);
  EXPECT_FALSE(r[0].response.object.object->meta.uid.empty());
  EXPECT_EQ(r[1].status.code, api::Code::kOk);
  ASSERT_NE(r[1].response.object.object, nullptr);
  EXPECT_EQ(r[1].response.object.resource_version, r[0].response.object.resource_version);
  EXPECT_EQ(r[2].status.code, api::Code::kOk);
  EXPECT_GT(r[2].response.object.resource_version, r[0].response.object.resource_version);
  EXPECT_EQ(r[3].status.code, api::Code::kOk);
  ASSERT_EQ(r[3].response.items.size(), 1u);
  EXPECT_EQ(r[3].response.items[0].object->as<api::PodBody>().node_name, "node-1");
  // The pod is scheduled (node-1): its delete is graceful, the pod stays, marked, for
  // its 30 s grace period (a kubelet would delete it with grace 0).
  EXPECT_EQ(r[4].status.code, api::Code::kOk);
  EXPECT_EQ(r[5].status.code, api::Code::kOk);
  ASSERT_NE(r[5].response.object.object, nullptr);
  EXPECT_TRUE(r[5].response.object.object->meta.deletion_timestamp.has_value());
}

TEST(ApiServer, AStaleUpdateIsAConflictAndARereadWins) {
  World w(1);
  ASSERT_TRUE(w.run_until_ready());
  Log log;
  w.add_client([&log](ClientProcess& p) {
    p.client.create(make_pod("one"), [&log, &p](client::Result&& created) {
      const std::int64_t rv = created.response.object.resource_version;
      // Two writers read rv; the first update wins, the second is stale.
      p.client.update(make_pod("one", rv, "node-a"), [&log, &p, rv](client::Result&& first) {
        log.results.push_back(std::move(first));
        p.client.update(make_pod("one", rv, "node-b"), [&log, &p](client::Result&& second) {
          log.results.push_back(std::move(second));
          p.client.get(api::Kind::kPod, "default", "one", [&log, &p](client::Result&& reread) {
            const std::int64_t fresh = reread.response.object.resource_version;
            p.client.update(make_pod("one", fresh, "node-b"), log.sink());
          });
        });
      });
    });
  });
  w.start_clients();
  w.sim.run_until(w.sim.now() + 10 * sim::kSecond);
  ASSERT_EQ(log.results.size(), 3u);
  EXPECT_TRUE(log.results[0].status.ok());
  EXPECT_TRUE(client::is_conflict(log.results[1].status));
  EXPECT_TRUE(log.results[2].status.ok());
  EXPECT_EQ(w.metric("apiserver_request_total{code=\"409\",resource=\"pods\",scope=\"resource\","
                     "verb=\"PUT\"}"),
            1.0);
}

TEST(ApiServer, AListAtACompactedRevisionIsGone) {
  ApiServerConfig config;
  config.etcd_compaction_interval = 2 * sim::kSecond;
  World w(1, config);
  ASSERT_TRUE(w.run_until_ready());
  Log log;
  std::int64_t first_rv = 0;
  w.add_client([&log, &first_rv](ClientProcess& p) {
    p.client.create(make_pod("a"), [&first_rv](client::Result&& created) {
      first_rv = created.response.object.resource_version;
    });
    // Writes keep the revision moving while the compactor runs two rounds.
    for (int k = 0; k < 10; ++k) {
      p.after(static_cast<sim::Time>(k + 1) * sim::kSecond, kStep, [&p, k] {
        p.client.create(make_pod("b-" + std::to_string(k)), [](client::Result&&) {});
      });
    }
    p.after(15 * sim::kSecond, kStep, [&log, &p, &first_rv] {
      api::ListOptions options;
      options.rv_match = api::RvMatch::kExact;
      options.resource_version = first_rv;
      p.client.list(api::Kind::kPod, "default", options, log.sink());
    });
  });
  w.start_clients();
  w.sim.run_until(w.sim.now() + 20 * sim::kSecond);
  ASSERT_GT(w.etcd->compact_revision(), first_rv);
  ASSERT_EQ(log.results.size(), 1u);
  EXPECT_TRUE(client::is_expired_error(log.results[0].status));
  EXPECT_EQ(log.results[0].status.code, api::Code::kGone);
}

TEST(ApiServer, AWatchSeesEveryChangeInResourceVersionOrder) {
  World w(1);
  ASSERT_TRUE(w.run_until_ready());
  std::vector<api::WatchEvent> events;
  w.add_client([&events](ClientProcess& p) {
    api::ListOptions options;
    options.rv_match = api::RvMatch::kAny;  // RV "0": the cache's current state, then changes
    p.client.watch(api::Kind::kPod, "default", options,
                   {[&events](const api::WatchEvent& e) { events.push_back(e); }, {}});
    p.after(sim::kSecond, kStep, [&p] {
      for (int k = 0; k < 20; ++k) {
        p.client.create(make_pod("p-" + std::to_string(k)), [](client::Result&&) {});
      }
    });
  });
  w.start_clients();
  w.sim.run_until(w.sim.now() + 10 * sim::kSecond);
  std::vector<const api::WatchEvent*> added;
  for (const api::WatchEvent& e : events) {
    if (e.type == api::WatchEventType::kAdded) added.push_back(&e);
  }
  ASSERT_EQ(added.size(), 20u);
  for (std::size_t k = 1; k < added.size(); ++k) {
    EXPECT_GT(added[k]->object.resource_version, added[k - 1]->object.resource_version);
  }
  EXPECT_EQ(w.servers->watches(), 1u);
}

TEST(ApiServer, ClientsStayOnTheirReplica) {
  World w(3);
  ASSERT_TRUE(w.run_until_ready());
  Log log;
  w.add_client([&log](ClientProcess& p) {
    for (int k = 0; k < 30; ++k) {
      p.after(static_cast<sim::Time>(k) * 100 * sim::kMillisecond, kStep, [&log, &p] {
        api::ListOptions options;
        options.rv_match = api::RvMatch::kAny;
        p.client.list(api::Kind::kPod, "", options, log.sink());
      });
    }
  });
  w.start_clients();
  w.sim.run_until(w.sim.now() + 10 * sim::kSecond);
  ASSERT_EQ(log.results.size(), 30u);
  std::set<sim::ProcessId> replicas;
  for (const client::Result& r : log.results) {
    EXPECT_TRUE(r.status.ok());
    replicas.insert(r.replica);
  }
  EXPECT_EQ(replicas.size(), 1u);  // one HTTP/2 connection, one replica
}

// A replica crash breaks its watches; their clients relist on the other replicas (the
// relist storm emerges) and keep watching there.
TEST(ApiServer, AReplicaCrashMovesItsWatchersElsewhereAndTheyRelist) {
  // Each client's reflector loop; owned here, outliving the world whose timers name it.
  std::vector<std::unique_ptr<std::function<void()>>> cycles;
  World w(3);
  ASSERT_TRUE(w.run_until_ready());
  constexpr int kClients = 30;
  std::map<sim::ProcessId, int> watching_on;  // client -> relists done
  int relists = 0;
  for (int c = 0; c < kClients; ++c) {
    w.add_client([&relists, &cycles](ClientProcess& p) {
      // A minimal reflector: list (RV 0), watch; when the watch ends, list again.
      cycles.push_back(std::make_unique<std::function<void()>>());
      std::function<void()>* cycle = cycles.back().get();
      *cycle = [&p, &relists, cycle] {
        api::ListOptions list;
        list.rv_match = api::RvMatch::kAny;
        p.client.list(api::Kind::kPod, "", list, [&p, &relists, cycle](client::Result&& listed) {
          if (!listed.status.ok()) {
            p.after(sim::kSecond, kStep, [cycle] { (*cycle)(); });
            return;
          }
          api::ListOptions options;
          options.rv_match = api::RvMatch::kNotOlderThan;
          options.resource_version = listed.response.list_resource_version;
          p.client.watch(api::Kind::kPod, "", options,
                         {[](const api::WatchEvent&) {},
                          [&p, &relists, cycle](const client::WatchEnd&) {
                            ++relists;
                            p.after(sim::kSecond, kStep, [cycle] { (*cycle)(); });
                          }});
        });
      };
      (*cycle)();
    });
  }
  w.start_clients();
  w.sim.run_until(w.sim.now() + 5 * sim::kSecond);
  ASSERT_EQ(w.servers->watches(), static_cast<std::size_t>(kClients));
  // The replica with the most watchers crashes.
  std::size_t victim = 0;
  std::size_t most = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    const ApiServer* server = w.servers->shared().views[i].server;
    if (server != nullptr && server->watches() > most) {
      most = server->watches();
      victim = i;
    }
  }
  ASSERT_GT(most, 0u);
  const double lists_before = w.metric(
      "apiserver_request_total{code=\"200\",resource=\"pods\",scope=\"cluster\",verb=\"LIST\"}");
  w.sim.crash(w.servers->replicas()[victim]);
  w.sim.run_until(w.sim.now() + 10 * sim::kSecond);
  const double lists_after = w.metric(
      "apiserver_request_total{code=\"200\",resource=\"pods\",scope=\"cluster\",verb=\"LIST\"}");
  EXPECT_EQ(relists, static_cast<int>(most));
  EXPECT_EQ(lists_after - lists_before, static_cast<double>(most));     // one relist each
  EXPECT_EQ(w.servers->watches(), static_cast<std::size_t>(kClients));  // all back, elsewhere
  EXPECT_EQ(w.servers->shared().views[victim].server, nullptr);
}

}  // namespace
}  // namespace kcsim::apiserver
