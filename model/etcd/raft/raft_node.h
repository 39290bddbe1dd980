// RaftNode: one etcd member's Raft, as a value a host steps: etcd-io/raft's
// RawNode over the Raft core (raft.h).
//
// Inputs: step() (a message from the network), tick() (one heartbeat interval of
// virtual time; etcd ticks every --heartbeat-interval), and the local requests
// propose(), propose_conf_change(), campaign(), transfer_leadership(),
// read_index(), report_unreachable(), report_snapshot().
//
// Outputs: ready() / advance(). THE PERSISTENCE CONTRACT, for each Ready `rd`:
//
//   0. Call ready() only when has_ready(); never call it again before advance().
//      Between ready() and advance() (while the host's disk write is in flight)
//      the host may keep calling step(), tick() and the local requests; what they
//      produce waits for the next Ready.
//   1. `rd.messages` may be sent at once, in parallel with the disk write (a
//      leader replicates while it writes: thesis 10.2.1).
//   2. Write to stable storage, in this order: `rd.snapshot` (apply_snapshot),
//      `rd.hard_state` (set_hard_state), `rd.entries` (append, which truncates a
//      conflicting stored tail). If `rd.must_sync`, the write must be durable
//      (fsync) before step 3; otherwise (a commit-only change) it may be lazy,
//      since a lost commit index is relearned from the leader.
//   3. After the write is durable: send `rd.messages_after_persist` (votes and
//      append acks promise what is on disk), install `rd.snapshot` in the state
//      machine, then apply `rd.committed_entries` in order (all of them are in
//      the log once step 2 is done).
//   4. Call advance(). The node then counts its own vote and its own append ack
//      (held back since step 0, because they too promise what is on disk), marks
//      the entries stable, applies the conf changes among rd.committed_entries
//      to its membership, and moves its applied index.
//
// A crash at any point loses what the host had not written in step 2: drop the
// RaftNode and build a new one over the same MemoryStorage. The new node restarts
// as a follower with the stored term and vote, and replays the committed entries
// after the storage's snapshot (Config::applied can skip those already applied).
//
// Determinism: the only randomness is the injected Rng (election timeouts); the
// order of every output follows the order of inputs and node ids.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/etcd/raft/config.h"
#include "model/etcd/raft/entry.h"
#include "model/etcd/raft/memory_storage.h"
#include "model/etcd/raft/message.h"
#include "model/etcd/raft/raft.h"
#include "model/etcd/raft/ready.h"
#include "sim/random.h"

namespace kcsim::etcd::raft {

struct Status {
  NodeId id = kNoNode;
  HardState hard_state{};
  SoftState soft_state{};
  Index applied = 0;
  NodeId lead_transferee = kNoNode;
  ConfState conf_state{};
  std::map<NodeId, Progress> progress{};  // leaders only
};

class RaftNode {
 public:
  // `storage` is the node's disk; it must outlive the node. If it is empty and
  // config.voters is not, the node bootstraps a new cluster (see Config).
  RaftNode(const Config& config, const MemoryStorage& storage, sim::Rng rng, LogSink log_sink = {});

  void tick() { raft_.tick(); }
  // The core's decisions as notes (narration.h), for the narrated log.
  void set_note_sink(NoteSink sink) { raft_.set_note_sink(std::move(sink)); }
  // A message from the network; local message types are refused.
  StepResult step(const Message& m);

  // `payload` rides with the entry (Entry::payload).
  StepResult propose(std::string data, std::shared_ptr<const void> payload = {});
  StepResult propose_conf_change(const ConfChange& change);
  // Start an election now (pre-vote first, if enabled).
  void campaign();
  // Ask the leader (this node, or forwarded to it) to hand leadership to `transferee`.
  void transfer_leadership(NodeId transferee);
  // A linearizable read: its ReadState (with `request_ctx`) comes out of a later
  // Ready; request contexts must be unique among pending requests.
  void read_index(std::string request_ctx);
  // The transport could not reach `id` (leaders fall back to probing it).
  void report_unreachable(NodeId id);
  // The transport finished (or failed) sending a snapshot to `id`.
  void report_snapshot(NodeId id, bool succeeded);

  bool has_ready() const;
  Ready ready();
  void advance();
  bool awaiting_advance() const { return awaiting_advance_; }

  Status status() const;
  // The membership as of the applied index (what a snapshot taken now records).
  ConfState conf_state() const { return raft_.tracker().conf_state(); }
  const Raft& raft() const { return raft_; }

 private:
  Raft raft_;
  SoftState prev_soft_state_;
  HardState prev_hard_state_;
  bool awaiting_advance_ = false;
  // What the outstanding Ready asked for, acted on in advance().
  std::vector<Message> steps_on_advance_;
  std::optional<EntryId> pending_stable_entry_;
  std::optional<Index> pending_snapshot_index_;
  std::optional<Index> pending_applied_index_;
  std::vector<Entry> pending_conf_changes_;
};

}  // namespace kcsim::etcd::raft
