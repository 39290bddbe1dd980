// The network's cost per message, and its cost to build a large world.
//
// (a) Message delivery through the whole send path (Network::send, the routing, the
//     latency and loss draws, the event queue, the delivery and its trace record):
//      - PingPong: two processes on hosts of different zones; each delivery sends the
//        reply, so one message is in flight at a time.
//      - FanOut: a hub sends to 64 processes on 64 hosts over 3 zones, keeping 64
//        messages in flight; each delivery makes the hub send to the next receiver.
//     Each stands beside a Baseline: the bare event queue doing the same steps (one pop
//     and one schedule per message, with the same number pending). items_per_second of
//     the two, side by side, is the price of the network per message.
//      - PortPingPong: PingPong between two processes through their ProcessContext and
//        a typed port (sim/port.h): the payload waits in the mailroom's pool, the
//        handler is looked up at delivery. Its price over PingPong is the seam's.
// (b) Start-up: 5,000 hosts with one process each, over 3 zones; build the world, send
//     a first message from each process to a process on another host (in another zone)
//     and deliver them all. Reports the wall time and the growth of the resident set
//     (VmRSS from /proc/self/status) while the world exists, as the counter rss_bytes.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "sim/event_queue.h"
#include "sim/network.h"
#include "sim/process.h"
#include "sim/simulation.h"

namespace {

using kcsim::sim::HostId;
using kcsim::sim::Label;
using kcsim::sim::ProcessId;
using kcsim::sim::Simulation;
using kcsim::sim::Time;

constexpr Label kMessage{"bench.msg"};
constexpr Label kHold{"bench.hold"};
constexpr std::uint64_t kMessageBytes = 256;

class Idle final : public kcsim::sim::Process {
 public:
  using Process::Process;
  void start() override {}
};

kcsim::sim::ProcessFactory idle() {
  return [](kcsim::sim::ProcessContext context) { return std::make_unique<Idle>(context); };
}

// One host and one idle process per name, zone i % zones; started.
std::vector<ProcessId> add_world(Simulation& sim, int count, int zones) {
  std::vector<ProcessId> processes;
  processes.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    const std::string name = "p-" + std::to_string(i);
    const HostId host = sim.add_host(name, "zone-" + std::to_string(i % zones));
    processes.push_back(sim.add_process(name, host, idle()));
    sim.start(processes.back());
  }
  sim.run_until(0);
  return processes;
}

struct PingPong {
  Simulation* sim;
  ProcessId from;
  ProcessId to;
  void operator()() const {
    sim->network().send(to, from, kMessageBytes, kMessage, PingPong{sim, to, from});
    sim->request_stop();
  }
};

void BM_NetworkPingPong(benchmark::State& state) {
  Simulation sim(1);
  const std::vector<ProcessId> p = add_world(sim, 2, 2);
  sim.network().send(p[0], p[1], kMessageBytes, kMessage, PingPong{&sim, p[0], p[1]});
  for (auto _ : state)
    sim.run_until(kcsim::sim::kTimeNever - 1);
  state.SetItemsProcessed(state.iterations());
}

struct Ball {
  std::uint64_t hits = 0;
};
constexpr kcsim::sim::Port<Ball> kBallPort{"bench.ball"};

// Returns every ball to its sender; counts the balls it received.
class Bouncer final : public kcsim::sim::Process {
 public:
  Bouncer(kcsim::sim::ProcessContext context, std::uint64_t* received, ProcessId serve_to)
      : Process(context), received_(received), serve_to_(serve_to) {}
  void start() override {
    handle(kBallPort, [this](ProcessId from, Ball ball) {
      ++*received_;
      ++ball.hits;
      context().send(kBallPort, from, kMessageBytes, kMessage, ball);
    });
    if (serve_to_ != kcsim::sim::kNoProcess) {
      context().send(kBallPort, serve_to_, kMessageBytes, kMessage, Ball{});
    }
  }

 private:
  std::uint64_t* received_;
  ProcessId serve_to_;
};

void BM_PortPingPong(benchmark::State& state) {
  Simulation sim(1);
  std::uint64_t received = 0;
  const HostId a = sim.add_host("a", "zone-0");
  const HostId b = sim.add_host("b", "zone-1");
  const ProcessId pa = sim.add_process("a", a, [&received](kcsim::sim::ProcessContext context) {
    return std::make_unique<Bouncer>(context, &received, kcsim::sim::kNoProcess);
  });
  sim.add_process("b", b, [&received, pa](kcsim::sim::ProcessContext context) {
    return std::make_unique<Bouncer>(context, &received, pa);
  });
  sim.start(0);
  sim.start(1);
  Time until = 0;
  for (auto _ : state) {
    until += 10 * kcsim::sim::kMillisecond;  // a few round trips per iteration
    sim.run_until(until);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(received));
}

constexpr int kFanOutReceivers = 64;

struct FanOut {
  Simulation* sim;
  const std::vector<ProcessId>* processes;  // [0] is the hub
  int* next;
  void operator()() const {
    const ProcessId to = (*processes)[1 + (*next)++ % kFanOutReceivers];
    sim->network().send((*processes)[0], to, kMessageBytes, kMessage, FanOut{*this});
    sim->request_stop();
  }
};

void BM_NetworkFanOut(benchmark::State& state) {
  Simulation sim(1);
  const std::vector<ProcessId> p = add_world(sim, 1 + kFanOutReceivers, 3);
  int next = 0;
  for (int i = 0; i < kFanOutReceivers; ++i) {
    const ProcessId to = p[1 + next++ % kFanOutReceivers];
    sim.network().send(p[0], to, kMessageBytes, kMessage, FanOut{&sim, &p, &next});
  }
  for (auto _ : state)
    sim.run_until(kcsim::sim::kTimeNever - 1);
  state.SetItemsProcessed(state.iterations());
}

// The bare event queue: `pending` events; each step pops one, runs it, schedules one
// 1ms later (the same queue work per message as the network benchmarks).
void BM_BaselineEventQueue(benchmark::State& state) {
  const auto pending = static_cast<int>(state.range(0));
  kcsim::sim::EventQueue queue;
  std::uint64_t fired = 0;
  for (int i = 0; i < pending; ++i)
    queue.schedule(i, kHold, 0, [&fired] { ++fired; });
  kcsim::sim::FiredEvent event;
  for (auto _ : state) {
    queue.pop(event);
    event.callback();
    queue.schedule(event.at + kcsim::sim::kMillisecond, kHold, 0, [&fired] { ++fired; });
  }
  benchmark::DoNotOptimize(fired);
  state.SetItemsProcessed(state.iterations());
}

// The resident set of this program, in bytes (0 where /proc is not there).
double resident_bytes() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      double kib = 0;
      status >> kib;
      return kib * 1024;
    }
    status.ignore(1 << 16, '\n');
  }
  return 0;
}

void BM_NetworkStartup(benchmark::State& state) {
  const auto count = static_cast<int>(state.range(0));
  double rss_growth = 0;
  std::uint64_t delivered = 0;
  for (auto _ : state) {
    const double before = resident_bytes();
    Simulation sim(1);
    const std::vector<ProcessId> p = add_world(sim, count, 3);
    for (int i = 0; i < count; ++i) {
      sim.network().send(p[static_cast<std::size_t>(i)],
                         p[static_cast<std::size_t>((i + 1) % count)], kMessageBytes, kMessage,
                         [] {});
    }
    sim.run_until(kcsim::sim::kSecond);
    delivered = sim.network().stats().delivered;
    rss_growth = resident_bytes() - before;
  }
  state.counters["rss_bytes"] = rss_growth;
  state.counters["delivered"] = static_cast<double>(delivered);
}

}  // namespace

BENCHMARK(BM_NetworkPingPong);
BENCHMARK(BM_PortPingPong);
BENCHMARK(BM_BaselineEventQueue)->Arg(1)->Arg(kFanOutReceivers);
BENCHMARK(BM_NetworkFanOut);
BENCHMARK(BM_NetworkStartup)->Arg(5'000)->Iterations(1)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
