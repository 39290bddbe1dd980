// etcd's linearizable read loop: the loop alone (batching, 500ms resends, the request
// timeout, leader change, out-of-date answers), then through a 3-member cluster (reads
// served by different members at once, a ReadIndex lost on the way).
#include "model/etcd/member/linearizable_read_loop.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/etcd/member/etcd_cluster.h"
#include "model/etcd/member/kv_client.h"
#include "sim/network.h"
#include "sim/simulation.h"

namespace kcsim::etcd {
namespace {

// Labels outlive the events that name them (sim/label.h): static, never temporaries.
constexpr sim::Label kAction{"test.action"};
constexpr sim::Label kRead{"test.read"};

constexpr sim::Time kRequestTimeout = 7 * sim::kSecond;  // 5s + 2 x 1s (ReqTimeout)

// A process that owns a read loop; the test plays Raft (read states, applied index).
class LoopHost final : public sim::Process {
 public:
  explicit LoopHost(sim::ProcessContext context)
      : Process(context),
        loop_(
            Process::context(), "1.1", kRequestTimeout,
            [this](const std::string& ctx) {
              sent.push_back({now(), ctx});
            },
            [this](ClientError error) { failed.push_back(error); }) {}
  void start() override {}
  LinearizableReadLoop& loop() { return loop_; }

  std::vector<std::pair<sim::Time, std::string>> sent;
  std::vector<ClientError> failed;

 private:
  LinearizableReadLoop loop_;
};

class LoopTest : public ::testing::Test {
 protected:
  LoopTest() : simulation_(1) {
    const sim::HostId host = simulation_.add_host("etcd-0", "zone-a");
    pid_ = simulation_.add_process("etcd-0", host, [this](sim::ProcessContext c) {
      auto process = std::make_unique<LoopHost>(c);
      host_ = process.get();
      return process;
    });
    simulation_.start(pid_);
    simulation_.run_until(0);
  }

  // Runs `action` inside the process at the current time, then the simulation to `until`.
  void at(sim::Time when, std::function<void(LoopHost&)> action) {
    simulation_.at_for(pid_, when, kAction, [this, action = std::move(action)] { action(*host_); });
    simulation_.run_until(when);
  }
  // A read whose outcome lands in `out`.
  static LinearizableReadLoop::Done into(std::optional<ClientError>& out) {
    return [&out](ClientError e) { out = e; };
  }

  sim::Simulation simulation_;
  sim::ProcessId pid_ = sim::kNoProcess;
  LoopHost* host_ = nullptr;
};

TEST_F(LoopTest, ReadsThatArriveDuringARoundWaitForTheNextOne) {
  std::optional<ClientError> first, second, third;
  at(0, [&](LoopHost& h) { h.loop().notify(into(first)); });
  at(1 * sim::kMillisecond, [&](LoopHost& h) {
    h.loop().notify(into(second));
    h.loop().notify(into(third));
  });
  ASSERT_EQ(host_->sent.size(), 1u);  // one ReadIndex in flight
  EXPECT_EQ(host_->sent[0].second, "1.1.1");
  // The answer confirms index 5; the member has applied 4, then 5.
  at(2 * sim::kMillisecond, [&](LoopHost& h) {
    h.loop().on_applied(4);
    h.loop().on_read_state("1.1.1", 5);
  });
  EXPECT_FALSE(first.has_value());  // waits for the apply
  at(3 * sim::kMillisecond, [&](LoopHost& h) { h.loop().on_applied(5); });
  EXPECT_EQ(first, ClientError::kOk);
  EXPECT_FALSE(second.has_value());
  // The next round, for both reads queued meanwhile, with a new context.
  ASSERT_EQ(host_->sent.size(), 2u);
  EXPECT_EQ(host_->sent[1].second, "1.1.2");
  EXPECT_EQ(host_->sent[1].first, 3 * sim::kMillisecond);
  at(4 * sim::kMillisecond, [&](LoopHost& h) { h.loop().on_read_state("1.1.2", 5); });
  EXPECT_EQ(second, ClientError::kOk);
  EXPECT_EQ(third, ClientError::kOk);
  EXPECT_EQ(host_->loop().queued(), 0u);
}

// requestCurrentIndex: sent again every 500ms with the same context, "request timed
// out" at ReqTimeout after the first send: sends at 0, 0.5s, ..., 6.5s.
TEST_F(LoopTest, AnUnansweredRequestIsSentAgainEvery500msUntilTheRequestTimeout) {
  std::optional<ClientError> read;
  at(0, [&](LoopHost& h) { h.loop().notify(into(read)); });
  simulation_.run_until(kRequestTimeout - 1);
  EXPECT_FALSE(read.has_value());
  simulation_.run_until(kRequestTimeout);
  EXPECT_EQ(read, ClientError::kTimeout);
  ASSERT_EQ(host_->sent.size(), 14u);
  for (std::size_t i = 0; i < host_->sent.size(); ++i) {
    EXPECT_EQ(host_->sent[i].first, static_cast<sim::Time>(i) * 500 * sim::kMillisecond);
    EXPECT_EQ(host_->sent[i].second, "1.1.1");
  }
  EXPECT_EQ(host_->failed, std::vector<ClientError>{ClientError::kTimeout});
  // A late answer to the timed-out round is out of date: it answers nothing.
  std::optional<ClientError> later;
  at(kRequestTimeout + 1, [&](LoopHost& h) {
    h.loop().notify(into(later));
    h.loop().on_read_state("1.1.1", 9);
  });
  EXPECT_FALSE(later.has_value());
  EXPECT_EQ(host_->sent.back().second, "1.1.2");
}

TEST_F(LoopTest, TheFirstCommitOfATermSendsAgainAndRestartsTheRetryTimer) {
  std::optional<ClientError> read;
  at(0, [&](LoopHost& h) { h.loop().notify(into(read)); });
  at(300 * sim::kMillisecond, [&](LoopHost& h) { h.loop().on_first_commit_in_term(); });
  simulation_.run_until(799 * sim::kMillisecond);
  ASSERT_EQ(host_->sent.size(), 2u);
  EXPECT_EQ(host_->sent[1].first, 300 * sim::kMillisecond);
  simulation_.run_until(800 * sim::kMillisecond);
  EXPECT_EQ(host_->sent.size(), 3u);
}

TEST_F(LoopTest, ALeaderChangeFailsTheRoundAwaitingItsIndexOnly) {
  std::optional<ClientError> awaiting, applying;
  at(0, [&](LoopHost& h) { h.loop().notify(into(applying)); });
  at(1, [&](LoopHost& h) {
    h.loop().on_read_state("1.1.1", 7);  // confirmed; applied is 0
    h.loop().notify(into(awaiting));     // queued for the next round
  });
  at(2, [&](LoopHost& h) { h.loop().on_leader_changed(); });
  EXPECT_FALSE(applying.has_value());  // a confirmed index carries on
  at(3, [&](LoopHost& h) { h.loop().on_applied(7); });
  EXPECT_EQ(applying, ClientError::kOk);
  EXPECT_FALSE(awaiting.has_value());
  at(4, [&](LoopHost& h) { h.loop().on_leader_changed(); });
  EXPECT_EQ(awaiting, ClientError::kLeaderChanged);
  EXPECT_EQ(host_->failed, std::vector<ClientError>{ClientError::kLeaderChanged});
}

// --- Through a cluster --------------------------------------------------------------

// A process with a KvClient whose first endpoint is member `first`.
class Reader final : public sim::Process {
 public:
  Reader(sim::ProcessContext context, std::vector<sim::ProcessId> endpoints, std::size_t first)
      : Process(context), client_(Process::context(), std::move(endpoints), first) {}
  void start() override {
    handle(kResponsePort,
           [this](sim::ProcessId, const ClientResponse& r) { client_.on_response(r); });
  }
  void read() {
    started = now();
    client_.call(mvcc::RangeRequest{mvcc::KeyRange::single("/k")}, 60 * sim::kSecond,
                 [this](ClientError e, const mvcc::Response&) {
                   error = e;
                   answered = now();
                 });
  }
  sim::Time started = 0;
  sim::Time answered = -1;
  std::optional<ClientError> error;

 private:
  KvClient client_;
};

class ClusterTest : public ::testing::Test {
 protected:
  ClusterTest() : simulation_(1) {
    cluster_ = std::make_unique<EtcdCluster>(simulation_, EtcdConfig{}, 3, 0, ClientConfig{},
                                             std::vector<std::string>{"zone-a"});
    simulation_.run_until(5 * sim::kSecond);  // a leader is elected
    EXPECT_TRUE(cluster_->has_leader());
  }

  // A reader on its own host whose first endpoint is `member`.
  Reader& add_reader(sim::ProcessId member) {
    const auto endpoints = cluster_->state().initial_endpoints();
    std::size_t first = 0;
    while (endpoints.at(first) != member)
      ++first;
    const std::string name = "reader-" + std::to_string(readers_.size());
    const sim::HostId host = simulation_.add_host(name, "zone-a");
    Reader* reader = nullptr;
    const sim::ProcessId pid =
        simulation_.add_process(name, host, [&reader, endpoints, first](sim::ProcessContext c) {
          auto process = std::make_unique<Reader>(c, endpoints, first);
          reader = process.get();
          return process;
        });
    simulation_.start(pid);
    simulation_.run_until(simulation_.now());
    readers_.push_back({pid, reader});
    return *reader;
  }
  void read_at(sim::Time when, std::size_t reader) {
    Reader* r = readers_.at(reader).second;
    simulation_.at_for(readers_.at(reader).first, when, kRead, [r] { r->read(); });
  }
  sim::HostId host_of(sim::ProcessId pid) const { return simulation_.process_info(pid).host; }

  sim::Simulation simulation_;
  std::unique_ptr<EtcdCluster> cluster_;
  std::vector<std::pair<sim::ProcessId, Reader*>> readers_;
};

// Every member serves its first read at once: each member's ReadIndex context is its
// own (etcd's reqIDGen carries the member id), so the leader's ReadOnly queue, which
// keys requests by context, holds both. A round is a forward, a heartbeat round trip
// and an answer, with CPU and fsync-free steps: milliseconds, far below 100ms.
TEST_F(ClusterTest, MembersServingReadsAtOnceDoNotShadowEachOther) {
  const sim::ProcessId leader = cluster_->leader();
  sim::Rng rng(7);
  const sim::ProcessId follower = cluster_->follower(rng);
  add_reader(leader);
  add_reader(follower);
  const sim::Time at = simulation_.now() + sim::kMillisecond;
  read_at(at, 0);
  read_at(at, 1);
  simulation_.run_until(at + 10 * sim::kSecond);
  for (auto& [pid, reader] : readers_) {
    ASSERT_EQ(reader->error, ClientError::kOk);
    EXPECT_LT(reader->answered - reader->started, 100 * sim::kMillisecond);
  }
}

// A follower's forwarded ReadIndex is lost (its link to the leader is cut one way for
// 200ms): the read loop sends it again 500ms after the first send, and the read is
// answered then, one round trip later, rather than after the 7s request timeout.
TEST_F(ClusterTest, AReadIndexLostOnTheWayIsSentAgainAfter500ms) {
  const sim::ProcessId leader = cluster_->leader();
  sim::Rng rng(7);
  const sim::ProcessId follower = cluster_->follower(rng);
  Reader& reader = add_reader(follower);
  const sim::Time at = simulation_.now() + sim::kMillisecond;
  const sim::PartitionId cut =
      simulation_.network().partition({{host_of(follower)}, {host_of(leader)}}, true);
  read_at(at, 0);
  simulation_.run_until(at + 200 * sim::kMillisecond);
  simulation_.network().heal(cut);
  simulation_.run_until(at + 10 * sim::kSecond);
  ASSERT_EQ(reader.error, ClientError::kOk);
  EXPECT_GE(reader.answered - reader.started, 500 * sim::kMillisecond);
  EXPECT_LT(reader.answered - reader.started, 600 * sim::kMillisecond);
}

}  // namespace
}  // namespace kcsim::etcd
