#include <gtest/gtest.h>

#include "tests/model/apiserver/watchcache/harness.h"

namespace kcsim::apiserver::watchcache {
namespace {

using testing::Harness;
using testing::label_app;
using testing::make_pod;
using testing::node_name;

std::vector<Delivery> deliveries_of(const Outbox& outbox, WatcherId id) {
  std::vector<Delivery> result;
  for (const Delivery& d : outbox.deliveries) {
    if (d.watcher == id) result.push_back(d);
  }
  return result;
}

TEST(Watch, FromAnRvOlderThanTheWindowGetsGoneAndOneInsideItGetsTheHistory) {
  WatchCacheConfig config = Harness::pod_config();
  config.lower_bound_capacity = 100;
  config.upper_bound_capacity = 100;
  Harness h(config);
  h.start();  // lists at 10
  for (int i = 0; i < 150; ++i) {
    h.now += sim::kSecond;
    h.put(make_pod("ns", "p" + std::to_string(i)));  // 11 .. 160
  }
  ASSERT_EQ(h.cache.history().oldest_servable_rv(10), 60);  // 61 .. 160 kept

  WatchAnswer too_old = h.watch(api::RvMatch::kNotOlderThan, 59);
  EXPECT_EQ(too_old.outcome, WatchOutcome::kErrorEvent);
  EXPECT_EQ(too_old.error_event.type, api::WatchEventType::kError);
  EXPECT_EQ(too_old.error_event.error_code, api::Code::kGone);
  EXPECT_EQ(h.cache.watcher_count(), 0u);
  EXPECT_EQ(h.cache.metrics().watches_expired_total, 1u);

  WatchAnswer inside = h.watch(api::RvMatch::kNotOlderThan, 60);
  ASSERT_EQ(inside.outcome, WatchOutcome::kStarted);
  ASSERT_EQ(inside.initial_events.size(), 100u);
  EXPECT_EQ(inside.initial_events.front().resource_version, 61);
  EXPECT_EQ(inside.initial_events.back().resource_version, 160);
  EXPECT_EQ(inside.initial_events.front().type, api::WatchEventType::kAdded);

  WatchAnswer later = h.watch(api::RvMatch::kNotOlderThan, 155);
  ASSERT_EQ(later.outcome, WatchOutcome::kStarted);
  EXPECT_EQ(later.initial_events.size(), 5u);
}

TEST(Watch, WithoutEvictionTheWindowStartsAtTheListRv) {
  Harness h;
  h.start();                   // 10
  h.put(make_pod("ns", "a"));  // 11
  EXPECT_EQ(h.watch(api::RvMatch::kNotOlderThan, 9).outcome, WatchOutcome::kErrorEvent);
  WatchAnswer at_list = h.watch(api::RvMatch::kNotOlderThan, 10);
  ASSERT_EQ(at_list.outcome, WatchOutcome::kStarted);
  EXPECT_EQ(at_list.initial_events.size(), 1u);
}

TEST(Watch, RvZeroAndUnsetStartWithTheCurrentStateAsAddedEvents) {
  Harness h;
  h.start({{make_pod("ns", "a"), 5}, {make_pod("ns", "b", "", "db"), 7}});
  h.put(make_pod("ns", "a"));  // 11: MODIFIED
  h.put(make_pod("ns", "c"));  // 12
  for (api::RvMatch match : {api::RvMatch::kAny, api::RvMatch::kUnset}) {
    WatchAnswer answer = h.watch(match, 0, label_app("web"));
    ASSERT_EQ(answer.outcome, WatchOutcome::kStarted);
    ASSERT_EQ(answer.initial_events.size(), 2u);  // a and c, not the db pod b
    EXPECT_EQ(answer.initial_events[0].type, api::WatchEventType::kAdded);
    EXPECT_EQ(answer.initial_events[0].object.resource_version, 11);
    EXPECT_EQ(answer.initial_events[0].object.object->meta.name, "a");
    EXPECT_EQ(answer.initial_events[1].object.object->meta.name, "c");
  }
  // Then only what follows.
  h.cache.take_outbox();
  h.put(make_pod("ns", "d"));  // 13
  Outbox outbox = h.cache.take_outbox();
  EXPECT_EQ(outbox.deliveries.size(), 2u);
  for (const Delivery& d : outbox.deliveries)
    EXPECT_EQ(d.event.resource_version, 13);
}

TEST(Watch, FromAFutureRvGetsNothingUntilTheCachePassesIt) {
  Harness h;
  h.start();
  WatchAnswer answer = h.watch(api::RvMatch::kNotOlderThan, 13);
  ASSERT_EQ(answer.outcome, WatchOutcome::kStarted);
  EXPECT_TRUE(answer.initial_events.empty());
  h.put(make_pod("ns", "a"));  // 11
  h.put(make_pod("ns", "b"));  // 12
  h.put(make_pod("ns", "c"));  // 13
  EXPECT_TRUE(h.cache.take_outbox().deliveries.empty());
  h.put(make_pod("ns", "d"));  // 14
  Outbox outbox = h.cache.take_outbox();
  ASSERT_EQ(outbox.deliveries.size(), 1u);
  EXPECT_EQ(outbox.deliveries[0].event.resource_version, 14);
}

TEST(Watch, AChangeIntoTheSelectorIsAddedAndOutOfItIsDeleted) {
  Harness h;
  h.start();
  WatchAnswer web = h.watch(api::RvMatch::kAny, 0, label_app("web"));
  h.put(make_pod("ns", "p", "", "db"));                          // 11: not selected
  h.put(make_pod("ns", "p", "", "web"));                         // 12: into the selector
  h.put(make_pod("ns", "p", "n1", "web"));                       // 13: stays
  api::Versioned last = h.put(make_pod("ns", "p", "n1", "db"));  // 14: out of it
  h.put(make_pod("ns", "p", "n1", "web"));                       // 15: back in
  h.remove("ns", "p");                                           // 16
  std::vector<Delivery> got = deliveries_of(h.cache.take_outbox(), web.watcher);
  ASSERT_EQ(got.size(), 5u);
  EXPECT_EQ(got[0].event.type, api::WatchEventType::kAdded);
  EXPECT_EQ(got[0].event.resource_version, 12);
  EXPECT_EQ(got[1].event.type, api::WatchEventType::kModified);
  EXPECT_EQ(got[2].event.type, api::WatchEventType::kDeleted);
  EXPECT_EQ(got[2].event.resource_version, 14);
  // The DELETED shows the last version it saw (still "web"), at the change's RV.
  EXPECT_EQ(got[2].event.object.object->meta.labels[0].second, "web");
  EXPECT_EQ(got[2].event.object.resource_version, 14);
  EXPECT_NE(got[2].event.object.object.get(), last.object.get());
  EXPECT_EQ(got[3].event.type, api::WatchEventType::kAdded);
  EXPECT_EQ(got[4].event.type, api::WatchEventType::kDeleted);
  EXPECT_EQ(got[4].event.resource_version, 16);
}

TEST(Watch, FanOutSharesOneObjectPointer) {
  Harness h;
  h.start();
  std::vector<WatcherId> ids;
  for (int i = 0; i < 5; ++i)
    ids.push_back(h.watch(api::RvMatch::kAny, 0).watcher);
  api::Versioned written = h.put(make_pod("ns", "p"));
  Outbox outbox = h.cache.take_outbox();
  ASSERT_EQ(outbox.deliveries.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(outbox.deliveries[i].watcher, ids[i]);
    EXPECT_EQ(outbox.deliveries[i].event.object.object.get(), written.object.get());
  }
  EXPECT_EQ(h.cache.metrics().events_dispatched_total, 1u);
  EXPECT_EQ(h.cache.metrics().watch_events_total, 5u);
  EXPECT_EQ(h.cache.store().find("ns/p")->object.get(), written.object.get());
}

TEST(Watch, ANodeNamePodEventLooksOnlyAtThatKubeletsWatcher) {
  Harness h;
  h.start();
  constexpr int kNodes = 5000;
  std::vector<WatcherId> kubelets;
  for (int i = 0; i < kNodes; ++i) {
    WatchAnswer answer = h.watch(api::RvMatch::kAny, 0, node_name("node-" + std::to_string(i)));
    kubelets.push_back(answer.watcher);
    EXPECT_EQ(answer.buffer_capacity, kMaxWatchChanSizeWithIndexAndTrigger);
  }
  WatcherId all_pods = h.watch(api::RvMatch::kAny, 0).watcher;
  const std::uint64_t before = h.cache.metrics().dispatch_candidates_total;
  h.put(make_pod("ns", "p", "node-42"));
  Outbox outbox = h.cache.take_outbox();
  // Looked at: node-42's kubelet and the unindexed all-pods watcher, not 5,000.
  EXPECT_EQ(h.cache.metrics().dispatch_candidates_total - before, 2u);
  ASSERT_EQ(outbox.deliveries.size(), 2u);
  EXPECT_EQ(outbox.deliveries[0].watcher, all_pods);
  EXPECT_EQ(outbox.deliveries[1].watcher, kubelets[42]);

  // Moving the pod to another node reaches both kubelets: DELETED for the old one.
  h.put(make_pod("ns", "p", "node-7"));
  outbox = h.cache.take_outbox();
  ASSERT_EQ(outbox.deliveries.size(), 3u);
  EXPECT_EQ(deliveries_of(outbox, kubelets[7]).at(0).event.type, api::WatchEventType::kAdded);
  EXPECT_EQ(deliveries_of(outbox, kubelets[42]).at(0).event.type, api::WatchEventType::kDeleted);
}

TEST(Watch, ANotReadyCacheRejectsWatchesWith429) {
  Harness h;
  h.now = 10 * sim::kSecond;
  WatchAnswer answer = h.watch(api::RvMatch::kAny, 0);
  EXPECT_EQ(answer.outcome, WatchOutcome::kRejected);
  EXPECT_EQ(answer.rejection.code, api::Code::kTooManyRequests);
  EXPECT_EQ(answer.rejection.message, "storage is (re)initializing");
  EXPECT_EQ(answer.rejection.retry_after_seconds, 1);  // exp(0.6) = 1.8
  h.start();
  WatcherId id = h.watch(api::RvMatch::kAny, 0).watcher;
  ASSERT_EQ(h.cache.watcher_count(), 1u);
  h.cache.reset(h.now);
  Outbox outbox = h.cache.take_outbox();
  ASSERT_EQ(outbox.terminations.size(), 1u);
  EXPECT_EQ(outbox.terminations[0].watcher, id);
  EXPECT_EQ(outbox.terminations[0].reason, TerminationReason::kReinitializing);
  h.now += 40 * sim::kSecond;  // exp(2.4) = 11.02
  EXPECT_EQ(h.watch(api::RvMatch::kAny, 0).rejection.retry_after_seconds, 11);
  h.now += 100 * sim::kSecond;  // capped at 30
  EXPECT_EQ(h.watch(api::RvMatch::kAny, 0).rejection.retry_after_seconds, 30);
}

}  // namespace
}  // namespace kcsim::apiserver::watchcache
