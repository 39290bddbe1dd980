// The seam between a process and the world (sim/process.h): typed ports, exit at the end
// of the event, incarnation-named random streams, start-up delays, local clocks.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/network.h"
#include "sim/process.h"
#include "sim/simulation.h"
#include "tests/sim/test_process.h"

namespace kcsim::sim {
namespace {

using testing::scripted;
using testing::ScriptedProcess;

constexpr Label kContextTick{"test.tick"};
constexpr Label kContextMsg{"test.message"};

struct Greeting {
  std::string text;
  std::vector<int> numbers;
};
constexpr Port<Greeting> kGreetingPort{"test.greeting"};
constexpr Port<int> kOtherPort{"test.other"};

// Two processes on hosts of different zones, so messages cross the network.
struct TwoHosts {
  Simulation sim{1};
  ProcessId a = kNoProcess;
  ProcessId b = kNoProcess;
  std::vector<std::pair<ProcessId, Greeting>> received;

  explicit TwoHosts(std::function<void(ScriptedProcess&)> a_start) {
    a = sim.add_process("a", sim.add_host("ha", "zone-a"), scripted(std::move(a_start)));
    b = sim.add_process("b", sim.add_host("hb", "zone-b"), scripted([this](ScriptedProcess& self) {
                          self.listen(kGreetingPort, [this](ProcessId from, Greeting g) {
                            received.emplace_back(from, std::move(g));
                          });
                        }));
  }
};

TEST(Ports, AMessageReachesTheReceiversHandlerWithItsPayloadAndSender) {
  TwoHosts w([](ScriptedProcess& self) {
    self.context().send(kGreetingPort, 1, 100, kContextMsg, Greeting{"hello", {1, 2, 3}});
  });
  w.sim.start(w.b);
  w.sim.start(w.a);
  w.sim.run_until(kSecond);
  ASSERT_EQ(w.received.size(), 1u);
  EXPECT_EQ(w.received[0].first, w.a);
  EXPECT_EQ(w.received[0].second.text, "hello");
  EXPECT_EQ(w.received[0].second.numbers, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(w.sim.mailroom().in_flight(), 0u);
}

TEST(Ports, AMessageToAPortNobodyServesIsDroppedAndItsSlotFreed) {
  TwoHosts w(
      [](ScriptedProcess& self) { self.context().send(kOtherPort, 1, 100, kContextMsg, 42); });
  w.sim.start(w.b);
  w.sim.start(w.a);
  w.sim.run_until(kSecond);
  EXPECT_TRUE(w.received.empty());
  EXPECT_EQ(w.sim.mailroom().in_flight(), 0u);
  EXPECT_TRUE(w.sim.is_up(w.b));
}

TEST(Ports, AMessageToACrashedReceiverIsDroppedAndItsSlotFreed) {
  TwoHosts w([](ScriptedProcess& self) {
    self.context().send(kGreetingPort, 1, 100, kContextMsg, Greeting{"lost", {}});
  });
  w.sim.start(w.b);
  w.sim.start(w.a);
  w.sim.at(1, kContextTick, [&w] { w.sim.crash(w.b); });  // before the message can arrive
  w.sim.run_until(kSecond);
  EXPECT_TRUE(w.received.empty());
  EXPECT_EQ(w.sim.mailroom().in_flight(), 0u);
}

TEST(Ports, TheOperatorsInjectedCommandReachesTheHandler) {
  TwoHosts w([](ScriptedProcess&) {});
  w.sim.start(w.b);
  w.sim.run_until(kMillisecond);
  w.sim.inject(kGreetingPort, w.b, Greeting{"command", {}});
  w.sim.run_until(2 * kMillisecond);
  ASSERT_EQ(w.received.size(), 1u);
  EXPECT_EQ(w.received[0].first, kNoProcess);
}

TEST(Exit, TakesEffectAtTheEndOfTheEventAndNothingSentAfterItLeaves) {
  TwoHosts w([](ScriptedProcess& self) {
    self.context().send(kGreetingPort, 1, 100, kContextMsg, Greeting{"before", {}});
    self.context().exit();
    self.context().send(kGreetingPort, 1, 100, kContextMsg, Greeting{"after", {}});
    EXPECT_FALSE(
        self.after(kMillisecond, kContextTick, [] { FAIL() << "a timer set after exit fired"; })
            .valid());
  });
  w.sim.start(w.b);
  w.sim.start(w.a);
  w.sim.run_until(kSecond);
  EXPECT_FALSE(w.sim.is_up(w.a));
  // What was sent before the exit is on the wire and arrives; nothing after it.
  ASSERT_EQ(w.received.size(), 1u);
  EXPECT_EQ(w.received[0].second.text, "before");
}

std::vector<std::uint64_t> draws_of_each_incarnation(std::uint64_t seed) {
  Simulation sim(seed);
  std::vector<std::uint64_t> draws;
  const ProcessId p =
      sim.add_process("p", sim.add_host("h", "zone-a"), scripted([&draws](ScriptedProcess& self) {
                        draws.push_back(self.context().rng("x").next_u64());
                      }));
  sim.start(p);
  sim.run_until(kSecond);
  sim.restart(p);
  sim.run_until(2 * kSecond);
  sim.restart(p);
  sim.run_until(3 * kSecond);
  return draws;
}

TEST(RandomStreams, ARestartedProcessDrawsAfreshAndRunsReplay) {
  const std::vector<std::uint64_t> draws = draws_of_each_incarnation(5);
  ASSERT_EQ(draws.size(), 3u);
  EXPECT_NE(draws[0], draws[1]);
  EXPECT_NE(draws[1], draws[2]);
  EXPECT_EQ(draws, draws_of_each_incarnation(5));
  // The first incarnation's stream keeps the plain name.
  EXPECT_EQ(draws[0], Rng::stream(5, "p/x").next_u64());
}

// Boot times of processes that share a start-up delay distribution.
std::vector<Time> boot_times(std::uint64_t seed) {
  Simulation sim(seed);
  std::vector<Time> booted(3, -1);
  for (int i = 0; i < 3; ++i) {
    const ProcessId p =
        sim.add_process("p" + std::to_string(i), sim.add_host("h" + std::to_string(i), "zone-a"),
                        scripted([&booted, i](ScriptedProcess& self) { booted[i] = self.now(); }));
    sim.set_start_delay(p, Distribution::uniform(0, 100.0 * kMillisecond));
    sim.start(p);
  }
  sim.run_until(kSecond);
  return booted;
}

TEST(StartDelay, ProcessesStartedTogetherBootAtTheirOwnMoments) {
  const std::vector<Time> booted = boot_times(9);
  for (Time t : booted) {
    EXPECT_GE(t, 0);
    EXPECT_LT(t, 100 * kMillisecond);
  }
  EXPECT_NE(booted[0], booted[1]);
  EXPECT_NE(booted[1], booted[2]);
  EXPECT_EQ(booted, boot_times(9));
}

TEST(StartDelay, ABootingProcessRefusesConnections) {
  Simulation sim(1);
  const ProcessId server = sim.add_process("server", sim.add_host("hs", "zone-a"), scripted());
  std::vector<bool> refused;
  const ProcessId client = sim.add_process(
      "client", sim.add_host("hc", "zone-a"), scripted([&refused, server](ScriptedProcess& self) {
        refused.push_back(self.context().connection_refused(server));
        self.after(20 * kMillisecond, kContextTick, [&refused, &self, server] {
          refused.push_back(self.context().connection_refused(server));
        });
      }));
  sim.set_start_delay(server, Distribution::constant(10.0 * kMillisecond));
  sim.start(server);
  sim.start(client);
  sim.run_until(kSecond);
  EXPECT_EQ(refused, (std::vector<bool>{true, false}));
}

TEST(LocalClock, TimersCountLocalTimeAndTheClockHasItsOffset) {
  Simulation sim(1);
  Time fired = -1;
  Time local_at_fire = -1;
  const ProcessId p =
      sim.add_process("p", sim.add_host("h", "zone-a"), scripted([&](ScriptedProcess& self) {
                        self.after(kSecond, kContextTick, [&] {
                          fired = self.now();
                          local_at_fire = self.context().local_now();
                        });
                      }));
  sim.set_clock(p, ClockSpec{5 * kSecond, 1e-3});  // 1,000 ppm fast, 5s ahead
  sim.start(p);
  sim.run_until(2 * kSecond);
  // One local second passes in 1/1.001 true seconds.
  EXPECT_EQ(fired, std::llround(1e9 / 1.001));
  EXPECT_EQ(local_at_fire, 5 * kSecond + fired + std::llround(static_cast<double>(fired) * 1e-3));
}

TEST(LocalClock, NoDriftByDefault) {
  Simulation sim(1);
  Time fired = -1;
  const ProcessId p =
      sim.add_process("p", sim.add_host("h", "zone-a"), scripted([&](ScriptedProcess& self) {
                        self.after(kSecond, kContextTick, [&] { fired = self.now(); });
                      }));
  sim.start(p);
  sim.run_until(2 * kSecond);
  EXPECT_EQ(fired, kSecond);
  EXPECT_EQ(sim.local_now(p), 2 * kSecond);
}

}  // namespace
}  // namespace kcsim::sim
