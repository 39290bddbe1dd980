// The load balancer: random per connection, refused backends skipped.
#include "model/client/load_balancer.h"

#include <gtest/gtest.h>

#include <map>

namespace kcsim::client {
namespace {

TEST(LoadBalancer, RandomSkipsRefusedBackends) {
  LoadBalancer balancer({10, 11, 12}, BalancerMode::kRandom, "kubernetes");
  sim::Rng rng(3);
  for (int k = 0; k < 200; ++k) {
    const sim::ProcessId pick = balancer.pick(rng, [](sim::ProcessId p) { return p == 11; });
    EXPECT_NE(pick, 11u);
    EXPECT_TRUE(pick == 10 || pick == 12);
  }
}

TEST(LoadBalancer, EveryBackendRefusedIsNoProcess) {
  LoadBalancer balancer({10, 11}, BalancerMode::kRandom, "kubernetes");
  sim::Rng rng(3);
  EXPECT_EQ(balancer.pick(rng, [](sim::ProcessId) { return true; }), sim::kNoProcess);
}

TEST(LoadBalancer, RandomSpreadsNewConnections) {
  LoadBalancer balancer({10, 11, 12}, BalancerMode::kRandom, "kubernetes");
  sim::Rng rng(5);
  std::map<sim::ProcessId, int> counts;
  for (int k = 0; k < 3000; ++k)
    ++counts[balancer.pick(rng, [](sim::ProcessId) { return false; })];
  // Binomial(3000, 1/3): mean 1000, sd 25.8; 6 sd either side.
  for (sim::ProcessId p : {10u, 11u, 12u}) {
    EXPECT_GT(counts[p], 1000 - 155);
    EXPECT_LT(counts[p], 1000 + 155);
  }
}

TEST(LoadBalancer, RoundRobinTakesTheNextThatAnswers) {
  LoadBalancer balancer({10, 11, 12}, BalancerMode::kRoundRobin, "apiserver");
  sim::Rng rng(1);
  auto none = [](sim::ProcessId) { return false; };
  EXPECT_EQ(balancer.pick(rng, none), 10u);
  EXPECT_EQ(balancer.pick(rng, none), 11u);
  EXPECT_EQ(balancer.pick(rng, [](sim::ProcessId p) { return p == 12; }), 10u);
  EXPECT_EQ(balancer.pick(rng, none), 11u);
}

}  // namespace
}  // namespace kcsim::client
