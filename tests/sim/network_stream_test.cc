// Streams: one end learns that the other is gone as TCP would tell it (a reset from a
// live host, a FIN on close), or not at all (a dead host, a partition).
#include <gtest/gtest.h>

#include <vector>

#include "sim/network.h"
#include "sim/simulation.h"
#include "tests/sim/test_process.h"

namespace kcsim::sim {
namespace {

// A client on host "a", a server on host "b", in one zone: 100us per link, two links.
struct StreamWorld {
  StreamWorld() : sim(3) {
    NetworkSpec spec;
    spec.intra_zone.latency = Distribution::constant(100 * kMicrosecond);
    spec.intra_zone.bandwidth_bits_per_s = 1e18;  // no serialisation time
    sim.network().set_spec(spec);
    host_a = sim.add_host("a", "z");
    host_b = sim.add_host("b", "z");
    client = sim.add_process("client", host_a, testing::scripted());
    server = sim.add_process("server", host_b, testing::scripted());
    sim.start(client);
    sim.start(server);
    sim.run_until(kMillisecond);
    stream = sim.network().open_stream(client, server);
    sim.network().on_stream_closed(stream, client, [this] { client_told = sim.now(); });
    sim.network().on_stream_closed(stream, server, [this] { server_told = sim.now(); });
  }
  Simulation sim;
  HostId host_a = kNoHost, host_b = kNoHost;
  ProcessId client = kNoProcess, server = kNoProcess;
  StreamId stream = kNoStream;
  Time client_told = -1, server_told = -1;
};

TEST(NetworkStream, ACrashedProcessOnALiveHostResetsItsStreams) {
  StreamWorld w;
  w.sim.crash(w.server);
  EXPECT_FALSE(w.sim.network().stream_open(w.stream));
  w.sim.run_until(kSecond);
  EXPECT_EQ(w.client_told, kMillisecond + 200 * kMicrosecond);  // one path delay
  EXPECT_EQ(w.server_told, -1);
}

TEST(NetworkStream, ADeadHostSendsNothing) {
  StreamWorld w;
  w.sim.crash_host(w.host_b);
  EXPECT_FALSE(w.sim.network().stream_open(w.stream));
  w.sim.run_until(kSecond);
  EXPECT_EQ(w.client_told, -1);
}

TEST(NetworkStream, APartitionStopsTheReset) {
  StreamWorld w;
  w.sim.network().partition({{w.host_a}, {w.host_b}}, false);
  w.sim.crash(w.server);
  w.sim.run_until(kSecond);
  EXPECT_EQ(w.client_told, -1);
}

TEST(NetworkStream, CloseSendsAFinToTheOtherEndOnly) {
  StreamWorld w;
  w.sim.network().close_stream(w.stream, w.client);
  w.sim.network().close_stream(w.stream, w.client);  // closed already: nothing more
  w.sim.run_until(kSecond);
  EXPECT_EQ(w.server_told, kMillisecond + 200 * kMicrosecond);
  EXPECT_EQ(w.client_told, -1);
}

TEST(NetworkStream, AResetDoesNotReachALaterIncarnation) {
  StreamWorld w;
  w.sim.crash(w.server);    // the reset is on its way to the client ...
  w.sim.restart(w.client);  // ... which restarts before it lands
  w.sim.run_until(kSecond);
  EXPECT_EQ(w.client_told, -1);
  EXPECT_EQ(w.sim.network().open_streams(), 0u);
}

// TCP's retransmission is not modelled: data a partition stops breaks the stream, and
// nothing sent on it later arrives, even after the heal (no gap, no reordering).
TEST(NetworkStream, DataAPartitionStopsBreaksTheStream) {
  StreamWorld w;
  constexpr Label kData{"test.data"};
  std::vector<int> got;
  auto send = [&](int n) {
    w.sim.network().send_on_stream(w.stream, w.server, w.client, 10, kData,
                                   [&got, n] { got.push_back(n); });
  };
  send(1);
  w.sim.run_until(2 * kMillisecond);
  const PartitionId cut = w.sim.network().partition({{w.host_a}, {w.host_b}}, false);
  send(2);
  w.sim.network().heal(cut);
  send(3);
  w.sim.run_until(kSecond);
  EXPECT_EQ(got, std::vector<int>{1});
  EXPECT_FALSE(w.sim.network().stream_open(w.stream));
  EXPECT_EQ(w.client_told, -1);  // nobody is told
  EXPECT_EQ(w.server_told, -1);
}

}  // namespace
}  // namespace kcsim::sim
