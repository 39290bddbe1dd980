// The Raft core's notes (narration.h): a learner's story of an election, told by the
// nodes themselves, and told without changing what they do.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <vector>

#include "model/etcd/raft/memory_storage.h"
#include "model/etcd/raft/narration.h"
#include "model/etcd/raft/raft_node.h"
#include "sim/random.h"

namespace kcsim::etcd::raft {
namespace {

// Three nodes over in-memory storage; messages delivered at once, in order.
class Trio {
 public:
  explicit Trio(bool with_sink) {
    for (NodeId id = 1; id <= 3; ++id) {
      Config config;
      config.id = id;
      config.voters = {1, 2, 3};
      nodes_[id] = std::make_unique<RaftNode>(config, storage_[id], sim::Rng(id));
      if (with_sink) nodes_[id]->set_note_sink([this](const Note& n) { notes.push_back(n); });
    }
    stabilize();  // the bootstrap's membership entries are applied before any campaign
  }

  RaftNode& node(NodeId id) { return *nodes_.at(id); }

  void stabilize() {
    for (int round = 0; round < 100; ++round) {
      std::vector<Message> wire;
      for (auto& [id, node] : nodes_) {
        while (node->has_ready()) {
          Ready rd = node->ready();
          if (rd.hard_state) storage_[id].set_hard_state(*rd.hard_state);
          if (!rd.entries.empty()) storage_[id].append(rd.entries);
          wire.insert(wire.end(), rd.messages.begin(), rd.messages.end());
          wire.insert(wire.end(), rd.messages_after_persist.begin(),
                      rd.messages_after_persist.end());
          node->advance();
        }
      }
      if (wire.empty()) return;
      for (const Message& m : wire)
        nodes_.at(m.to)->step(m);
    }
    FAIL() << "the trio did not settle";
  }

  std::vector<Note> notes;

 private:
  std::map<NodeId, MemoryStorage> storage_;
  std::map<NodeId, std::unique_ptr<RaftNode>> nodes_;
};

bool has_note(const std::vector<Note>& notes, NoteKind kind, NodeId self, NodeId peer) {
  for (const Note& n : notes) {
    if (n.kind == kind && n.self == self && (peer == kNoNode || n.peer == peer)) return true;
  }
  return false;
}

std::string name(NodeId id) {
  return "etcd-" + std::to_string(id - 1);
}

TEST(Narration, AnElectionIsToldByEachNode) {
  Trio trio(true);
  trio.node(1).campaign();
  trio.stabilize();
  ASSERT_EQ(trio.node(1).raft().role(), StateRole::kLeader);
  EXPECT_TRUE(has_note(trio.notes, NoteKind::kCampaign, 1, kNoNode));
  EXPECT_TRUE(has_note(trio.notes, NoteKind::kVoteCast, 2, 1));
  EXPECT_TRUE(has_note(trio.notes, NoteKind::kVoteCast, 3, 1));
  EXPECT_TRUE(has_note(trio.notes, NoteKind::kBecameLeader, 1, kNoNode));
  EXPECT_TRUE(has_note(trio.notes, NoteKind::kLeaderFound, 2, 1));
  // Pre-vote first, then the vote: two campaigns by node 1.
  int campaigns = 0;
  for (const Note& n : trio.notes)
    campaigns += n.kind == NoteKind::kCampaign && n.self == 1 ? 1 : 0;
  EXPECT_EQ(campaigns, 2);
}

TEST(Narration, AFollowerInTheLeaseRefusesAndSaysWhy) {
  Trio trio(true);
  trio.node(1).campaign();
  trio.stabilize();
  trio.notes.clear();
  trio.node(3).campaign();  // node 2 heard from leader 1 just now
  trio.stabilize();
  const Note* refusal = nullptr;
  for (const Note& n : trio.notes) {
    if (n.kind == NoteKind::kVoteRefused && n.self == 2 && n.peer == 3) refusal = &n;
  }
  ASSERT_NE(refusal, nullptr);
  EXPECT_EQ(refusal->refusal, VoteRefusal::kLease);
  EXPECT_EQ(refusal->other, 1u);
  const std::string text = narrate(*refusal, name, 100 * sim::kMillisecond);
  EXPECT_NE(text.find("refuses its pre-vote to etcd-2"), std::string::npos) << text;
  EXPECT_NE(text.find("leader etcd-0"), std::string::npos) << text;
  EXPECT_EQ(trio.node(1).raft().role(), StateRole::kLeader) << "the leader was not disturbed";
}

TEST(Narration, NotesChangeNothingTheNodesDo) {
  Trio told(true);
  Trio silent(false);
  for (Trio* trio : {&told, &silent}) {
    trio->node(2).campaign();
    trio->stabilize();
    for (int i = 0; i < 30; ++i) {
      for (NodeId id = 1; id <= 3; ++id)
        trio->node(id).tick();
      trio->stabilize();
    }
  }
  EXPECT_FALSE(told.notes.empty());
  for (NodeId id = 1; id <= 3; ++id) {
    EXPECT_EQ(told.node(id).raft().hard_state(), silent.node(id).raft().hard_state());
    EXPECT_EQ(told.node(id).raft().randomized_election_timeout_ticks(),
              silent.node(id).raft().randomized_election_timeout_ticks());
  }
}

TEST(Narration, TextTurnsTicksIntoDurations) {
  const Note timeout{.kind = NoteKind::kElectionTimeout,
                     .self = 2,
                     .other = 1,
                     .term = 3,
                     .role = StateRole::kFollower,
                     .ticks = 12,
                     .timeout_ticks = 12};
  EXPECT_EQ(narrate(timeout, name, 100 * sim::kMillisecond),
            "election timeout: 1.2s without a heartbeat from leader etcd-0 (its timeout was "
            "1.2s); campaigning at term 3");
  const Note behind{.kind = NoteKind::kVoteRefused,
                    .peer = 3,
                    .term = 4,
                    .message = MessageType::kVote,
                    .refusal = VoteRefusal::kLogBehind,
                    .log = {.term = 3, .index = 9},
                    .peer_log = {.term = 2, .index = 12}};
  EXPECT_EQ(narrate(behind, name, 100 * sim::kMillisecond),
            "refuses its vote to etcd-2 for term 4: its log (last entry 2/12, as term/index) is "
            "behind ours (3/9)");
}

}  // namespace
}  // namespace kcsim::etcd::raft
