#include <gtest/gtest.h>

#include "model/apiserver/watchcache/history.h"
#include "tests/model/apiserver/watchcache/harness.h"

namespace kcsim::apiserver::watchcache {
namespace {

using testing::make_pod;

CacheEvent event_at(std::int64_t rv, sim::Time t) {
  CacheEvent event;
  event.type = api::WatchEventType::kModified;
  event.key = "ns/p";
  event.object = api::Versioned{make_pod("ns", "p"), rv};
  event.record_time = t;
  return event;
}

TEST(History, StartsAtTheLowerBoundAndEvictsTheOldestWhenEventsAreStale) {
  History history(100, 102400, kEventFreshDuration);
  EXPECT_EQ(history.capacity(), 100u);
  // One event every second: the oldest of a full ring (100 s back) is older than 75 s,
  // so it is not doubled; the newest quarter (25 s) is fresh, so it is not halved.
  for (std::int64_t i = 1; i <= 150; ++i)
    history.add(event_at(i, i * sim::kSecond));
  EXPECT_EQ(history.capacity(), 100u);
  EXPECT_EQ(history.size(), 100u);
  EXPECT_TRUE(history.evicted_since_relist());
  EXPECT_EQ(history.oldest_servable_rv(/*list_rv=*/0), 50);  // oldest kept is 51
}

TEST(History, DoublesWhileTheWindowCoversLessThanSeventyFiveSeconds) {
  History history(100, 102400, kEventFreshDuration);
  // 100 events a second: a full ring of 100 spans one second, so it doubles each time
  // it fills, until 75 s of events (7,500) fit: 100 -> ... -> 12,800.
  sim::Time t = 0;
  for (std::int64_t i = 1; i <= 20000; ++i) {
    t += 10 * sim::kMillisecond;
    history.add(event_at(i, t));
  }
  EXPECT_EQ(history.capacity(), 12800u);
  EXPECT_EQ(history.size(), 12800u);
  // Bounded: never above the upper bound, whatever the rate.
  History small(100, 400, kEventFreshDuration);
  for (std::int64_t i = 1; i <= 5000; ++i)
    small.add(event_at(i, i));
  EXPECT_EQ(small.capacity(), 400u);
  EXPECT_EQ(small.size(), 400u);
}

TEST(History, HalvesWhenTheNewestQuarterIsOlderThanTheWindow) {
  History history(100, 102400, kEventFreshDuration);
  sim::Time t = 0;
  for (std::int64_t i = 1; i <= 400; ++i) {
    t += 10 * sim::kMillisecond;
    history.add(event_at(i, t));
  }
  ASSERT_EQ(history.capacity(), 400u);
  // The rate falls to one event every 100 s: once the ring is full and the event a
  // quarter back is older than 75 s, the capacity halves, down to the lower bound.
  std::int64_t rv = 400;
  for (int i = 0; i < 2000 && history.capacity() > 100; ++i) {
    t += 100 * sim::kSecond;
    history.add(event_at(++rv, t));
  }
  EXPECT_EQ(history.capacity(), 100u);
  EXPECT_LE(history.size(), 100u);
}

TEST(History, SinceReturnsOnlyLaterEventsInOrder) {
  History history(100, 102400, kEventFreshDuration);
  for (std::int64_t rv : {11, 13, 17, 20})
    history.add(event_at(rv, rv));
  auto events = history.since(13);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]->resource_version(), 17);
  EXPECT_EQ(events[1]->resource_version(), 20);
  EXPECT_TRUE(history.since(20).empty());
  EXPECT_EQ(history.since(0).size(), 4u);
  // Nothing evicted since the relist: the window starts at the list's RV.
  EXPECT_EQ(history.oldest_servable_rv(10), 10);
  history.clear();
  EXPECT_EQ(history.size(), 0u);
  EXPECT_FALSE(history.evicted_since_relist());
}

}  // namespace
}  // namespace kcsim::apiserver::watchcache
