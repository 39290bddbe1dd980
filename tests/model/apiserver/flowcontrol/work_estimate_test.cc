// Seats of LISTs (from object counts) and of mutations (from watch counts).
#include "model/apiserver/flowcontrol/work_estimate.h"

#include <gtest/gtest.h>

#include "tests/model/apiserver/flowcontrol/test_requests.h"

namespace kcsim::flowcontrol {
namespace {

using testing::ordinary_user;
using testing::request;

const WorkEstimatorConfig kConfig;

api::ApiRequest list_pods() {
  return request(api::Verb::kList, api::Kind::kPod, "", ordinary_user("alice"));
}

TEST(WorkEstimate, ListOf5000VersusListOf50) {
  // From the watch cache (RV unset, ConsistentListFromCache): objects = stored.
  // 5,000 / 100 = 50 seats, capped at MaximumListSeatsLimit 10; 50 / 100 -> 1 seat.
  EXPECT_EQ(estimate_work(list_pods(), 5000, 0, 0, kConfig).initial_seats, 10u);
  EXPECT_EQ(estimate_work(list_pods(), 50, 0, 0, kConfig).initial_seats, 1u);
  // 300 objects: ceil(3.0) = 3 seats, under the cap.
  EXPECT_EQ(estimate_work(list_pods(), 300, 0, 0, kConfig).initial_seats, 3u);
  // global-default's own cap: min(ceil(0.15 x 49), 49 / 6) = 8.
  EXPECT_EQ(level_max_seats(49, 6), 8u);
  EXPECT_EQ(estimate_work(list_pods(), 5000, 0, level_max_seats(49, 6), kConfig).initial_seats, 8u);
}

TEST(WorkEstimate, ListFromEtcdCountsThePage) {
  api::ApiRequest paged = list_pods();
  paged.options.limit = 100;  // RV unset + limit: served from etcd
  ASSERT_TRUE(list_from_storage(paged.options, kConfig));
  // No selector: 2 x limit = 200 objects -> 2 seats.
  EXPECT_EQ(estimate_work(paged, 300, 0, 0, kConfig).initial_seats, 2u);
  // With a selector etcd reads everything: stored + limit = 400 -> 4 seats.
  paged.options.label_selector = "app=web";
  EXPECT_EQ(estimate_work(paged, 300, 0, 0, kConfig).initial_seats, 4u);
  // RV "0" with a limit stays in the watch cache: stored = 300 -> 3 seats.
  api::ApiRequest any = list_pods();
  any.options.limit = 100;
  any.options.rv_match = api::RvMatch::kAny;
  EXPECT_FALSE(list_from_storage(any.options, kConfig));
  EXPECT_EQ(estimate_work(any, 300, 0, 0, kConfig).initial_seats, 3u);
  // Without ConsistentListFromCache an RV-unset list reads etcd: 2 x 300 -> 6 seats.
  WorkEstimatorConfig old = kConfig;
  old.consistent_list_from_cache = false;
  EXPECT_EQ(estimate_work(list_pods(), 300, 0, 0, old).initial_seats, 6u);
}

TEST(WorkEstimate, PointReadsWatchesAndUnknownCountsTakeOneSeat) {
  EXPECT_EQ(estimate_work(request(api::Verb::kGet, api::Kind::kPod, "d", ordinary_user("a"), "p"),
                          5000, 0, 0, kConfig)
                .initial_seats,
            1u);
  EXPECT_EQ(estimate_work(request(api::Verb::kWatch, api::Kind::kPod, "", ordinary_user("a")), 5000,
                          0, 0, kConfig)
                .max_seats(),
            1u);
  EXPECT_EQ(estimate_work(list_pods(), std::nullopt, 0, 0, kConfig).initial_seats, 1u);
}

TEST(WorkEstimate, MutationSeatsFromWatchers) {
  const api::ApiRequest update =
      request(api::Verb::kUpdate, api::Kind::kPod, "d", ordinary_user("a"), "p");
  // Fewer than 10 watchers: no final seats.
  const WorkEstimate few = estimate_work(update, 0, 9, 0, kConfig);
  EXPECT_EQ(few.initial_seats, 1u);
  EXPECT_EQ(few.final_seats, 0u);
  EXPECT_EQ(few.additional_latency, 0);
  // 25 watchers: ceil(25 / 10) = 3 final seats for 3 x 5ms / 3 = 5ms.
  const WorkEstimate some = estimate_work(update, 0, 25, 0, kConfig);
  EXPECT_EQ(some.final_seats, 3u);
  EXPECT_EQ(some.additional_latency, 5 * sim::kMillisecond);
  EXPECT_EQ(some.max_seats(), 3u);
  // 250 watchers: 25 seat-units of 5ms reshaped into the cap of 10 seats x 12.5ms.
  const WorkEstimate many = estimate_work(update, 0, 250, 0, kConfig);
  EXPECT_EQ(many.final_seats, 10u);
  EXPECT_EQ(many.additional_latency, 12'500'000);
}

}  // namespace
}  // namespace kcsim::flowcontrol
