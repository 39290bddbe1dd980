// SafetyChecker: Raft's safety properties (thesis figure 3.2), checked from outside
// the nodes, so the code under test carries no test logic. The host (a test, the
// etcd member model, the scenario checks) reports what it observes; violations
// come back as values.
//
//  - Election Safety: at most one leader per term.
//  - Leader Completeness: an entry committed in term t is in the log of every
//    leader of a term after t (checked when the leader is observed taking office).
//  - Log Matching: two logs with an entry of the same index and term hold the same
//    entries up to that index (checked on demand over a set of logs).
//  - State Machine Safety: no two nodes apply different entries at one index, and
//    each node applies indexes in order without gaps (a snapshot jumps ahead).
//
// Memory is bounded: one record per committed and per applied index, for the last
// kWindow indexes only (older ones are forgotten, so a node that applies an index
// older than that is not compared: a loss of checking power, never a false report).
// Records keep an entry's identity (term, index, type, data), not its payload, so the
// checker holds no application object alive.
//
// It is a RaftObserver (raft_observer.h): the host publishes, the checker listens.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "model/etcd/raft/entry.h"
#include "model/etcd/raft/raft_observer.h"

namespace kcsim::etcd::raft {

struct Violation {
  std::string property;
  std::string detail;
  friend bool operator==(const Violation&, const Violation&) = default;
};

class SafetyChecker final : public RaftObserver {
 public:
  static constexpr Index kWindow = Index{1} << 17;

  void on_leader(Term term, NodeId leader, Index first_index,
                 const std::vector<Entry>& log) override {
    observe_leader(term, leader, first_index, log);
  }
  void on_applied(NodeId node, const Entry& entry) override { observe_applied(node, entry); }
  void on_snapshot_applied(NodeId node, Index index, Term term) override {
    observe_snapshot_applied(node, index, term);
  }
  void on_restart(NodeId node, Index applied_index) override {
    observe_restart(node, applied_index);
  }

  // `leader` took office in `term` with `log` (its whole log, first entry at
  // `first_index`; entries before it are in its snapshot).
  void observe_leader(Term term, NodeId leader, Index first_index, const std::vector<Entry>& log);
  // The leader of `term` advanced its commit index over `entries`.
  void observe_committed(Term term, const std::vector<Entry>& entries);
  // `node` applied `entry` to its state machine.
  void observe_applied(NodeId node, const Entry& entry);
  // `node` installed a snapshot ending at `index` in its state machine.
  void observe_snapshot_applied(NodeId node, Index index, Term term);
  // `node` restarted: its state machine starts over from its snapshot.
  void observe_restart(NodeId node, Index applied_index);
  // Log Matching over the current logs of several nodes.
  void check_log_matching(const std::map<NodeId, std::vector<Entry>>& logs);

  const std::vector<Violation>& violations() const { return violations_; }
  bool ok() const { return violations_.empty(); }
  std::size_t committed_count() const { return committed_.size(); }
  std::size_t leader_count() const { return leaders_.size(); }

 private:
  struct Committed {
    Entry entry;
    Term commit_term;
  };
  void report(std::string property, std::string detail);
  static Entry identity(const Entry& entry);
  static bool same(const Entry& a, const Entry& b);
  template <typename Map>
  static void forget_before_window(Map& records, Index newest);

  std::map<Term, NodeId> leaders_;
  std::map<Index, Committed> committed_;
  std::map<Index, Entry> applied_;
  std::map<NodeId, Index> last_applied_;
  static constexpr std::size_t kMaxViolations = 100;
  std::vector<Violation> violations_;
};

}  // namespace kcsim::etcd::raft
