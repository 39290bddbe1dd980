// APF end to end: classification, queuing, rejection, wait time-outs, borrowing, metrics.
#include "model/apiserver/flowcontrol/flow_control.h"

#include <gtest/gtest.h>

#include "model/apiserver/flowcontrol/admission_control.h"
#include "model/apiserver/flowcontrol/flow_control_metrics.h"
#include "sim/metrics.h"
#include "tests/model/apiserver/flowcontrol/test_requests.h"

namespace kcsim::flowcontrol {
namespace {

using testing::ordinary_user;
using testing::request;

api::ApiRequest alice_get() {
  return request(api::Verb::kGet, api::Kind::kPod, "default", ordinary_user("alice"), "p");
}

std::size_t level(const FlowControl& apf, std::string_view name) {
  return apf.level_index(name).value();
}

TEST(FlowControl, OneFlowFillsItsHandThenQueueFull) {
  // One user floods global-default with 1-seat GETs that never finish. The level runs
  // currentCL of them; the rest queue in the 6 queues of the flow's hand, 50 each
  // (queueLengthLimit); everything beyond is rejected queue-full.
  FlowControl apf(FlowControlConfig{}, 0);
  const std::size_t gd = level(apf, "global-default");
  const int limit = apf.current_limit(gd);
  const int hand = 6, qlen = 50;
  int executed = 0, queued = 0, rejected = 0;
  for (int i = 0; i < 1000; ++i) {
    const Admission a = apf.enqueue(alice_get(), 0);
    EXPECT_EQ(a.priority_level, "global-default");
    switch (a.outcome) {
      case Admission::Outcome::kExecute:
        ++executed;
        break;
      case Admission::Outcome::kQueued:
        ++queued;
        break;
      case Admission::Outcome::kRejected:
        EXPECT_EQ(a.reason, RejectReason::kQueueFull);
        EXPECT_GE(a.retry_after_seconds, 1);
        ++rejected;
        break;
    }
  }
  EXPECT_EQ(executed, limit);
  EXPECT_EQ(queued, hand * qlen);
  EXPECT_EQ(rejected, 1000 - limit - hand * qlen);
  // A second user has its own hand: not rejected.
  const Admission bob = apf.enqueue(
      request(api::Verb::kGet, api::Kind::kPod, "default", ordinary_user("bob"), "p"), 0);
  EXPECT_EQ(bob.outcome, Admission::Outcome::kQueued);
}

TEST(FlowControl, QueuedRequestsTimeOutAfterAQuarterOfTheRequestTimeout) {
  FlowControlConfig config;
  ASSERT_EQ(config.request_wait_limit(), 60 * sim::kSecond / 4);
  // No borrowing adjustment in the way: at 10 s it would lend this busy level idle
  // seats and dispatch the waiter (FlowControl.IdleLevelsLendSeatsToABusyOne).
  config.borrowing_adjustment_period = sim::kHour;
  FlowControl apf(config, 0);
  const int limit = apf.current_limit(level(apf, "global-default"));
  for (int i = 0; i < limit; ++i) {
    ASSERT_EQ(apf.enqueue(alice_get(), 0).outcome, Admission::Outcome::kExecute);
  }
  const sim::Time arrival = 2 * sim::kSecond;
  const Admission waiting = apf.enqueue(alice_get(), arrival);
  ASSERT_EQ(waiting.outcome, Admission::Outcome::kQueued);
  Wakeup w;
  apf.advance(arrival + 15 * sim::kSecond - 1, &w);
  EXPECT_TRUE(w.timed_out.empty());
  EXPECT_EQ(apf.next_deadline(), arrival + 15 * sim::kSecond);
  apf.advance(arrival + 15 * sim::kSecond, &w);
  ASSERT_EQ(w.timed_out.size(), 1u);
  EXPECT_EQ(w.timed_out[0].handle, waiting.handle);
  EXPECT_EQ(w.timed_out[0].retry_after_seconds, 1);
}

TEST(FlowControl, FinishDispatchesTheNextWaiter) {
  FlowControl apf(FlowControlConfig{}, 0);
  const int limit = apf.current_limit(level(apf, "global-default"));
  std::vector<Handle> running;
  for (int i = 0; i < limit; ++i)
    running.push_back(apf.enqueue(alice_get(), 0).handle);
  const Admission waiting = apf.enqueue(alice_get(), 0);
  ASSERT_EQ(waiting.outcome, Admission::Outcome::kQueued);
  Wakeup w;
  apf.finish(running[0], sim::kMillisecond, &w);
  EXPECT_EQ(w.dispatched, std::vector<Handle>{waiting.handle});
}

TEST(FlowControl, CatchAllRejectsOverItsLimitWithConcurrencyLimit) {
  // Only a user outside every group reaches catch-all: build a config without
  // global-default so ordinary users fall through to it (as its comment in default.go says).
  FlowControlConfig config;
  std::erase_if(config.flow_schemas,
                [](const FlowSchema& s) { return s.name == "global-default"; });
  FlowControl apf(config, 0);
  const int limit = apf.current_limit(level(apf, "catch-all"));
  for (int i = 0; i < limit; ++i) {
    const Admission a = apf.enqueue(alice_get(), 0);
    ASSERT_EQ(a.flow_schema, "catch-all");
    ASSERT_EQ(a.outcome, Admission::Outcome::kExecute);
  }
  const Admission over = apf.enqueue(alice_get(), 0);
  EXPECT_EQ(over.outcome, Admission::Outcome::kRejected);
  EXPECT_EQ(over.reason, RejectReason::kConcurrencyLimit);
}

// Borrowing: with every other level idle, a saturated level's currentCL grows, at the
// next 10 s adjustment, to everything the others may lend: each idle level keeps only its
// minCL (nominal - lendable), so the busy one gets the nominal sum minus theirs.
TEST(FlowControl, IdleLevelsLendSeatsToABusyOne) {
  FlowControl apf(FlowControlConfig{}, 0);
  const std::size_t gd = level(apf, "global-default");
  const int before = apf.current_limit(gd);
  // Many users, so that queues do not fill: demand far above any limit.
  std::vector<Handle> queued;
  for (int i = 0; i < 2000; ++i) {
    const Admission a = apf.enqueue(
        request(api::Verb::kGet, api::Kind::kPod, "d", ordinary_user("u" + std::to_string(i)), "p"),
        0);
    if (a.outcome == Admission::Outcome::kQueued) queued.push_back(a.handle);
  }
  ASSERT_GT(queued.size(), 1000u);
  Wakeup w;
  apf.advance(10 * sim::kSecond, &w);
  int nominal_sum = 0, others_min = 0;
  for (std::size_t i = 0; i < apf.level_count(); ++i) {
    nominal_sum += apf.level_limits(i).nominal_cl;
    if (i == gd) continue;
    others_min += apf.level_limits(i).min_cl;
    EXPECT_EQ(apf.current_limit(i), apf.level_limits(i).min_cl) << apf.level_config(i).name;
  }
  const int after = apf.current_limit(gd);
  EXPECT_EQ(after, nominal_sum - others_min);
  EXPECT_GT(after, apf.level_limits(gd).nominal_cl);  // it borrows beyond its nominal 49
  // The seats it gained are used at once, by requests that were waiting.
  EXPECT_EQ(static_cast<int>(w.dispatched.size()), after - before);
  EXPECT_EQ(apf.queue_set(gd).seats_in_use(), after);
}

TEST(FlowControl, WatchHoldsASeatUntilInitializedAndCountsForMutations) {
  FlowControl apf(FlowControlConfig{}, 0);
  const api::ApiRequest watch = request(api::Verb::kWatch, api::Kind::kPod, "", ordinary_user("w"));
  const Admission a = apf.enqueue(watch, 0);
  ASSERT_EQ(a.outcome, Admission::Outcome::kExecute);
  const std::size_t gd = level(apf, "global-default");
  EXPECT_EQ(apf.queue_set(gd).seats_in_use(), 1);
  Wakeup w;
  apf.finish(a.handle, sim::kMillisecond, &w);  // initialized: the seat is returned
  EXPECT_EQ(apf.queue_set(gd).seats_in_use(), 0);
  // 30 open pod watches make a pod update take ceil(30 / 10) = 3 final seats.
  std::vector<WatchTracker::Token> tokens;
  for (int i = 0; i < 30; ++i)
    tokens.push_back(apf.register_watch(watch));
  const Admission update = apf.enqueue(
      request(api::Verb::kUpdate, api::Kind::kPod, "d", ordinary_user("alice"), "p"), sim::kSecond);
  EXPECT_EQ(update.work.final_seats, 3u);
  for (auto t : tokens)
    apf.forget_watch(t);
  const Admission later = apf.enqueue(
      request(api::Verb::kUpdate, api::Kind::kPod, "d", ordinary_user("alice"), "p"), sim::kSecond);
  EXPECT_EQ(later.work.final_seats, 0u);
}

TEST(FlowControl, ListSeatsUseTheObjectCount) {
  FlowControl apf(FlowControlConfig{}, 0);
  const api::ApiRequest list = request(api::Verb::kList, api::Kind::kPod, "", ordinary_user("a"));
  EXPECT_EQ(apf.enqueue(list, 0).work.initial_seats, 1u);  // no count known yet
  apf.set_object_count(api::Kind::kPod, 5000);
  EXPECT_EQ(apf.enqueue(list, 0).work.initial_seats, 8u);  // global-default's cap
  apf.set_object_count(api::Kind::kPod, 50);
  EXPECT_EQ(apf.enqueue(list, 0).work.initial_seats, 1u);
}

TEST(FlowControl, PublishesTheRealMetrics) {
  sim::Metrics metrics;
  FlowControlMetrics published(metrics, {{"apiserver", "apiserver-0"}});
  FlowControlConfig config;
  config.borrowing_adjustment_period = sim::kHour;  // keep the waiter waiting
  FlowControl apf(config, 0);
  apf.attach_metrics(&published);
  const int limit = apf.current_limit(level(apf, "global-default"));
  for (int i = 0; i < limit + 1; ++i)
    apf.enqueue(alice_get(), 0);
  const std::string labels =
      "{apiserver=\"apiserver-0\",flow_schema=\"global-default\",priority_level=\"global-"
      "default\"}";
  EXPECT_EQ(metrics.query("apiserver_flowcontrol_current_executing_requests" + labels), limit);
  EXPECT_EQ(metrics.query("apiserver_flowcontrol_current_executing_seats" + labels), limit);
  EXPECT_EQ(metrics.query("apiserver_flowcontrol_current_inqueue_requests" + labels), 1);
  EXPECT_EQ(metrics.query("apiserver_flowcontrol_dispatched_requests_total" + labels), limit);
  EXPECT_EQ(metrics.query("apiserver_flowcontrol_nominal_limit_seats{apiserver=\"apiserver-0\","
                          "priority_level=\"global-default\"}"),
            49);
  EXPECT_EQ(metrics.query("apiserver_flowcontrol_current_limit_seats{apiserver=\"apiserver-0\","
                          "priority_level=\"global-default\"}"),
            limit);
  Wakeup w;
  apf.advance(15 * sim::kSecond, &w);
  ASSERT_EQ(w.timed_out.size(), 1u);
  EXPECT_EQ(metrics.query("apiserver_flowcontrol_rejected_requests_total{apiserver=\"apiserver-0\","
                          "flow_schema=\"global-default\",priority_level=\"global-default\","
                          "reason=\"time-out\"}"),
            1);
  EXPECT_EQ(metrics.query("apiserver_flowcontrol_current_inqueue_requests" + labels), 0);
  EXPECT_EQ(
      metrics.query("apiserver_flowcontrol_request_wait_duration_seconds{apiserver=\"apiserver-0\","
                    "execute=\"false\",flow_schema=\"global-default\","
                    "priority_level=\"global-default\"}.max"),
      15.0);
}

TEST(FlowControl, SameInputsSameDecisions) {
  auto run = [] {
    FlowControl apf(FlowControlConfig{}, 0);
    std::vector<int> trace;
    for (int i = 0; i < 600; ++i) {
      const Admission a = apf.enqueue(request(api::Verb::kGet, api::Kind::kPod, "d",
                                              ordinary_user("u" + std::to_string(i % 7)), "p"),
                                      i * sim::kMillisecond);
      trace.push_back(static_cast<int>(a.outcome));
    }
    Wakeup w;
    apf.advance(20 * sim::kSecond, &w);
    trace.push_back(static_cast<int>(w.dispatched.size()));
    trace.push_back(static_cast<int>(w.timed_out.size()));
    return trace;
  };
  EXPECT_EQ(run(), run());
}

}  // namespace
}  // namespace kcsim::flowcontrol
