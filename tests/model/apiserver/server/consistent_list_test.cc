// Consistent LISTs (resourceVersion unset) with ConsistentListFromCache (cacher.go
// GetList, kube-apiserver 1.31+): etcd's current revision (a Range with limit 1), then
// the watch cache once it has caught up, helped by RequestWatchProgress every 100 ms;
// a fallback to etcd after 3 s when the cache cannot catch up; the gate off reads etcd.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>

#include "model/apiserver/objects/build.h"
#include "model/apiserver/watchcache/config.h"
#include "sim/network.h"
#include "tests/model/apiserver/server/harness.h"

namespace kcsim::apiserver {
namespace {

using testing::ClientProcess;
using testing::names;
using testing::World;

constexpr sim::Label kConsistentStep{"test.step"};
constexpr int kPods = 6;

const std::string kFetched = "apiserver_storage_list_fetched_objects_total{resource=\"pods\"}";
const std::string kStorageLists = "apiserver_storage_list_total{resource=\"pods\"}";
const std::string kFromCache =
    "apiserver_watch_cache_consistent_read_total{fallback=\"false\",resource=\"pods\","
    "success=\"true\"}";
const std::string kFellBack =
    "apiserver_watch_cache_consistent_read_total{fallback=\"true\",resource=\"pods\","
    "success=\"true\"}";

// One consistent LIST of pods, made right after a write of another resource (a lease)
// was acknowledged: the pods' cache sees no event at or after that revision, so only a
// progress notification (or etcd) can show it is fresh. A pod created just before the
// lease must be in the answer (the read is linearizable).
struct Probe {
  client::Result listed;
  bool answered = false;
  sim::Time asked = 0;
  sim::Time answered_at = 0;
  std::int64_t lease_revision = 0;
  double fetched_before = 0;
  double storage_lists_before = 0;
};

void probe(World& w, Probe& out, sim::Time list_at) {
  w.add_client([&w, &out, list_at](ClientProcess& p) {
    for (int k = 0; k < kPods; ++k) {
      p.client.create(testing::make_pod("old-" + std::to_string(k)), [](client::Result&&) {});
    }
    p.after(list_at, kConsistentStep, [&w, &out, &p] {
      p.client.create(testing::make_pod("fresh"), [&w, &out, &p](client::Result&& created) {
        ASSERT_TRUE(created.status.ok()) << created.status.message;
        api::LeaseBody body;
        body.holder_identity = "me";
        p.client.create(api::make_lease("default", "lock", body), [&w, &out,
                                                                   &p](client::Result&& lease) {
          ASSERT_TRUE(lease.status.ok()) << lease.status.message;
          out.lease_revision = lease.response.object.resource_version;
          out.fetched_before = w.metric(kFetched);
          out.storage_lists_before = w.metric(kStorageLists);
          out.asked = w.sim.now();
          p.client.list(api::Kind::kPod, "", api::ListOptions{}, [&w, &out](client::Result&& r) {
            out.listed = std::move(r);
            out.answered = true;
            out.answered_at = w.sim.now();
          });
        });
      });
    });
  });
}

// The probe, its list 2 s after the client starts, run for `run_for`.
void run_probe(World& w, Probe& out, sim::Time run_for) {
  probe(w, out, 2 * sim::kSecond);
  w.start_clients();
  w.sim.run_until(w.sim.now() + run_for);
}

::testing::AssertionResult answered_ok(const Probe& out) {
  if (!out.answered) return ::testing::AssertionFailure() << "the LIST was not answered";
  if (!out.listed.status.ok()) return ::testing::AssertionFailure() << out.listed.status.message;
  return ::testing::AssertionSuccess();
}

double progress_notifications(const World& w) {
  return w.sim.metrics().sum_over("etcd_watch_progress_notifications_total").value_or(0.0);
}

TEST(ConsistentList, IsServedByTheCacheOnceAProgressNotificationShowsItFresh) {
  World w(1);
  ASSERT_TRUE(w.run_until_ready());
  Probe out;
  run_probe(w, out, 10 * sim::kSecond);
  ASSERT_TRUE(answered_ok(out));
  EXPECT_EQ(names(out.listed).size(), static_cast<std::size_t>(kPods + 1));
  EXPECT_TRUE(names(out.listed).contains("fresh"));
  // The list's RV is the cache's, at least the revision of the lease acknowledged before.
  EXPECT_GE(out.listed.response.list_resource_version, out.lease_revision);
  // From the cache: the only etcd read is the revision's Range with limit 1.
  EXPECT_EQ(w.metric(kStorageLists) - out.storage_lists_before, 1.0);
  EXPECT_LE(w.metric(kFetched) - out.fetched_before, 1.0);
  EXPECT_EQ(w.metric(kFromCache), 1.0);
  EXPECT_EQ(w.metric(kFellBack), 0.0);
  // The pods' cache got there by a requested progress notification, the first one 100 ms
  // after the read began to wait, long before the 3 s block timeout.
  EXPECT_GE(progress_notifications(w), 1.0);
  EXPECT_GE(out.answered_at - out.asked, 100 * sim::kMillisecond);
  EXPECT_LT(out.answered_at - out.asked, sim::kSecond);
}

TEST(ConsistentList, WithTheFeatureGateOffReadsTheWholePrefixFromEtcd) {
  ApiServerConfig config;
  config.consistent_list_from_cache = false;
  World w(1, config);
  ASSERT_TRUE(w.run_until_ready());
  Probe out;
  run_probe(w, out, 10 * sim::kSecond);
  ASSERT_TRUE(answered_ok(out));
  EXPECT_TRUE(names(out.listed).contains("fresh"));
  EXPECT_EQ(w.metric(kStorageLists) - out.storage_lists_before, 1.0);
  EXPECT_EQ(w.metric(kFetched) - out.fetched_before, static_cast<double>(kPods + 1));
  EXPECT_EQ(w.metric(kFromCache), 0.0);
  EXPECT_EQ(progress_notifications(w), 0.0);
}

TEST(ConsistentList, FallsBackToEtcdWhenTheCacheCannotCatchUpWithinThreeSeconds) {
  World w(1);
  ASSERT_TRUE(w.run_until_ready());
  // The member the pods cache watches (streams start at endpoint replica + kind) dies
  // behind a one-way partition: its reset never reaches the replica, so the pods' watch
  // is dead without the replica knowing until its keep-alive gives up (30 s + 10 s).
  // The replica's unary calls skip the member (its connection is refused at dial), and
  // the two others keep a quorum.
  const auto endpoints = w.etcd->state().initial_endpoints();
  const sim::ProcessId pods_watch = endpoints.at(static_cast<std::size_t>(api::Kind::kPod) % 3);
  const sim::HostId replica = w.sim.process_info(w.servers->replicas().at(0)).host;
  w.sim.network().partition({{w.sim.process_info(pods_watch).host}, {replica}}, true);
  w.sim.crash(pods_watch);
  w.sim.run_until(w.sim.now() + 5 * sim::kSecond);  // a new leader if it led
  ASSERT_TRUE(w.etcd->has_leader());
  Probe out;
  run_probe(w, out, 15 * sim::kSecond);
  ASSERT_TRUE(answered_ok(out)) << "lease " << out.lease_revision << " asked " << out.asked;
  EXPECT_TRUE(names(out.listed).contains("fresh"));
  EXPECT_EQ(names(out.listed).size(), static_cast<std::size_t>(kPods + 1));
  EXPECT_EQ(w.metric(kFromCache), 0.0);
  EXPECT_EQ(w.metric(kFellBack), 1.0);
  // The revision's Range, then the whole prefix.
  EXPECT_EQ(w.metric(kStorageLists) - out.storage_lists_before, 2.0);
  EXPECT_EQ(w.metric(kFetched) - out.fetched_before, static_cast<double>(kPods + 1) + 1.0);
  EXPECT_GE(out.answered_at - out.asked, watchcache::kBlockTimeout);
}

}  // namespace
}  // namespace kcsim::apiserver
