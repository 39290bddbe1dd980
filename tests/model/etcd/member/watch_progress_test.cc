// RequestProgress on a watch stream through a 3-member cluster (etcd 3.5
// server/etcdserver/api/v3rpc/watch.go, server/mvcc/watchable_store.go progressIfSync):
// the answer carries the member's current revision and follows every event up to it;
// a stream whose watcher waits for a future revision gets no answer (dropped, not
// deferred); a stream not yet created sends nothing.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "model/etcd/member/etcd_cluster.h"
#include "model/etcd/member/kv_client.h"
#include "model/etcd/member/watch_stream.h"
#include "sim/simulation.h"

namespace kcsim::etcd {
namespace {

constexpr sim::Label kProgressAction{"test.action"};

// What the watching process heard, in order: an event's revision, or a progress
// notification's (negated, to tell them apart in one sequence).
class Watcher final : public sim::Process, public WatchStreamHandler {
 public:
  Watcher(sim::ProcessContext context, std::vector<sim::ProcessId> endpoints)
      : Process(context),
        stream_(Process::context(), endpoints, 0, WatchStreamConfig{}, *this),
        client_(Process::context(), endpoints, 0) {}
  void start() override {
    handle(kWatchMessagePort,
           [this](sim::ProcessId, const WatchMessage& message) { stream_.on_message(message); });
    handle(kResponsePort,
           [this](sim::ProcessId, const ClientResponse& r) { client_.on_response(r); });
  }
  void on_watch_events(const mvcc::WatchResponse& response) override {
    for (const mvcc::Event& event : response.events)
      heard.push_back(event.kv.mod_revision);
  }
  void on_watch_progress(std::int64_t revision) override { heard.push_back(-revision); }
  void on_watch_halted(ClientError, std::int64_t) override { halted = true; }

  void put(const std::string& key) {
    client_.call(mvcc::PutRequest{key, mvcc::make_value("v")}, 10 * sim::kSecond,
                 [this](ClientError error, const mvcc::Response& response) {
                   ASSERT_EQ(error, ClientError::kOk);
                   last_put_revision = std::get<mvcc::PutResponse>(response).header.revision;
                 });
  }

  WatchStream& stream() { return stream_; }
  std::vector<std::int64_t> heard;
  std::int64_t last_put_revision = 0;
  bool halted = false;

 private:
  WatchStream stream_;
  KvClient client_;
};

class WatchProgressTest : public ::testing::Test {
 protected:
  WatchProgressTest() : simulation_(1) {
    cluster_ = std::make_unique<EtcdCluster>(simulation_, EtcdConfig{}, 3, 0, ClientConfig{},
                                             std::vector<std::string>{"zone-a"});
    simulation_.run_until(5 * sim::kSecond);  // a leader is elected
    EXPECT_TRUE(cluster_->has_leader());
    const sim::HostId host = simulation_.add_host("watcher", "zone-a");
    const auto endpoints = cluster_->state().initial_endpoints();
    pid_ = simulation_.add_process("watcher", host, [this, endpoints](sim::ProcessContext c) {
      auto process = std::make_unique<Watcher>(c, endpoints);
      watcher_ = process.get();
      return process;
    });
    simulation_.start(pid_);
    simulation_.run_until(simulation_.now());
  }

  // Runs `action` inside the watcher now, then the simulation for `settle`.
  void act(std::function<void(Watcher&)> action, sim::Time settle = sim::kSecond) {
    simulation_.at_for(pid_, simulation_.now(), kProgressAction,
                       [this, action = std::move(action)] { action(*watcher_); });
    simulation_.run_until(simulation_.now() + settle);
  }
  void watch(std::int64_t start_revision) {
    mvcc::WatchCreateRequest request;
    request.range = mvcc::KeyRange::prefix("/w/");
    request.start_revision = start_revision;
    act([request](Watcher& w) { w.stream().restart(request); });
    ASSERT_TRUE(watcher_->stream().connected());
  }
  double answered() const {
    return simulation_.metrics().sum_over("etcd_watch_progress_notifications_total").value_or(0.0);
  }

  sim::Simulation simulation_;
  std::unique_ptr<EtcdCluster> cluster_;
  sim::ProcessId pid_ = sim::kNoProcess;
  Watcher* watcher_ = nullptr;
};

TEST_F(WatchProgressTest, AnsweredWithTheCurrentRevisionAfterTheEventsBeforeIt) {
  watch(0);
  act([](Watcher& w) {
    w.put("/other/1");
    w.put("/other/2");
  });
  const std::int64_t current = watcher_->last_put_revision;
  ASSERT_GT(current, 0);
  EXPECT_TRUE(watcher_->heard.empty());  // nothing under /w/ changed
  act([](Watcher& w) { EXPECT_TRUE(w.stream().request_progress()); });
  ASSERT_EQ(watcher_->heard, std::vector<std::int64_t>{-current});
  EXPECT_EQ(answered(), 1.0);
  EXPECT_EQ(watcher_->stream().next_revision(), current + 1);  // the resume revision moved

  // A write under the prefix and a progress request right after its acknowledgement: the
  // event comes first, then a revision at least the write's.
  act([](Watcher& w) { w.put("/w/a"); });
  const std::int64_t written = watcher_->last_put_revision;
  act([](Watcher& w) { w.stream().request_progress(); });
  ASSERT_EQ(watcher_->heard.size(), 3u);
  EXPECT_EQ(watcher_->heard[1], written);
  EXPECT_LE(watcher_->heard[2], -written);
  EXPECT_FALSE(watcher_->halted);
}

TEST_F(WatchProgressTest, DroppedWhileTheWatcherWaitsForAFutureRevision) {
  act([](Watcher& w) { w.put("/other/1"); });
  const std::int64_t current = watcher_->last_put_revision;
  watch(current + 3);
  act([](Watcher& w) { EXPECT_TRUE(w.stream().request_progress()); });
  EXPECT_TRUE(watcher_->heard.empty());
  EXPECT_EQ(answered(), 0.0);
  // Not deferred: two writes later, still nothing until asked again once synced.
  act([](Watcher& w) { w.put("/other/2"); });
  act([](Watcher& w) { w.put("/other/3"); });
  EXPECT_TRUE(watcher_->heard.empty());
  ASSERT_EQ(watcher_->last_put_revision, current + 2);
  act([](Watcher& w) { w.stream().request_progress(); });
  EXPECT_TRUE(watcher_->heard.empty());  // revision current + 2 < start current + 3
  act([](Watcher& w) { w.put("/other/4"); });
  act([](Watcher& w) { w.stream().request_progress(); });
  EXPECT_EQ(watcher_->heard, std::vector<std::int64_t>{-(current + 3)});
  EXPECT_EQ(answered(), 1.0);
}

TEST_F(WatchProgressTest, NothingIsSentBeforeTheWatchIsCreated) {
  act([](Watcher& w) { EXPECT_FALSE(w.stream().request_progress()); });
  EXPECT_TRUE(watcher_->heard.empty());
  EXPECT_EQ(answered(), 0.0);
}

}  // namespace
}  // namespace kcsim::etcd
