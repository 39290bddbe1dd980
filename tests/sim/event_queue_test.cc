#include "sim/event_queue.h"

#include <gtest/gtest.h>

#include <map>
#include <utility>
#include <vector>

#include "sim/random.h"

namespace kcsim::sim {
namespace {

constexpr Label kQueueTest{"test"};

TEST(EventQueue, PopsByTimeThenSchedulingOrder) {
  EventQueue queue;
  std::vector<int> fired;
  queue.schedule(20, kQueueTest, 0, [&] { fired.push_back(3); });
  queue.schedule(10, kQueueTest, 0, [&] { fired.push_back(1); });
  queue.schedule(10, kQueueTest, 0, [&] { fired.push_back(2); });
  queue.schedule(30, kQueueTest, 0, [&] { fired.push_back(4); });
  FiredEvent event;
  std::vector<Time> times;
  while (queue.pop(event)) {
    times.push_back(event.at);
    event.callback();
  }
  EXPECT_EQ(fired, (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(times, (std::vector<Time>{10, 10, 20, 30}));
  EXPECT_TRUE(queue.empty());
}

TEST(EventQueue, CancelIsOnceAndNeverAfterFiring) {
  EventQueue queue;
  bool fired = false;
  const TimerId a = queue.schedule(5, kQueueTest, 0, [&] { fired = true; });
  const TimerId b = queue.schedule(6, kQueueTest, 0, [] {});
  EXPECT_TRUE(queue.cancel(a));
  EXPECT_FALSE(queue.cancel(a));
  EXPECT_EQ(queue.pending(), 1u);
  EXPECT_EQ(queue.next_time(), 6);
  FiredEvent event;
  ASSERT_TRUE(queue.pop(event));
  EXPECT_EQ(event.sequence, b.sequence);
  EXPECT_FALSE(queue.cancel(b));
  EXPECT_FALSE(fired);
  EXPECT_FALSE(queue.cancel(TimerId{}));
}

TEST(EventQueue, ReusedSlotDoesNotResurrectACancelledTimer) {
  EventQueue queue;
  const TimerId old_id = queue.schedule(5, kQueueTest, 0, [] {});
  ASSERT_TRUE(queue.cancel(old_id));
  const TimerId new_id = queue.schedule(7, kQueueTest, 0, [] {});
  EXPECT_EQ(new_id.slot, old_id.slot);  // the free list reuses the slot...
  EXPECT_FALSE(queue.cancel(old_id));   // ...but the old id no longer names it
  FiredEvent event;
  ASSERT_TRUE(queue.pop(event));
  EXPECT_EQ(event.at, 7);
  EXPECT_FALSE(queue.pop(event));
}

// Against a reference model (a map keyed by (time, sequence)) under a random mix of
// schedules, cancels and pops, large enough to trigger the rebuild of a heap full of
// cancelled keys.
TEST(EventQueue, MatchesAReferenceModelUnderRandomOperations) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    Rng rng(seed);
    EventQueue queue;
    std::map<std::pair<Time, std::uint64_t>, int> model;
    std::vector<std::pair<TimerId, std::pair<Time, std::uint64_t>>> ids;
    Time now = 0;
    int fired_value = -1;
    for (int step = 0; step < 60'000; ++step) {
      const std::uint64_t op = rng.below(10);
      if (op < 5) {
        const Time at = now + static_cast<Time>(rng.below(1000));
        const int value = step;
        const TimerId id =
            queue.schedule(at, kQueueTest, 0, [&fired_value, value] { fired_value = value; });
        model[{at, id.sequence}] = value;
        ids.push_back({id, {at, id.sequence}});
      } else if (op < 8 && !ids.empty()) {
        const std::size_t i = rng.below(ids.size());
        const bool expected = model.erase(ids[i].second) == 1;
        EXPECT_EQ(queue.cancel(ids[i].first), expected);
        ids[i] = ids.back();
        ids.pop_back();
      } else {
        FiredEvent event;
        const bool popped = queue.pop(event);
        ASSERT_EQ(popped, !model.empty());
        if (!popped) continue;
        const auto first = model.begin();
        EXPECT_EQ(event.at, first->first.first);
        EXPECT_EQ(event.sequence, first->first.second);
        event.callback();
        EXPECT_EQ(fired_value, first->second);
        now = event.at;
        model.erase(first);
      }
      ASSERT_EQ(queue.pending(), model.size());
    }
  }
}

}  // namespace
}  // namespace kcsim::sim

namespace kcsim::sim {
namespace {

TEST(EventQueue, SchedulingBeforeAPeekedMinimumKeepsTheOrder) {
  EventQueue queue;
  queue.schedule(100, kQueueTest, 0, [] {});
  EXPECT_EQ(queue.next_time(), 100);  // settles 100 as the minimum
  queue.schedule(50, kQueueTest, 0, [] {});
  queue.schedule(75, kQueueTest, 0, [] {});
  FiredEvent event;
  std::vector<Time> times;
  while (queue.pop(event))
    times.push_back(event.at);
  EXPECT_EQ(times, (std::vector<Time>{50, 75, 100}));
}

}  // namespace
}  // namespace kcsim::sim

namespace kcsim::sim {
namespace {

// The invariants and caps of the queue hold in the Release build too (KCSIM_ASSERT).
TEST(EventQueueDeathTest, SchedulingInThePastAborts) {
  EventQueue queue;
  queue.schedule(100, kQueueTest, 0, [] {});
  FiredEvent event;
  ASSERT_TRUE(queue.pop(event));
  queue.schedule(100, kQueueTest, 0, [] {});  // the present is fine
  EXPECT_DEATH(queue.schedule(99, kQueueTest, 0, [] {}), "never scheduled in the past");
}

TEST(EventQueueDeathTest, NegativeTimeAborts) {
  EventQueue queue;
  EXPECT_DEATH(queue.schedule(-1, kQueueTest, 0, [] {}), "invariant failed: at >= 0");
}

TEST(EventQueueDeathTest, PendingCapAborts) {
  EventQueue queue(EventQueue::Caps{.max_pending = 3});
  for (int i = 0; i < 3; ++i)
    queue.schedule(10, kQueueTest, 0, [] {});
  EXPECT_EQ(queue.pending(), 3u);
  EXPECT_DEATH(queue.schedule(10, kQueueTest, 0, [] {}),
               "event queue cap: at most 2\\^24 - 1 events");
}

TEST(EventQueueDeathTest, PendingCapCountsLiveEventsOnly) {
  EventQueue queue(EventQueue::Caps{.max_pending = 2});
  const TimerId a = queue.schedule(10, kQueueTest, 0, [] {});
  queue.schedule(10, kQueueTest, 0, [] {});
  EXPECT_TRUE(queue.cancel(a));
  queue.schedule(10, kQueueTest, 0, [] {});  // a cancelled event frees its place
  EXPECT_EQ(queue.pending(), 2u);
}

TEST(EventQueueDeathTest, SequenceCapAborts) {
  EventQueue queue(EventQueue::Caps{.max_sequence = 2});
  FiredEvent event;
  for (int i = 0; i < 2; ++i) {
    queue.schedule(10, kQueueTest, 0, [] {});
    ASSERT_TRUE(queue.pop(event));
  }
  EXPECT_DEATH(queue.schedule(10, kQueueTest, 0, [] {}), "event queue cap: at most 2\\^40 - 1");
}

TEST(EventQueueDeathTest, CapsAboveTheKeyLayoutAreRefused) {
  EXPECT_DEATH({ EventQueue queue(EventQueue::Caps{.max_pending = EventQueue::kMaxPending + 1}); },
               "invariant failed");
}

}  // namespace
}  // namespace kcsim::sim
