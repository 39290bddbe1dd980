// InteractionEnv: a test cluster of RaftNodes with a hand-driven network, the
// counterpart of etcd-io/raft's rafttest.InteractionEnv. Script tests (testdata/
// *.txt) and the randomized test drive it; every command returns its trace text.
//
// Model: each node has a MemoryStorage (its disk) that only a persisted Ready
// writes; a crash drops the RaftNode and whatever Ready was taken but not
// persisted; a restart builds a new RaftNode over the storage. The network is
// one queue of messages in send order; cut links and down nodes drop messages
// at delivery. A SafetyChecker observes every node after every command.
//
// Commands (ids are node ids; (1,2) is a list):
//   add-nodes N [voters=(..)] [learners=(..)] [prevote=false] [checkquorum=false]
//             [election=T] [election-min=T] [election-max=T] [heartbeat=T]
//             [inflight=N] [max-msg-size=B] [read-only=lease]
//       N new nodes; with voters they bootstrap a cluster, without they join empty.
//   campaign ID | tick ID [N] | tick-election ID | tick-heartbeat ID
//   propose ID DATA | propose-conf-change ID add-voter=M|add-learner=M|remove=M
//   transfer-leadership from=ID to=ID | read-index ID CTX | report-unreachable ID PEER
//   process-ready [ID..]  take a Ready, print it, persist it, send, apply, advance
//   ready ID / persist-ready ID   the same in two steps (a crash in between loses it)
//   deliver-msgs [ID..] [drop=(..)]   deliver queued messages (or drop those to ids)
//   stabilize             process and deliver until nothing is left
//   crash ID | restart ID | isolate ID | cut A B | partition (..) (..) | heal
//   compact ID INDEX      snapshot the storage at INDEX (<= applied) and compact
//   status ID | raft-log ID | raft-state | check-safety
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/etcd/raft/config.h"
#include "model/etcd/raft/memory_storage.h"
#include "model/etcd/raft/raft_node.h"
#include "model/etcd/raft/safety_checker.h"

namespace kcsim::etcd::raft::testing {

// One script command: "name arg arg key=value key=(1,2)".
struct Command {
  std::string name;
  std::vector<std::string> args;  // positional
  std::map<std::string, std::string> options;
  std::string text;  // the whole line
};

std::optional<Command> parse_command(const std::string& line);

class InteractionEnv {
 public:
  explicit InteractionEnv(std::uint64_t seed = 1) : seed_(seed) {}

  // Runs a script command; the trace, or "error: ..." for a bad command.
  std::string handle(const Command& command);

  // The pieces, for the randomized test.
  void add_node(Config config);
  bool is_up(NodeId id) const;
  RaftNode* node(NodeId id);
  const std::vector<NodeId>& ids() const { return ids_; }
  // Takes a Ready: sends its `messages` now, holds the rest until persist_ready.
  void take_ready(NodeId id);
  bool has_pending_ready(NodeId id) const;
  // Persists the held Ready, sends the rest of its messages, applies, advances.
  void persist_ready(NodeId id);
  void process_ready(NodeId id);
  void crash(NodeId id);
  void restart(NodeId id);
  void tick(NodeId id, int ticks);
  // Delivers (or drops) the queued message at `position`.
  void deliver_at(std::size_t position);
  std::size_t in_flight() const { return network_.size(); }
  const Message& in_flight_at(std::size_t position) const { return network_[position]; }
  void drop_at(std::size_t position);
  void cut(NodeId a, NodeId b);
  void heal() { cut_links_.clear(); }
  bool stabilize(int max_rounds);
  // Observes every live node (leader, commits) and, if asked, checks log matching.
  void observe(bool check_logs = true);
  // Snapshots node `id`'s storage at `index` (<= applied) and compacts it.
  std::string compact(NodeId id, Index index);
  const SafetyChecker& checker() const { return checker_; }
  std::string take_output();
  void set_quiet(bool quiet) { quiet_ = quiet; }

 private:
  struct NodeState {
    Config config;
    std::unique_ptr<MemoryStorage> storage;
    std::unique_ptr<RaftNode> raft;
    std::optional<Ready> pending;  // taken, not yet persisted
  };

  void deliver(const Message& m);
  void deliver_all_to(NodeId id);
  std::string handle_add_nodes(const Command& command);
  std::string handle_deliver(const Command& command);
  std::string handle_compact(NodeId id, Index index);
  void tick_election(NodeId id);
  void send(std::vector<Message> messages);
  void print(const std::string& line);
  void print_ready(NodeId id, const Ready& ready);
  LogSink sink_for(NodeId id);
  bool linked(NodeId from, NodeId to) const;

  std::uint64_t seed_;
  std::vector<NodeId> ids_;
  std::map<NodeId, NodeState> nodes_;
  std::vector<Message> network_;
  std::set<std::pair<NodeId, NodeId>> cut_links_;
  std::map<Term, Index> leader_commit_;  // commit index observed per term
  std::set<std::pair<Term, NodeId>> observed_leaders_;
  SafetyChecker checker_;
  std::string output_;
  std::string indent_;
  bool quiet_ = false;
  std::uint64_t incarnation_ = 0;
};

}  // namespace kcsim::etcd::raft::testing
