#include "sim/network.h"

#include <gtest/gtest.h>

#include <vector>

#include "sim/simulation.h"
#include "tests/sim/test_process.h"

namespace kcsim::sim {
namespace {

constexpr Label kMsg{"test.msg"};

// Three hosts: a and b in zone-a, c in zone-b; one process on each.
struct World {
  explicit World(NetworkSpec spec = {}) : sim(11) {
    sim.network().set_spec(std::move(spec));
    for (const char* name : {"a", "b", "c"}) {
      const HostId host = sim.add_host(name, std::string(name) == "c" ? "zone-b" : "zone-a");
      const ProcessId p = sim.add_process(name, host, testing::scripted());
      sim.start(p);
    }
  }
  Simulation sim;
  static constexpr ProcessId a = 0, b = 1, c = 2;
};

NetworkSpec constant_latency(Time intra, Time inter) {
  NetworkSpec spec;
  spec.intra_zone.latency = Distribution::constant(static_cast<double>(intra));
  spec.inter_zone.latency = Distribution::constant(static_cast<double>(inter));
  spec.intra_zone.bandwidth_bits_per_s = 1e18;
  spec.inter_zone.bandwidth_bits_per_s = 1e18;
  return spec;
}

TEST(Network, LatencyIsTheSumOfTheLinksOnTheShortestPath) {
  World w(constant_latency(100 * kMicrosecond, 2 * kMillisecond));
  Time same_zone = -1, cross_zone = -1;
  w.sim.network().send(World::a, World::b, 10, kMsg, [&] { same_zone = w.sim.now(); });
  w.sim.network().send(World::a, World::c, 10, kMsg, [&] { cross_zone = w.sim.now(); });
  w.sim.run_until(kSecond);
  EXPECT_EQ(same_zone, 200 * kMicrosecond);                      // a-switch-b
  EXPECT_EQ(cross_zone, 200 * kMicrosecond + 2 * kMillisecond);  // a-sw_a-sw_b-c
}

TEST(Network, DeliveryIsFifoPerConnectionDespiteRandomLatency) {
  NetworkSpec spec;
  spec.intra_zone.latency = Distribution::exponential(1e6);
  World w(spec);
  std::vector<int> order;
  for (int i = 0; i < 500; ++i) {
    w.sim.network().send(World::a, World::b, 10, kMsg, [&order, i] { order.push_back(i); });
  }
  w.sim.run_until(10 * kSecond);
  ASSERT_EQ(order.size(), 500u);
  for (int i = 0; i < 500; ++i)
    EXPECT_EQ(order[i], i);
}

TEST(Network, PartitionBlocksBothWaysUntilHealed) {
  World w(constant_latency(kMillisecond, kMillisecond));
  int delivered = 0;
  const PartitionId id = w.sim.network().partition({{0}, {1, 2}}, false);
  w.sim.network().send(World::a, World::b, 10, kMsg, [&] { ++delivered; });
  w.sim.network().send(World::b, World::a, 10, kMsg, [&] { ++delivered; });
  w.sim.network().send(World::b, World::c, 10, kMsg, [&] { ++delivered; });  // same side
  w.sim.run_until(kSecond);
  EXPECT_EQ(delivered, 1);
  EXPECT_EQ(w.sim.network().stats().dropped_partition, 2u);
  w.sim.network().heal(id);
  w.sim.network().send(World::a, World::b, 10, kMsg, [&] { ++delivered; });
  w.sim.run_until(2 * kSecond);
  EXPECT_EQ(delivered, 2);
}

TEST(Network, OneWayPartitionBlocksOnlyTheFirstGroupsMessages) {
  World w(constant_latency(kMillisecond, kMillisecond));
  int a_to_b = 0, b_to_a = 0;
  w.sim.network().partition({{0}, {1}}, true);
  w.sim.network().send(World::a, World::b, 10, kMsg, [&] { ++a_to_b; });
  w.sim.network().send(World::b, World::a, 10, kMsg, [&] { ++b_to_a; });
  w.sim.run_until(kSecond);
  EXPECT_EQ(a_to_b, 0);
  EXPECT_EQ(b_to_a, 1);
}

TEST(Network, APartitionMadeWhileAMessageFliesDropsIt) {
  World w(constant_latency(10 * kMillisecond, 10 * kMillisecond));
  int delivered = 0;
  w.sim.network().send(World::a, World::b, 10, kMsg, [&] { ++delivered; });
  w.sim.at(5 * kMillisecond, kMsg, [&] { w.sim.network().partition({{0}, {1}}, false); });
  w.sim.run_until(kSecond);
  EXPECT_EQ(delivered, 0);
}

TEST(Network, ACrashOfEitherEndDropsMessagesInFlight) {
  World w(constant_latency(10 * kMillisecond, 10 * kMillisecond));
  int delivered = 0;
  w.sim.network().send(World::a, World::b, 10, kMsg, [&] { ++delivered; });  // receiver dies
  w.sim.network().send(World::c, World::a, 10, kMsg, [&] { ++delivered; });  // sender dies
  w.sim.at(5 * kMillisecond, kMsg, [&] {
    w.sim.restart(World::b);
    w.sim.restart(World::c);
  });
  w.sim.run_until(kSecond);
  EXPECT_EQ(delivered, 0);
  EXPECT_EQ(w.sim.network().stats().dropped_endpoint, 2u);
}

TEST(Network, LossDropsAboutTheConfiguredFraction) {
  NetworkSpec spec = constant_latency(kMillisecond, kMillisecond);
  spec.intra_zone.loss = 0.1;  // two intra-zone links: kept with (0.9)^2 = 0.81
  World w(spec);
  int delivered = 0;
  const int n = 20'000;
  for (int i = 0; i < n; ++i)
    w.sim.network().send(World::a, World::b, 1, kMsg, [&] { ++delivered; });
  w.sim.run_until(kSecond);
  EXPECT_NEAR(static_cast<double>(delivered) / n, 0.81, 0.015);
}

TEST(Network, BandwidthSerialisesLargeMessages) {
  NetworkSpec spec = constant_latency(0, 0);
  spec.intra_zone.bandwidth_bits_per_s = 8e6;  // 1 MB/s
  World w(spec);
  std::vector<Time> at;
  // Two 1 MB messages: 1s each on the first link; the second waits for the first.
  for (int i = 0; i < 2; ++i) {
    w.sim.network().send(World::a, World::b, 1'000'000, kMsg, [&] { at.push_back(w.sim.now()); });
  }
  w.sim.run_until(10 * kSecond);
  ASSERT_EQ(at.size(), 2u);
  EXPECT_EQ(at[0], 2 * kSecond);  // two links, store and forward
  EXPECT_EQ(at[1], 3 * kSecond);
}

TEST(Network, DegradeAddsLatencyBetweenTheTwoSides) {
  World w(constant_latency(kMillisecond, kMillisecond));
  Time at = -1;
  w.sim.network().degrade({0}, {1}, 50 * kMillisecond, 0);
  w.sim.network().send(World::b, World::a, 10, kMsg, [&] { at = w.sim.now(); });
  w.sim.run_until(kSecond);
  EXPECT_EQ(at, 52 * kMillisecond);
}

}  // namespace
}  // namespace kcsim::sim
