// The fair-queuing state machine of one priority level.
#include "model/apiserver/flowcontrol/queue_set.h"

#include <gtest/gtest.h>

#include <deque>

#include "model/apiserver/flowcontrol/flow_hash.h"
#include "tests/model/apiserver/flowcontrol/flows.h"

namespace kcsim::flowcontrol {
namespace {

constexpr sim::Time kNoDeadline = sim::kTimeNever;
const WorkEstimate kOneSeat{1, 0, 0};

QueueSetConfig queued(int queues, int hand, int qlen) {
  return QueueSetConfig{"test", false, queues, hand, qlen};
}

TEST(QueueSet, ExecutesWhileSeatsLastThenQueues) {
  QueueSet qs(queued(4, 2, 10), 2, 0);
  std::vector<Handle> d;
  EXPECT_EQ(qs.start(1, kOneSeat, 7, 0, kNoDeadline, &d), StartOutcome::kDispatched);
  EXPECT_EQ(qs.start(2, kOneSeat, 7, 0, kNoDeadline, &d), StartOutcome::kDispatched);
  EXPECT_EQ(qs.start(3, kOneSeat, 7, 0, kNoDeadline, &d), StartOutcome::kQueued);
  EXPECT_EQ(qs.seats_in_use(), 2);
  EXPECT_EQ(qs.waiting_requests(), 1);
  d.clear();
  qs.finish(1, sim::kMillisecond, &d);
  EXPECT_EQ(d, std::vector<Handle>{3});
  EXPECT_EQ(qs.waiting_requests(), 0);
}

TEST(QueueSet, QueueFullWhenSeatsAreTakenAndTheQueueIsAtItsLimit) {
  // One queue of length 3, one seat: 1 executes, 3 wait, the 5th is rejected.
  QueueSet qs(queued(1, 1, 3), 1, 0);
  std::vector<Handle> d;
  EXPECT_EQ(qs.start(1, kOneSeat, 0, 0, kNoDeadline, &d), StartOutcome::kDispatched);
  for (Handle h = 2; h <= 4; ++h) {
    EXPECT_EQ(qs.start(h, kOneSeat, 0, 0, kNoDeadline, &d), StartOutcome::kQueued);
  }
  EXPECT_EQ(qs.start(5, kOneSeat, 0, 0, kNoDeadline, &d), StartOutcome::kRejectedQueueFull);
  EXPECT_FALSE(qs.contains(5));
  // A free seat drains one waiter; the queue then has room again.
  qs.finish(1, 1, &d);
  EXPECT_EQ(qs.start(6, kOneSeat, 0, 1, kNoDeadline, &d), StartOutcome::kQueued);
}

TEST(QueueSet, WaitDeadlineTimesOutExactly) {
  QueueSet qs(queued(1, 1, 10), 1, 0);
  std::vector<Handle> d, t;
  qs.start(1, kOneSeat, 0, 0, kNoDeadline, &d);
  const sim::Time deadline = 15 * sim::kSecond;
  EXPECT_EQ(qs.start(2, kOneSeat, 0, 0, deadline, &d), StartOutcome::kQueued);
  EXPECT_EQ(qs.next_event(), deadline);
  qs.advance(deadline - 1, &d, &t);
  EXPECT_TRUE(t.empty());
  qs.advance(deadline, &d, &t);
  EXPECT_EQ(t, std::vector<Handle>{2});
  EXPECT_EQ(qs.waiting_requests(), 0);
  EXPECT_EQ(qs.next_event(), sim::kTimeNever);
}

TEST(QueueSet, RejectTypeLevelRejectsOverItsLimit) {
  // catch-all: no queues; 13 seats.
  QueueSet qs(QueueSetConfig{"catch-all", false, 0, 0, 0}, 13, 0);
  std::vector<Handle> d;
  for (Handle h = 1; h <= 13; ++h) {
    ASSERT_EQ(qs.start(h, kOneSeat, 0, 0, kNoDeadline, &d), StartOutcome::kDispatched);
  }
  EXPECT_EQ(qs.start(14, kOneSeat, 0, 0, kNoDeadline, &d), StartOutcome::kRejectedConcurrencyLimit);
}

TEST(QueueSet, ExemptNeverWaits) {
  QueueSet qs(QueueSetConfig{"exempt", true, 0, 0, 0}, 0, 0);
  std::vector<Handle> d;
  for (Handle h = 1; h <= 1000; ++h) {
    ASSERT_EQ(qs.start(h, kOneSeat, 0, 0, kNoDeadline, &d), StartOutcome::kDispatched);
  }
  EXPECT_EQ(qs.executing_requests(), 1000);
}

TEST(QueueSet, WideRequestWaitsForItsSeatsAndIsNotOvertaken) {
  // 4 seats, 3 busy; a 3-seat request waits; a 1-seat request arriving later in another
  // queue must not slip past it (dispatch stops at the fair choice that does not fit).
  QueueSet qs(queued(8, 1, 10), 4, 0);
  std::vector<Handle> d;
  for (Handle h = 1; h <= 3; ++h)
    qs.start(h, kOneSeat, h, 0, kNoDeadline, &d);
  EXPECT_EQ(qs.start(10, WorkEstimate{3, 0, 0}, 100, 0, kNoDeadline, &d), StartOutcome::kQueued);
  // The narrow one arrives later; its virtual finish (R + 3ms) comes before the wide
  // one's (R + 3 x 3ms), so fair queuing picks it, and it fits.
  EXPECT_EQ(qs.start(11, kOneSeat, 200, 0, kNoDeadline, &d), StartOutcome::kDispatched);
  // Now 4 seats are used; the wide one waits for three to free.
  d.clear();
  qs.finish(1, sim::kMillisecond, &d);
  qs.finish(2, sim::kMillisecond, &d);
  EXPECT_TRUE(d.empty());
  qs.finish(3, sim::kMillisecond, &d);
  EXPECT_EQ(d, std::vector<Handle>{10});
  EXPECT_EQ(qs.seats_in_use(), 4);
}

TEST(QueueSet, FinalSeatsLingerAfterTheHandler) {
  QueueSet qs(queued(1, 1, 10), 3, 0);
  std::vector<Handle> d, t;
  const WorkEstimate write{1, 3, 5 * sim::kMillisecond};
  EXPECT_EQ(qs.start(1, write, 0, 0, kNoDeadline, &d), StartOutcome::kDispatched);
  EXPECT_EQ(qs.seats_in_use(), 3);  // max(initial, final)
  EXPECT_EQ(qs.start(2, kOneSeat, 0, 0, kNoDeadline, &d), StartOutcome::kQueued);
  d.clear();
  qs.finish(1, 10 * sim::kMillisecond, &d);
  EXPECT_TRUE(d.empty());
  EXPECT_EQ(qs.executing_requests(), 0);
  EXPECT_EQ(qs.seats_in_use(), 3);
  EXPECT_EQ(qs.next_event(), 15 * sim::kMillisecond);
  qs.advance(15 * sim::kMillisecond, &d, &t);
  EXPECT_EQ(d, std::vector<Handle>{2});
}

// Fairness: a heavy flow with 40 requests queued does not starve a light flow of the same
// level. Fair queuing serves each non-empty queue once per round (by virtual finish
// time), and the heavy flow occupies at most handSize queues; so the light request is
// dispatched after at most handSize of the heavy flow's requests -- where FIFO would put
// it behind all 38 that were waiting.
TEST(QueueSet, HeavyFlowDoesNotStarveALightOne) {
  const int queues = 128, hand = 6, limit = 2;
  QueueSet qs(queued(queues, hand, 50), limit, 0);
  const std::uint64_t heavy = hash_flow_id("global-default", "heavy");
  // A light flow whose hand shares no queue with the heavy one's, so that it gets a queue
  // of its own.
  const std::uint64_t light =
      testing::flow_apart_from(heavy, "global-default", "light", queues, hand);
  std::vector<Handle> d;
  for (Handle h = 1; h <= 40; ++h)
    qs.start(h, kOneSeat, heavy, 0, kNoDeadline, &d);
  ASSERT_EQ(qs.executing_requests(), limit);
  ASSERT_EQ(qs.waiting_requests(), 40 - limit);
  const Handle light_request = 1000;
  ASSERT_EQ(qs.start(light_request, kOneSeat, light, 0, kNoDeadline, &d), StartOutcome::kQueued);
  // Serve: each executing request takes 100ms; finish them in dispatch order.
  std::deque<Handle> executing(d.begin(), d.end());
  sim::Time now = 0;
  int heavy_before_light = 0;
  bool light_dispatched = false;
  while (!light_dispatched && !executing.empty()) {
    now += 100 * sim::kMillisecond;
    std::vector<Handle> next;
    qs.finish(executing.front(), now, &next);
    executing.pop_front();
    for (Handle h : next) {
      if (h == light_request) {
        light_dispatched = true;
        break;
      }
      ++heavy_before_light;
      executing.push_back(h);
    }
  }
  EXPECT_TRUE(light_dispatched);
  EXPECT_LE(heavy_before_light, hand);
}

TEST(QueueSet, VirtualTimeAdvancesOnlyWhileBusy) {
  QueueSet qs(queued(4, 1, 10), 2, 0);
  std::vector<Handle> d, t;
  qs.advance(sim::kSecond, &d, &t);
  EXPECT_EQ(qs.virtual_time(), 0);
  qs.start(1, kOneSeat, 0, sim::kSecond, kNoDeadline, &d);
  // One active queue using 1 seat of 2: R advances 1 seat-second per second.
  qs.advance(2 * sim::kSecond, &d, &t);
  EXPECT_EQ(qs.virtual_time(), sim::kSecond);
}

}  // namespace
}  // namespace kcsim::flowcontrol
