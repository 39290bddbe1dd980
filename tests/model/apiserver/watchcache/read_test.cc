#include <gtest/gtest.h>

#include "tests/model/apiserver/watchcache/harness.h"

namespace kcsim::apiserver::watchcache {
namespace {

using testing::Harness;
using testing::label_app;
using testing::make_pod;
using testing::node_name;

ListRequest consistent_list(std::uint64_t ticket, std::int64_t etcd_revision) {
  ListRequest request;
  request.ticket = ticket;
  request.rv_match = api::RvMatch::kUnset;
  request.etcd_current_revision = etcd_revision;
  return request;
}

TEST(List, AConsistentReadWaitsUntilTheCacheIsAsFreshAsEtcd) {
  Harness h;
  h.start();
  h.put(make_pod("ns", "a"));  // 11
  ListRequest request = consistent_list(7, 13);
  FromEtcd why = FromEtcd::kNo;
  EXPECT_EQ(h.cache.route_list(request, &why), ListRoute::kCacheAfterEtcdRevision);
  ReadAnswer answer = h.cache.list(request, h.now);
  EXPECT_EQ(answer.outcome, ReadOutcome::kWaiting);
  EXPECT_EQ(h.cache.next_wakeup(), h.now + kProgressRequestPeriod);
  h.advance_to(100 * sim::kMillisecond);
  EXPECT_EQ(h.cache.take_outbox().progress_requests, 1u);  // asks etcd for progress

  h.put(make_pod("ns", "b"));  // 12: not yet
  EXPECT_TRUE(h.cache.outbox().reads_done.empty());
  h.cache.progress(13, h.now);  // etcd's progress notification
  Outbox outbox = h.cache.take_outbox();
  ASSERT_EQ(outbox.reads_done.size(), 1u);
  const ReadAnswer& done = outbox.reads_done[0];
  EXPECT_EQ(done.ticket, 7u);
  EXPECT_EQ(done.outcome, ReadOutcome::kServed);
  EXPECT_EQ(done.response.code, api::Code::kOk);
  EXPECT_EQ(done.response.list_resource_version, 13);
  ASSERT_EQ(done.response.items.size(), 2u);
  EXPECT_EQ(h.cache.waiting_reads(), 0u);
  EXPECT_EQ(h.cache.metrics().consistent_read_total, 1u);
  EXPECT_EQ(h.cache.metrics().consistent_read_fallback_total, 0u);
}

TEST(List, AConsistentReadFallsBackToEtcdAfterTheBlockTimeout) {
  Harness h;
  h.start();
  ASSERT_EQ(h.cache.list(consistent_list(3, 50), h.now).outcome, ReadOutcome::kWaiting);
  h.advance_to(kBlockTimeout - 1);
  EXPECT_TRUE(h.cache.take_outbox().reads_done.empty());
  h.advance_to(kBlockTimeout);
  Outbox outbox = h.cache.take_outbox();
  ASSERT_EQ(outbox.reads_done.size(), 1u);
  EXPECT_EQ(outbox.reads_done[0].ticket, 3u);
  EXPECT_EQ(outbox.reads_done[0].outcome, ReadOutcome::kFromEtcd);
  EXPECT_EQ(outbox.reads_done[0].from_etcd, FromEtcd::kFreshnessTimeout);
  EXPECT_EQ(h.cache.metrics().consistent_read_fallback_total, 1u);
  EXPECT_EQ(h.cache.next_wakeup(), sim::kTimeNever);
}

TEST(List, AnyWaitingReadAsksForProgressOnlyWithTheFeatureGateOn) {
  ListRequest request;
  request.ticket = 4;
  request.rv_match = api::RvMatch::kNotOlderThan;
  request.resource_version = 30;
  for (bool gate : {true, false}) {
    WatchCacheConfig config = Harness::pod_config();
    config.consistent_list_from_cache = gate;
    Harness h(config);
    h.start();
    ASSERT_EQ(h.cache.list(request, h.now).outcome, ReadOutcome::kWaiting);
    h.advance_to(kProgressRequestPeriod);
    EXPECT_EQ(h.cache.take_outbox().progress_requests, gate ? 1u : 0u) << gate;
    h.advance_to(2 * kProgressRequestPeriod);
    EXPECT_EQ(h.cache.take_outbox().progress_requests, gate ? 1u : 0u) << gate;
  }
}

TEST(List, APagedListWhileNotReadyGoesToEtcdBeforeAnyRevisionRead) {
  Harness h;  // not started: not ready
  ListRequest request = consistent_list(5, 0);
  request.limit = 500;
  FromEtcd why = FromEtcd::kNo;
  EXPECT_EQ(h.cache.route_list(request, &why), ListRoute::kEtcd);
  EXPECT_EQ(why, FromEtcd::kNotReadyPaged);
  h.start();
  EXPECT_EQ(h.cache.route_list(request, &why), ListRoute::kCacheAfterEtcdRevision);
}

TEST(List, NotOlderThanAFutureRvTimesOutWith504TooLargeResourceVersion) {
  Harness h;
  h.start();
  ListRequest request;
  request.ticket = 9;
  request.rv_match = api::RvMatch::kNotOlderThan;
  request.resource_version = 20;
  EXPECT_EQ(h.cache.route_list(request, nullptr), ListRoute::kCache);
  ASSERT_EQ(h.cache.list(request, h.now).outcome, ReadOutcome::kWaiting);
  h.advance_to(kBlockTimeout);
  Outbox outbox = h.cache.take_outbox();
  ASSERT_EQ(outbox.reads_done.size(), 1u);
  const api::ApiResponse& response = outbox.reads_done[0].response;
  EXPECT_EQ(outbox.reads_done[0].outcome, ReadOutcome::kServed);
  EXPECT_EQ(response.code, api::Code::kGatewayTimeout);
  EXPECT_EQ(response.reason, api::Reason::kTimeout);
  EXPECT_EQ(response.message, "Too large resource version: 20, current: 10");
  EXPECT_EQ(response.retry_after_seconds, 1);
}

TEST(List, RvZeroServesWhateverTheCacheHasAndIgnoresTheLimit) {
  Harness h;
  h.start();
  for (int i = 0; i < 5; ++i)
    h.put(make_pod("ns", "p" + std::to_string(i)));
  ListRequest request;
  request.rv_match = api::RvMatch::kAny;
  request.limit = 2;
  ReadAnswer answer = h.cache.list(request, h.now);
  ASSERT_EQ(answer.outcome, ReadOutcome::kServed);
  EXPECT_EQ(answer.response.items.size(), 5u);
  EXPECT_TRUE(answer.response.continue_token.empty());
  EXPECT_EQ(answer.response.list_resource_version, 15);
}

TEST(List, ALimitWithoutRvServesTheFirstPageAndTheContinuationGoesToEtcd) {
  Harness h;
  h.start();
  for (int i = 0; i < 5; ++i)
    h.put(make_pod("ns", "p" + std::to_string(i)));
  ListRequest request = consistent_list(1, 15);
  request.limit = 2;
  ReadAnswer answer = h.cache.list(request, h.now);
  ASSERT_EQ(answer.outcome, ReadOutcome::kServed);
  ASSERT_EQ(answer.response.items.size(), 2u);
  EXPECT_EQ(answer.response.continue_token, std::string("15:ns/p1") + '\0');
  EXPECT_EQ(answer.response.remaining_item_count, 3);
  ListRequest next = request;
  next.has_continue = true;
  ReadAnswer continued = h.cache.list(next, h.now);
  EXPECT_EQ(continued.outcome, ReadOutcome::kFromEtcd);
  EXPECT_EQ(continued.from_etcd, FromEtcd::kContinue);
}

TEST(List, ExactGoesToEtcdAndANotReadyCacheAnswers429OrDelegatesPagedLists) {
  Harness h;
  ListRequest exact;
  exact.rv_match = api::RvMatch::kExact;
  exact.resource_version = 5;
  EXPECT_EQ(h.cache.list(exact, h.now).from_etcd, FromEtcd::kExact);

  ListRequest any;
  any.rv_match = api::RvMatch::kAny;
  ReadAnswer rejected = h.cache.list(any, h.now);
  EXPECT_EQ(rejected.outcome, ReadOutcome::kServed);
  EXPECT_EQ(rejected.response.code, api::Code::kTooManyRequests);
  any.limit = 500;  // the reflector's first page, no selector: to etcd
  EXPECT_EQ(h.cache.list(any, h.now).from_etcd, FromEtcd::kNotReadyPaged);
  ListRequest selected = any;
  selected.selection = label_app("web");
  EXPECT_EQ(h.cache.list(selected, h.now).response.code, api::Code::kTooManyRequests);

  GetRequest get;
  get.rv_match = api::RvMatch::kAny;
  get.namespace_ = "ns";
  get.name = "a";
  EXPECT_EQ(h.cache.get(get, h.now).from_etcd, FromEtcd::kGetNotReady);
  h.start({{make_pod("ns", "a"), 4}});
  ReadAnswer got = h.cache.get(get, h.now);
  EXPECT_EQ(got.outcome, ReadOutcome::kServed);
  EXPECT_EQ(got.response.object.resource_version, 4);
  get.name = "missing";
  EXPECT_EQ(h.cache.get(get, h.now).response.code, api::Code::kNotFound);
  get.rv_match = api::RvMatch::kUnset;
  EXPECT_EQ(h.cache.get(get, h.now).from_etcd, FromEtcd::kGetUnset);
}

TEST(List, ANodeNameListReadsOnlyThatNodesPodsThroughTheIndex) {
  Harness h;
  h.start();
  for (int i = 0; i < 30; ++i) {
    h.put(make_pod("ns", "p" + std::to_string(i), "node-" + std::to_string(i % 10)));
  }
  ListRequest request;
  request.rv_match = api::RvMatch::kAny;
  request.selection = node_name("node-3");
  ReadAnswer answer = h.cache.list(request, h.now);
  ASSERT_EQ(answer.response.items.size(), 3u);
  EXPECT_EQ(answer.fetched, 3u);
  EXPECT_EQ(h.cache.metrics().cache_list_fetched_objects_total, 3u);
  // Without the index value every pod is read.
  request.selection.trigger_value.reset();
  answer = h.cache.list(request, h.now);
  EXPECT_EQ(answer.response.items.size(), 3u);
  EXPECT_EQ(answer.fetched, 30u);
}

TEST(List, ANamespaceListReadsOnlyThatNamespacesKeyRange) {
  Harness h;
  h.start();
  for (const char* ns : {"a", "a-b", "ab", "b"}) {
    for (int i = 0; i < 3; ++i)
      h.put(make_pod(ns, "p" + std::to_string(i)));
  }
  ListRequest request;
  request.rv_match = api::RvMatch::kAny;
  request.selection.scope.namespace_ = "a";
  ReadAnswer answer = h.cache.list(request, h.now);
  ASSERT_EQ(answer.response.items.size(), 3u);
  EXPECT_EQ(answer.fetched, 3u);
  for (const api::Versioned& item : answer.response.items) {
    EXPECT_EQ(item.object->meta.namespace_, "a");
  }
  // A watch from "0" in that namespace starts with the same three.
  WatchRequest watch;
  watch.rv_match = api::RvMatch::kAny;
  watch.selection.scope.namespace_ = "a";
  EXPECT_EQ(h.cache.watch(watch, h.now).initial_events.size(), 3u);
}

}  // namespace
}  // namespace kcsim::apiserver::watchcache
