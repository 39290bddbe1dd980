// Raft: the protocol core of one node, a port of etcd-io/raft's raft.go (v3.6
// behaviour): elections with pre-vote and check-quorum, log replication with
// probe/replicate/snapshot flow control, commit by quorum in the current term,
// leadership transfer, ReadIndex, snapshots, and single-step membership changes.
//
// It is a pure state machine: step() and tick() are its only inputs, the outbox
// (msgs_, msgs_after_append_, read_states_) and the log's cursors its outputs.
// It owns no clock (time is a tick count), no network, no disk and no random
// source but the injected sim::Rng that draws the randomized election timeout.
// Hosts use RaftNode (raft_node.h), which adds the Ready/advance contract.
//
// A role change swaps the step and tick handlers (etcd: r.step, r.tick) rather
// than branching on the role everywhere.
//
// Invariants (asserted):
//  1. A leader never steps down to candidate; a follower never becomes leader
//     without being candidate first.
//  2. Messages are never addressed to self, except the acknowledgements that must
//     wait for the local disk (the candidate's own vote, the leader's own append
//     ack), which are stepped back in when the host has persisted (advance()).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "model/etcd/raft/config.h"
#include "model/etcd/raft/entry.h"
#include "model/etcd/raft/memory_storage.h"
#include "model/etcd/raft/message.h"
#include "model/etcd/raft/narration.h"
#include "model/etcd/raft/progress_tracker.h"
#include "model/etcd/raft/raft_log.h"
#include "model/etcd/raft/read_only.h"
#include "model/etcd/raft/ready.h"
#include "sim/random.h"

namespace kcsim::etcd::raft {

enum class StepResult : std::uint8_t {
  kOk,
  kProposalDropped,  // no leader, a transfer in progress, or not a member
  kLocalMessageFromNetwork,
  kPeerNotFound,  // a response from a node without progress
};

std::string_view to_string(StepResult result);

// Receives one line per protocol event ("1 became leader at term 2"), for the
// narrated log and the script tests; may be empty.
using LogSink = std::function<void(std::string_view line)>;

class Raft {
 public:
  Raft(const Config& config, const MemoryStorage& storage, sim::Rng rng, LogSink log_sink);

  // Writes the initial membership as committed conf-change entries at term 1 (etcd's
  // RawNode.Bootstrap). Only for a node over empty storage.
  void bootstrap(const std::vector<NodeId>& voters, const std::vector<NodeId>& learners);

  StepResult step(Message m);
  void tick() { (this->*tick_)(); }

  // Where the decisions go as structured notes (narration.h); may be empty. Notes
  // observe: they change nothing the node does.
  void set_note_sink(NoteSink sink) { note_sink_ = std::move(sink); }

  // Membership changes take effect when applied (RaftNode::advance does it).
  void apply_conf_change(const ConfChange& change);
  void applied_to(Index index) { log_.applied_to(index); }

  NodeId id() const { return id_; }
  Term term() const { return term_; }
  NodeId vote() const { return vote_; }
  NodeId leader() const { return lead_; }
  StateRole role() const { return role_; }
  NodeId lead_transferee() const { return lead_transferee_; }
  HardState hard_state() const {
    return {.term = term_, .vote = vote_, .commit = log_.committed()};
  }
  SoftState soft_state() const { return {.leader = lead_, .role = role_}; }
  int election_elapsed_ticks() const { return election_elapsed_ticks_; }
  int randomized_election_timeout_ticks() const { return randomized_election_timeout_ticks_; }
  const RaftLog& log() const { return log_; }
  RaftLog& log() { return log_; }
  const ProgressTracker& tracker() const { return tracker_; }
  bool promotable() const;

  // The outbox, drained by RaftNode.
  std::vector<Message>& msgs() { return msgs_; }
  std::vector<Message>& msgs_after_append() { return msgs_after_append_; }
  std::vector<ReadState>& read_states() { return read_states_; }
  const std::vector<Message>& msgs() const { return msgs_; }
  const std::vector<Message>& msgs_after_append() const { return msgs_after_append_; }
  const std::vector<ReadState>& read_states() const { return read_states_; }

 private:
  enum class CampaignType : std::uint8_t { kPreElection, kElection, kTransfer };
  using StepFn = StepResult (Raft::*)(Message&);
  using TickFn = void (Raft::*)();

  template <typename... Args>
  void note(std::string_view format, const Args&... args);

  void tell(Note n) const {
    n.self = id_;
    if (note_sink_) note_sink_(n);
  }
  std::size_t active_voters() const;

  void send(Message m);
  void send_append(NodeId to) { maybe_send_append(to, /*send_if_empty=*/true); }
  bool maybe_send_append(NodeId to, bool send_if_empty);
  bool maybe_send_snapshot(NodeId to, Progress& progress);
  void send_heartbeat(NodeId to, const std::string& context);
  void send_timeout_now(NodeId to);
  void bcast_append();
  void bcast_heartbeat();
  void bcast_heartbeat_with_ctx(const std::string& context);
  bool maybe_commit();
  bool append_entry(std::vector<Entry> entries);

  void reset(Term term);
  void reset_randomized_election_timeout();
  void become_follower(Term term, NodeId lead);
  void become_pre_candidate();
  void become_candidate();
  void become_leader();
  void hup(CampaignType type);
  void campaign(CampaignType type);
  VoteTally poll(NodeId from, MessageType type, bool granted);
  bool has_unapplied_conf_changes() const;
  bool past_election_timeout() const;
  void abort_leader_transfer() { lead_transferee_ = kNoNode; }
  bool committed_entry_in_current_term() const;
  void release_pending_read_index_messages();
  void send_read_index_response(const Message& request);
  void respond_to_read_index(const Message& request, Index read_index);

  void tick_election();
  void tick_heartbeat();
  StepResult step_leader(Message& m);
  StepResult step_candidate(Message& m);
  StepResult step_follower(Message& m);
  StepResult step_vote_request(const Message& m);
  void step_leader_app_resp(const Message& m, Progress& progress);
  void step_leader_heartbeat_resp(const Message& m, Progress& progress);
  void step_leader_transfer(const Message& m, Progress& progress);
  StepResult step_leader_propose(Message& m);
  StepResult step_lower_term(const Message& m);
  bool step_higher_term(const Message& m);
  void handle_append_entries(const Message& m);
  void handle_heartbeat(const Message& m);
  void handle_snapshot(const Message& m);
  bool restore(const Snapshot& snapshot);
  void after_config_change();

  NodeId id_;
  Term term_ = 0;
  NodeId vote_ = kNoNode;
  NodeId lead_ = kNoNode;
  StateRole role_ = StateRole::kFollower;
  RaftLog log_;
  ProgressTracker tracker_;
  ReadOnly read_only_;
  ReadOnlyOption read_only_option_;

  std::vector<Message> msgs_;
  std::vector<Message> msgs_after_append_;
  std::vector<ReadState> read_states_;
  // ReadIndex requests that arrived before the leader committed an entry of its
  // term: its commit index is not yet known to be current (thesis 6.4 step 1).
  std::vector<Message> pending_read_index_messages_;

  // Leadership transfer target (thesis 3.10), or kNoNode.
  NodeId lead_transferee_ = kNoNode;
  // Only one conf change may be pending (proposed and not applied) at a time:
  // the index of the latest one.
  Index pending_conf_index_ = 0;

  // Ticks since the last election timeout (followers, candidates) or since the
  // last quorum check (leaders). While a follower hears from a leader within
  // election_tick ticks, it ignores vote requests: the leader lease.
  int election_elapsed_ticks_ = 0;
  int heartbeat_elapsed_ticks_ = 0;
  int election_timeout_ticks_;
  int heartbeat_timeout_ticks_;
  int randomized_election_min_ticks_;
  int randomized_election_max_ticks_;
  int randomized_election_timeout_ticks_ = 0;

  bool check_quorum_;
  bool pre_vote_;
  bool disable_proposal_forwarding_;
  bool step_down_on_removal_;
  std::uint64_t max_msg_size_bytes_;

  StepFn step_ = &Raft::step_follower;
  TickFn tick_ = &Raft::tick_election;
  sim::Rng rng_;
  LogSink log_sink_;
  NoteSink note_sink_;
};

}  // namespace kcsim::etcd::raft
