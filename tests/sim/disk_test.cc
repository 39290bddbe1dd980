#include "sim/disk.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "sim/simulation.h"
#include "tests/sim/test_process.h"

namespace kcsim::sim {
namespace {

constexpr Label kDiskTest{"test"};

struct DiskWorld {
  DiskWorld() : sim(3) {
    const HostId host = sim.add_host("h", "zone-a");
    p = sim.add_process("p", host, testing::scripted());
    sim.start(p);
    DiskSpec spec;
    spec.fsync_latency = Distribution::constant(static_cast<double>(5 * kMillisecond));
    spec.capacity_bytes = 1000;
    sim.disk(p).set_spec(spec);
  }
  Disk& disk() { return sim.disk(p); }
  DurableLog<std::string>& wal() { return disk().file<DurableLog<std::string>>("wal"); }
  Simulation sim;
  ProcessId p = 0;
};

TEST(Disk, ACrashLosesWhatWasNotFsynced) {
  DiskWorld w;
  EXPECT_EQ(w.disk().append(w.wal(), std::string("one"), 10), DiskStatus::kOk);
  std::vector<DiskStatus> done;
  w.disk().fsync([&](DiskStatus s) { done.push_back(s); });
  EXPECT_EQ(w.disk().append(w.wal(), std::string("two"), 10), DiskStatus::kOk);  // after fsync
  w.sim.run_until(10 * kMillisecond);
  ASSERT_EQ(done, std::vector<DiskStatus>{DiskStatus::kOk});
  EXPECT_EQ(w.wal().durable_length(), 1u);
  w.sim.crash(w.p);
  ASSERT_EQ(w.wal().records().size(), 1u);
  EXPECT_EQ(w.wal().records()[0], "one");
}

TEST(Disk, ACrashDuringAnFsyncLosesItsWritesAndItsCallback) {
  DiskWorld w;
  w.disk().append(w.wal(), std::string("one"), 10);
  bool called = false;
  w.disk().fsync([&](DiskStatus) { called = true; });
  w.sim.at(2 * kMillisecond, kDiskTest, [&] { w.sim.crash(w.p); });
  w.sim.at(3 * kMillisecond, kDiskTest, [&] { w.sim.start(w.p); });
  w.sim.run_until(kSecond);
  EXPECT_FALSE(called);
  EXPECT_TRUE(w.wal().records().empty());
}

// An fsync belongs to the incarnation that issued it. A crash must free the disk, so
// that the next incarnation's fsyncs are served at the disk's latency (5 ms here).
TEST(Disk, AnFsyncCutByACrashDoesNotBlockTheNextIncarnation) {
  DiskWorld w;
  bool dead_called = false;
  std::vector<std::pair<Time, DiskStatus>> done;
  w.disk().fsync([&](DiskStatus) { dead_called = true; });
  w.sim.at(2 * kMillisecond, kDiskTest, [&] { w.sim.crash(w.p); });
  w.sim.at(3 * kMillisecond, kDiskTest, [&] { w.sim.start(w.p); });
  w.sim.at(4 * kMillisecond, kDiskTest, [&] {
    w.disk().append(w.wal(), std::string("after"), 10);
    w.disk().fsync([&](DiskStatus s) { done.emplace_back(w.sim.now(), s); });
  });
  w.sim.run_until(kSecond);
  EXPECT_FALSE(dead_called);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].first, 4 * kMillisecond + 5 * kMillisecond);
  EXPECT_EQ(done[0].second, DiskStatus::kOk);
  EXPECT_EQ(w.wal().durable_length(), 1u);
}

// A kernel event (or a callback running after the crash) may call fsync while the
// owner is down: no incarnation would run its callback, so it must be dropped at once
// rather than hold the disk forever.
TEST(Disk, AnFsyncWhileTheOwnerIsDownIsDroppedAndLeavesTheDiskFree) {
  DiskWorld w;
  bool dead_called = false;
  std::vector<Time> done_at;
  w.sim.at(1 * kMillisecond, kDiskTest, [&] { w.sim.crash(w.p); });
  w.sim.at(2 * kMillisecond, kDiskTest, [&] {
    ASSERT_FALSE(w.sim.is_up(w.p));
    w.disk().fsync([&](DiskStatus) { dead_called = true; });
  });
  w.sim.at(3 * kMillisecond, kDiskTest, [&] { w.sim.start(w.p); });
  w.sim.at(4 * kMillisecond, kDiskTest,
           [&] { w.disk().fsync([&](DiskStatus) { done_at.push_back(w.sim.now()); }); });
  w.sim.run_until(kSecond);
  EXPECT_FALSE(dead_called);
  EXPECT_EQ(done_at, std::vector<Time>{4 * kMillisecond + 5 * kMillisecond});
  EXPECT_EQ(w.disk().stats().fsyncs, 1u);  // the dropped one was never served
}

// The same with a stalled disk: the sync issued while down must not wait in the queue
// to be served (and its callback run) in the next incarnation once the disk unstalls.
TEST(Disk, AnFsyncWhileDownOnAStalledDiskNeverRunsInTheNextIncarnation) {
  DiskWorld w;
  bool dead_called = false;
  std::vector<Time> done_at;
  w.sim.at(1 * kMillisecond, kDiskTest, [&] {
    w.sim.crash(w.p);
    w.disk().set_stalled(true);
    w.disk().fsync([&](DiskStatus) { dead_called = true; });
  });
  w.sim.at(3 * kMillisecond, kDiskTest, [&] {
    w.sim.start(w.p);
    w.disk().fsync([&](DiskStatus) { done_at.push_back(w.sim.now()); });
  });
  w.sim.at(10 * kMillisecond, kDiskTest, [&] { w.disk().set_stalled(false); });
  w.sim.run_until(kSecond);
  EXPECT_FALSE(dead_called);
  // Served first, not behind the dead one (which would make it 20 ms).
  EXPECT_EQ(done_at, std::vector<Time>{10 * kMillisecond + 5 * kMillisecond});
}

// etcd treats a failed fsync as fatal: a callback that crashes its process, then goes
// on to issue another fsync (code running after the crash), with a third one queued.
TEST(Disk, ACallbackThatCrashesItsProcessLeavesTheDiskUsable) {
  DiskWorld w;
  bool dead_called = false;
  std::vector<Time> done_at;
  w.disk().set_failing(true);
  w.disk().fsync([&](DiskStatus s) {
    EXPECT_EQ(s, DiskStatus::kIoError);
    w.sim.crash(w.p);
    w.disk().fsync([&](DiskStatus) { dead_called = true; });
  });
  w.disk().fsync([&](DiskStatus) { dead_called = true; });  // queued behind, then cut
  w.sim.at(20 * kMillisecond, kDiskTest, [&] {
    w.disk().heal();
    w.sim.start(w.p);
    w.disk().fsync([&](DiskStatus) { done_at.push_back(w.sim.now()); });
  });
  w.sim.run_until(kSecond);
  EXPECT_FALSE(dead_called);
  EXPECT_EQ(done_at, std::vector<Time>{20 * kMillisecond + 5 * kMillisecond});
}

// A dropped fsync takes no latency draw: the next incarnation's fsyncs complete at the
// same times as in a run where the dropped call never happened.
TEST(Disk, AnFsyncWhileDownDrawsNothing) {
  auto completion_times = [](bool call_while_down) {
    DiskWorld w;
    w.disk().set_spec(DiskSpec{});  // the random default latency
    std::vector<Time> done_at;
    w.sim.at(1 * kMillisecond, kDiskTest, [&] {
      w.sim.crash(w.p);
      if (call_while_down) w.disk().fsync([](DiskStatus) {});
    });
    w.sim.at(2 * kMillisecond, kDiskTest, [&] {
      w.sim.start(w.p);
      for (int i = 0; i < 3; ++i)
        w.disk().fsync([&](DiskStatus) { done_at.push_back(w.sim.now()); });
    });
    w.sim.run_until(10 * kSecond);
    return done_at;
  };
  const std::vector<Time> without = completion_times(false);
  ASSERT_EQ(without.size(), 3u);
  EXPECT_EQ(completion_times(true), without);
}

// A write while the owner is down (code running on after its process crashed) is
// refused: it must not sit in the page cache into the next incarnation and become
// durable with that incarnation's first fsync.
TEST(Disk, WritesWhileTheOwnerIsDownAreRefusedAndNeverBecomeDurable) {
  DiskWorld w;
  auto& value = w.disk().file<DurableValue<int>>("hardstate");
  w.sim.crash(w.p);
  EXPECT_EQ(w.disk().append(w.wal(), std::string("ghost"), 10), DiskStatus::kOwnerDown);
  EXPECT_EQ(w.disk().write(value, 7, 8), DiskStatus::kOwnerDown);
  EXPECT_EQ(w.disk().write_bytes(100), DiskStatus::kOwnerDown);
  EXPECT_TRUE(w.wal().records().empty());
  EXPECT_EQ(value.value(), 0);
  EXPECT_EQ(w.disk().used_bytes(), 0u);
  EXPECT_EQ(w.disk().stats().bytes_written, 0u);
  EXPECT_EQ(w.disk().stats().writes_while_down, 3u);
  EXPECT_EQ(w.disk().stats().writes_refused, 0u);
  EXPECT_EQ(to_string(DiskStatus::kOwnerDown), "process is down");

  w.sim.start(w.p);
  w.disk().fsync([](DiskStatus) {});
  w.sim.run_until(kSecond);
  EXPECT_TRUE(w.wal().records().empty());
  EXPECT_EQ(w.wal().durable_length(), 0u);
  EXPECT_EQ(value.durable_value(), 0);
  EXPECT_EQ(w.disk().append(w.wal(), std::string("real"), 10), DiskStatus::kOk);  // up again
}

TEST(Disk, FsyncsAreServedOneAtATimeInOrder) {
  DiskWorld w;
  std::vector<Time> done_at;
  for (int i = 0; i < 3; ++i)
    w.disk().fsync([&](DiskStatus) { done_at.push_back(w.sim.now()); });
  w.sim.run_until(kSecond);
  EXPECT_EQ(done_at, (std::vector<Time>{5 * kMillisecond, 10 * kMillisecond, 15 * kMillisecond}));
}

TEST(Disk, SlowStalledFailingAndFullDisks) {
  DiskWorld w;
  std::vector<std::pair<Time, DiskStatus>> done;
  auto record = [&](DiskStatus s) { done.emplace_back(w.sim.now(), s); };
  w.disk().set_slow_factor(10);
  w.disk().fsync(record);
  w.sim.run_until(kSecond);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].first, 50 * kMillisecond);

  w.disk().heal();
  w.disk().set_stalled(true);
  w.disk().fsync(record);
  w.sim.run_until(2 * kSecond);
  EXPECT_EQ(done.size(), 1u);  // stalled: nothing completes
  w.disk().set_stalled(false);
  w.sim.run_until(3 * kSecond);
  ASSERT_EQ(done.size(), 2u);
  EXPECT_EQ(done[1].first, 2 * kSecond + 5 * kMillisecond);

  w.disk().set_failing(true);
  w.disk().append(w.wal(), std::string("x"), 10);
  w.disk().fsync(record);
  w.sim.run_until(4 * kSecond);
  ASSERT_EQ(done.size(), 3u);
  EXPECT_EQ(done[2].second, DiskStatus::kIoError);
  EXPECT_EQ(w.wal().durable_length(), 0u);

  w.disk().heal();
  w.disk().set_full(true);
  EXPECT_EQ(w.disk().append(w.wal(), std::string("y"), 10), DiskStatus::kNoSpace);
  w.disk().heal();
  EXPECT_EQ(w.disk().append(w.wal(), std::string("y"), 2000), DiskStatus::kNoSpace);  // > capacity
}

TEST(Disk, DurableValueKeepsTheLastSyncedValue) {
  DiskWorld w;
  auto& state = w.disk().file<DurableValue<int>>("hardstate");
  w.disk().write(state, 1, 8);
  w.disk().fsync([](DiskStatus) {});
  w.sim.run_until(kSecond);
  w.disk().write(state, 2, 8);
  EXPECT_EQ(state.value(), 2);
  w.sim.crash(w.p);
  EXPECT_EQ(state.value(), 1);
  EXPECT_EQ(state.durable_value(), 1);
}

TEST(Disk, CompactionKeepsPositionsAndDurability) {
  DiskWorld w;
  for (int i = 0; i < 5; ++i)
    w.disk().append(w.wal(), std::to_string(i), 1);
  w.disk().fsync([](DiskStatus) {});
  w.sim.run_until(kSecond);
  w.wal().drop_front(3);
  EXPECT_EQ(w.wal().first(), 3u);
  EXPECT_EQ(w.wal().length(), 5u);
  EXPECT_EQ(w.wal().durable_length(), 5u);
  w.disk().append(w.wal(), std::string("5"), 1);
  w.sim.crash(w.p);
  EXPECT_EQ(w.wal().length(), 5u);
  EXPECT_EQ(w.wal().records().front(), "3");
}

}  // namespace
}  // namespace kcsim::sim
