#include <gtest/gtest.h>

#include "tests/model/apiserver/watchcache/harness.h"

namespace kcsim::apiserver::watchcache {
namespace {

using testing::Harness;
using testing::make_pod;
using testing::node_name;

std::size_t count_for(const Outbox& outbox, WatcherId id, api::WatchEventType type) {
  std::size_t n = 0;
  for (const Delivery& d : outbox.deliveries)
    n += d.watcher == id && d.event.type == type;
  return n;
}

TEST(Bookmarks, AWatcherThatAllowsThemGetsOneAboutEveryMinute) {
  Harness h;
  h.start();
  WatchRequest request;
  request.rv_match = api::RvMatch::kAny;
  request.allow_bookmarks = true;
  const WatcherId with = h.cache.watch(request, h.now).watcher;
  request.allow_bookmarks = false;
  const WatcherId without = h.cache.watch(request, h.now).watcher;

  std::vector<sim::Time> times;
  for (int step = 1; step <= 3 * 60 * 10; ++step) {  // 3 minutes in 100 ms steps
    h.now = step * 100 * sim::kMillisecond;
    if (step % 50 == 0) h.put(make_pod("ns", "p"));  // a change every 5 s moves the RV
    h.cache.advance(h.now);
    Outbox outbox = h.cache.take_outbox();
    for (const Delivery& d : outbox.deliveries) {
      if (d.event.type != api::WatchEventType::kBookmark) continue;
      EXPECT_EQ(d.watcher, with);
      EXPECT_EQ(d.event.resource_version, h.cache.resource_version());
      times.push_back(h.now);
    }
    h.cache.ack(with, h.cache.watcher(with)->buffered, h.now);
    h.cache.ack(without, h.cache.watcher(without)->buffered, h.now);
  }
  ASSERT_EQ(times.size(), 3u);
  // 1 s buckets: each within a second before the minute mark.
  EXPECT_GT(times[0], 59 * sim::kSecond);
  EXPECT_LE(times[0], 60 * sim::kSecond);
  for (std::size_t i = 1; i < times.size(); ++i) {
    EXPECT_GE(times[i] - times[i - 1], 59 * sim::kSecond);
    EXPECT_LE(times[i] - times[i - 1], 61 * sim::kSecond);
  }
}

TEST(Bookmarks, ComeTwoSecondsBeforeTheDeadlineWhenThatIsSooner) {
  Harness h;
  h.start();
  WatchRequest request;
  request.rv_match = api::RvMatch::kNotOlderThan;
  request.resource_version = 10;
  request.deadline = 30 * sim::kSecond;
  const WatcherId id = h.cache.watch(request, h.now).watcher;
  h.put(make_pod("ns", "p"));  // 11: the bookmark has something newer to say
  h.cache.take_outbox();
  EXPECT_EQ(h.cache.next_wakeup(), 28 * sim::kSecond);
  h.advance_to(28 * sim::kSecond);
  Outbox outbox = h.cache.take_outbox();
  EXPECT_EQ(count_for(outbox, id, api::WatchEventType::kBookmark), 1u);
  EXPECT_EQ(h.cache.next_wakeup(), sim::kTimeNever);  // past its deadline: no more
}

TEST(SlowWatcher, IsTerminatedWhenItsBufferIsFullAndTheBudgetIsSpent) {
  Harness h;
  h.start();
  WatchAnswer slow = h.watch(api::RvMatch::kAny, 0, node_name("n1"));
  WatchAnswer fast = h.watch(api::RvMatch::kAny, 0, node_name("n1"), 2);
  ASSERT_EQ(slow.buffer_capacity, 10u);
  for (int i = 0; i < 10; ++i) {
    h.put(make_pod("ns", "p" + std::to_string(i), "n1"));
    h.cache.ack(fast.watcher, 1, h.now);
  }
  ASSERT_NE(h.cache.watcher(slow.watcher), nullptr);
  EXPECT_EQ(h.cache.watcher(slow.watcher)->buffered, 10u);
  // The budget starts empty (time 0): the full watcher is closed at once.
  h.put(make_pod("ns", "p10", "n1"));
  Outbox outbox = h.cache.take_outbox();
  ASSERT_EQ(outbox.terminations.size(), 1u);
  EXPECT_EQ(outbox.terminations[0].watcher, slow.watcher);
  EXPECT_EQ(outbox.terminations[0].reason, TerminationReason::kSlow);
  EXPECT_EQ(h.cache.metrics().terminated_watchers_total, 1u);
  EXPECT_EQ(h.cache.watcher(slow.watcher), nullptr);
  EXPECT_EQ(count_for(outbox, fast.watcher, api::WatchEventType::kAdded), 11u);
}

TEST(SlowWatcher, DispatchWaitsWithinTheBudgetAndResumesWhenItDrains) {
  Harness h;
  h.now = 2 * sim::kSecond;  // two refills: 100 ms of budget
  h.start();
  WatchAnswer slow = h.watch(api::RvMatch::kAny, 0, node_name("n1"));
  for (int i = 0; i < 10; ++i)
    h.put(make_pod("ns", "p" + std::to_string(i), "n1"));
  h.cache.take_outbox();
  h.put(make_pod("ns", "p10", "n1"));  // blocks: dispatch waits up to 100 ms
  EXPECT_TRUE(h.cache.dispatch_blocked());
  EXPECT_EQ(h.cache.next_wakeup(), h.now + kDispatchBudgetMax);
  // Etcd events keep coming into the store, queued for dispatch.
  h.put(make_pod("ns", "other", "n2"));
  EXPECT_EQ(h.cache.resource_version(), 22);
  EXPECT_TRUE(h.cache.take_outbox().deliveries.empty());
  // The client drains: the blocked event goes, then the queued one is dispatched.
  h.now += 40 * sim::kMillisecond;
  h.cache.ack(slow.watcher, 3, h.now);
  EXPECT_FALSE(h.cache.dispatch_blocked());
  Outbox outbox = h.cache.take_outbox();
  ASSERT_EQ(outbox.deliveries.size(), 1u);
  EXPECT_EQ(outbox.deliveries[0].event.resource_version, 21);
  EXPECT_TRUE(outbox.terminations.empty());
  EXPECT_EQ(h.cache.metrics().events_dispatched_total, 12u);
}

TEST(SlowWatcher, StillFullAtTheBudgetsEndIsTerminatedAndIncomingIsBounded) {
  WatchCacheConfig config = Harness::pod_config();
  config.incoming_capacity = 3;
  Harness h(config);
  h.now = 2 * sim::kSecond;
  h.start();
  WatchAnswer slow = h.watch(api::RvMatch::kAny, 0, node_name("n1"));
  for (int i = 0; i <= 10; ++i)
    h.put(make_pod("ns", "p" + std::to_string(i), "n1"));
  ASSERT_TRUE(h.cache.dispatch_blocked());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(h.cache.can_apply());
    h.put(make_pod("ns", "q" + std::to_string(i)));
  }
  EXPECT_FALSE(h.cache.can_apply());  // the server must hold further etcd events
  h.advance_to(h.now + kDispatchBudgetMax);
  EXPECT_TRUE(h.cache.can_apply());
  Outbox outbox = h.cache.take_outbox();
  ASSERT_EQ(outbox.terminations.size(), 1u);
  EXPECT_EQ(outbox.terminations[0].watcher, slow.watcher);
  EXPECT_EQ(h.cache.metrics().events_dispatched_total, 14u);
}

TEST(Bookmarks, CarryTheRvOfEtcdProgressNotificationsOnAQuietResource) {
  Harness h;
  h.start();
  const WatcherId id = h.watch(api::RvMatch::kAny, 0).watcher;
  h.cache.progress(40, h.now + sim::kSecond);  // writes to other resources moved etcd on
  EXPECT_EQ(h.cache.resource_version(), 40);
  h.advance_to(60 * sim::kSecond);
  Outbox outbox = h.cache.take_outbox();
  ASSERT_EQ(count_for(outbox, id, api::WatchEventType::kBookmark), 1u);
  EXPECT_EQ(outbox.deliveries[0].event.resource_version, 40);
  EXPECT_EQ(h.cache.metrics().events_dispatched_total, 0u);
}

TEST(SlowWatcher, ClosedByItsClientWhileDispatchWaitsLetsDispatchResume) {
  Harness h;
  h.now = 2 * sim::kSecond;
  h.start();
  WatchAnswer slow = h.watch(api::RvMatch::kAny, 0, node_name("n1"));
  for (int i = 0; i <= 10; ++i)
    h.put(make_pod("ns", "p" + std::to_string(i), "n1"));
  ASSERT_TRUE(h.cache.dispatch_blocked());
  h.put(make_pod("ns", "p11", "n1"));  // queued
  h.cache.take_outbox();
  h.cache.cancel_watch(slow.watcher, h.now);
  EXPECT_FALSE(h.cache.dispatch_blocked());
  Outbox outbox = h.cache.take_outbox();
  EXPECT_TRUE(outbox.terminations.empty());  // a cancel is not a termination
  EXPECT_EQ(h.cache.metrics().terminated_watchers_total, 0u);
  EXPECT_EQ(h.cache.metrics().events_dispatched_total, 12u);
  EXPECT_EQ(h.cache.watcher_count(), 0u);
}

}  // namespace
}  // namespace kcsim::apiserver::watchcache
