// Streams: one end learns that the other is gone as TCP would tell it (a reset from a
// live host, a FIN on close), or not at all (a dead host, a partition).
#include <gtest/gtest.h>

#include <vector>

#include "sim/network.h"
#include "sim/simulation.h"
#include "tests/sim/test_process.h"

namespace kcsim::sim {
namespace {

// A client on host "a", a server on host "b", in one zone: 100us one way.
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
  EXPECT_EQ(w.client_told, kMillisecond + 100 * kMicrosecond);  // one one-way delay
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
  EXPECT_EQ(w.server_told, kMillisecond + 100 * kMicrosecond);
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

// The bytes a process sent before it crashed are on the wire: they arrive, and the
// reset its host sends follows them on the same connection.
TEST(NetworkStream, DataSentBeforeACrashArrivesAheadOfTheReset) {
  StreamWorld w;
  constexpr Label kData{"test.data"};
  std::vector<Time> data_at;
  w.sim.network().send_on_stream(w.stream, w.server, w.client, 10, kData,
                                 [&] { data_at.push_back(w.sim.now()); });
  w.sim.network().on_stream_closed(w.stream, w.client, [&] {
    EXPECT_EQ(data_at.size(), 1u);  // the data came first
    w.client_told = w.sim.now();
  });
  w.sim.crash(w.server);
  w.sim.run_until(kSecond);
  EXPECT_EQ(data_at, std::vector<Time>{kMillisecond + 100 * kMicrosecond});
  EXPECT_EQ(w.client_told, kMillisecond + 100 * kMicrosecond);
}

// A stream broken by a partition while messages on it fly: the ones behind the broken
// one are dropped even after the heal, and the stream is forgotten once none flies.
TEST(NetworkStream, ABrokenStreamIsForgottenOnceItsMessagesAreDone) {
  StreamWorld w;
  constexpr Label kData{"test.data"};
  std::vector<int> got;
  w.sim.network().send_on_stream(w.stream, w.server, w.client, 10, kData,
                                 [&got] { got.push_back(1); });
  EXPECT_EQ(w.sim.network().streams_in_flight_tracked(), 1u);
  PartitionId cut = 0;
  w.sim.at(kMillisecond + 10 * kMicrosecond, kData, [&] {
    w.sim.network().send_on_stream(w.stream, w.server, w.client, 10, kData,
                                   [&got] { got.push_back(2); });
    cut = w.sim.network().partition({{w.host_a}, {w.host_b}}, false);
  });
  // The first lands at 1.1ms on the cut and breaks the stream; the heal comes before
  // the second lands (1.11ms), which is dropped all the same.
  w.sim.at(kMillisecond + 105 * kMicrosecond, kData, [&] {
    EXPECT_FALSE(w.sim.network().stream_open(w.stream));
    EXPECT_EQ(w.sim.network().streams_in_flight_tracked(), 1u);
    w.sim.network().heal(cut);
  });
  w.sim.run_until(kSecond);
  EXPECT_TRUE(got.empty());
  EXPECT_EQ(w.sim.network().stats().dropped_partition, 1u);
  EXPECT_EQ(w.sim.network().stats().dropped_endpoint, 1u);
  EXPECT_EQ(w.sim.network().streams_in_flight_tracked(), 0u);
}

// Many streams broken and drained: the table is empty again, not one entry per stream.
TEST(NetworkStream, TheTableOfStreamsInFlightEmpties) {
  StreamWorld w;
  constexpr Label kData{"test.data"};
  const PartitionId cut = w.sim.network().partition({{w.host_a}, {w.host_b}}, false);
  w.sim.network().heal(cut);
  for (int i = 0; i < 100; ++i) {
    const StreamId stream = w.sim.network().open_stream(w.client, w.server);
    for (int j = 0; j < 3; ++j)
      w.sim.network().send_on_stream(stream, w.client, w.server, 10, kData, [] {});
  }
  EXPECT_EQ(w.sim.network().streams_in_flight_tracked(), 100u);
  w.sim.network().partition({{w.host_a}, {w.host_b}}, false);  // all break on landing
  w.sim.run_until(kSecond);
  EXPECT_EQ(w.sim.network().stats().dropped_partition, 100u);
  EXPECT_EQ(w.sim.network().stats().dropped_endpoint, 200u);
  EXPECT_EQ(w.sim.network().streams_in_flight_tracked(), 0u);
}

}  // namespace
}  // namespace kcsim::sim
