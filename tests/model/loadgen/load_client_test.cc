// The load generator's clients: open-loop arrivals are Poisson at the configured rate
// and bounded in flight; a closed loop holds at most one request per client.
#include "model/loadgen/load_client.h"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/apiserver/objects/build.h"
#include "tests/model/loadgen/load_world.h"

namespace kcsim::loadgen {
namespace {

using client::testing::FakeReplica;
using client::testing::Received;
using testing::LoadWorld;

constexpr sim::Label kSample{"test.sample"};

TEST(LoadClient, OpenLoopArrivalsArePoissonAtTheRate) {
  LoadWorld w;
  w.add_replica();
  ClientGroupSpec spec;
  spec.name = "open";
  spec.count = 5;
  spec.rate = 50;  // the group's, in all
  spec.qps = 0;    // no client-side limit: the answers come back at once
  w.add_load_clients(w.group(spec));
  // The arrivals counted in each second of 200.
  constexpr int kWindows = 200;
  std::vector<double> totals;
  for (int s = 1; s <= kWindows; ++s) {
    w.sim.at(s * sim::kSecond, kSample, [&w, &totals] {
      totals.push_back(w.metric(R"(loadgen_arrivals_total{group="open"})"));
    });
  }
  w.sim.run_until(kWindows * sim::kSecond);
  ASSERT_EQ(totals.size(), static_cast<std::size_t>(kWindows));
  // The count over the whole window: Poisson(10000), standard deviation 100; 5 sd.
  const double n = totals.back();
  EXPECT_NEAR(n, 50.0 * kWindows, 5 * std::sqrt(50.0 * kWindows));
  // Per-second counts: a Poisson process has variance equal to its mean (index of
  // dispersion 1, whose estimate over 200 windows has sd sqrt(2/199) = 0.1; 5 sd).
  // Evenly spaced arrivals would give 0, bursty ones much more than 1.
  std::vector<double> counts;
  double previous = 0;
  for (double total : totals) {
    counts.push_back(total - previous);
    previous = total;
  }
  double mean = 0;
  for (double c : counts)
    mean += c;
  mean /= kWindows;
  double variance = 0;
  for (double c : counts)
    variance += (c - mean) * (c - mean);
  variance /= kWindows - 1;
  EXPECT_NEAR(variance / mean, 1.0, 5 * std::sqrt(2.0 / (kWindows - 1)));
  // Offered and achieved: every arrival answered (the replica answers at once).
  EXPECT_EQ(w.metric(R"(loadgen_completed_total{group="open"})") +
                w.metric(R"(loadgen_in_flight{group="open"})"),
            n);
  EXPECT_EQ(w.metric(R"(loadgen_dropped_total{group="open"})"), 0);
}

TEST(LoadClient, OpenLoopDropsArrivalsPastTheInFlightBound) {
  LoadWorld w;
  w.add_replica([](const Received&, FakeReplica&) -> std::optional<api::ApiResponse> {
    return std::nullopt;  // never answers
  });
  ClientGroupSpec spec;
  spec.name = "stuck";
  spec.count = 1;
  spec.rate = 10;
  spec.max_in_flight = 5;
  w.add_load_clients(w.group(spec));
  w.sim.run_until(20 * sim::kSecond);
  const double arrivals = w.metric(R"(loadgen_arrivals_total{group="stuck"})");
  EXPECT_NEAR(arrivals, 200, 5 * std::sqrt(200.0));
  EXPECT_EQ(w.metric(R"(loadgen_in_flight{group="stuck"})"), 5);
  EXPECT_EQ(w.metric(R"(loadgen_dropped_total{group="stuck"})"), arrivals - 5);
  EXPECT_EQ(w.logs[0]->received.size(), 5u);
}

TEST(LoadClient, ClosedLoopHoldsAtMostOneRequestPerClient) {
  LoadWorld w;
  constexpr sim::Time kService = 500 * sim::kMillisecond;
  w.add_replica([](const Received& got, FakeReplica& replica) -> std::optional<api::ApiResponse> {
    api::ApiResponse response;
    response.code = api::Code::kOk;
    replica.answer_later(got, response, kService);
    return std::nullopt;
  });
  ClientGroupSpec spec;
  spec.name = "closed";
  spec.count = 4;
  spec.mode = sim::LoadLoop::kClosed;
  spec.rate = 100;  // think 10ms on average: the clients mostly wait for answers
  spec.qps = 0;
  w.add_load_clients(w.group(spec));
  w.sim.run_until(30 * sim::kSecond);
  const auto& received = w.logs[0]->received;
  ASSERT_GT(received.size(), 4u);
  // Requests at the replica at once: each is there for kService exactly.
  std::size_t most = 0;
  for (const Received& a : received) {
    std::size_t at_once = 0;
    for (const Received& b : received) {
      if (b.at <= a.at && a.at < b.at + kService) ++at_once;
    }
    most = std::max(most, at_once);
  }
  EXPECT_EQ(most, 4u);  // never more than the clients, and all four overlap
  // Each client: at most one answer per (service + round trip) in 30s.
  for (sim::ProcessId c = 0; c < w.sim.process_count(); ++c) {
    std::size_t from_c = 0;
    for (const Received& got : received)
      from_c += got.from == c ? 1 : 0;
    EXPECT_LE(from_c,
              static_cast<std::size_t>(30 * sim::kSecond / (kService + 2 * sim::kMillisecond)) + 1);
  }
  EXPECT_LE(w.metric(R"(loadgen_in_flight{group="closed"})"), 4);
}

TEST(LoadClient, RequestsFollowTheVerbMixAndTheGroupsUser) {
  LoadWorld w;
  w.add_replica();
  ClientGroupSpec spec;
  spec.name = "mix";
  spec.count = 2;
  spec.rate = 100;
  spec.qps = 0;
  spec.verbs = VerbWeights{0.5, 0.1, 0.2, 0.2, 0, 0};
  spec.resource = "leases";
  spec.namespaces = {"kube-node-lease"};
  spec.object_bytes = 300;
  spec.user.name = "system:node:n1";
  spec.user.groups = {"system:nodes"};
  w.add_load_clients(w.group(spec));
  w.sim.run_until(100 * sim::kSecond);
  const auto& received = w.logs[0]->received;
  std::map<api::Verb, double> counts;
  for (const Received& got : received) {
    ++counts[got.request.verb];
    EXPECT_EQ(got.request.kind, api::Kind::kLease);
    EXPECT_EQ(got.request.namespace_, "kube-node-lease");
    EXPECT_EQ(got.request.user.name, "system:node:n1");
    if (got.request.verb == api::Verb::kCreate) {
      EXPECT_EQ(got.request.body_bytes, 300u);
    }
  }
  const double n = static_cast<double>(received.size());
  // Binomial(n, p): within 5 sd of n p.
  for (auto [verb, p] : {std::pair{api::Verb::kGet, 0.5}, std::pair{api::Verb::kList, 0.1},
                         std::pair{api::Verb::kCreate, 0.2}, std::pair{api::Verb::kUpdate, 0.2}}) {
    EXPECT_NEAR(counts[verb], n * p, 5 * std::sqrt(n * p * (1 - p))) << api::to_string(verb);
  }
  EXPECT_EQ(counts[api::Verb::kDelete], 0);
}

// A patch must change the object, or the server writes nothing (server/patch.h): each
// of a client's patches carries the load generator's annotation with a new value.
TEST(LoadClient, EachPatchChangesAnAnnotation) {
  LoadWorld w;
  w.add_replica();
  ClientGroupSpec spec;
  spec.name = "patcher";
  spec.count = 1;
  spec.rate = 50;
  spec.qps = 0;
  spec.verbs = VerbWeights{0, 0, 0, 0, 1, 0};
  spec.resource = "configmaps";
  spec.namespaces = {"default"};
  w.add_load_clients(w.group(spec));
  w.sim.run_until(10 * sim::kSecond);
  std::set<std::string> values;
  std::size_t patches = 0;
  for (const Received& got : w.logs[0]->received) {
    ASSERT_EQ(got.request.verb, api::Verb::kPatch);
    ASSERT_NE(got.request.object, nullptr);
    const std::optional<std::string_view> value =
        api::label_value(got.request.object->meta.annotations, "loadgen.kcsim.io/patch");
    ASSERT_TRUE(value.has_value());
    values.emplace(*value);
    ++patches;
  }
  EXPECT_GT(patches, 100u);  // 50/s for 10s: 500 expected
  EXPECT_EQ(values.size(), patches);
}

}  // namespace
}  // namespace kcsim::loadgen
