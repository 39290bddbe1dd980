#include "model/etcd/raft/raft_node.h"

#include <utility>

#include "sim/invariant.h"

namespace kcsim::etcd::raft {

RaftNode::RaftNode(const Config& config, const MemoryStorage& storage, sim::Rng rng,
                   LogSink log_sink)
    : raft_(config, storage, rng, std::move(log_sink)) {
  prev_soft_state_ = raft_.soft_state();
  if (storage.is_empty() && !config.voters.empty()) {
    raft_.bootstrap(config.voters, config.learners);
    prev_hard_state_ = HardState{};  // nothing persisted: the first Ready carries it
  } else {
    prev_hard_state_ = raft_.hard_state();
  }
}

StepResult RaftNode::step(const Message& m) {
  if (is_local(m.type)) return StepResult::kLocalMessageFromNetwork;
  if (is_response(m.type) && raft_.tracker().find(m.from) == nullptr) {
    return StepResult::kPeerNotFound;
  }
  return raft_.step(m);
}

StepResult RaftNode::propose(std::string data, std::shared_ptr<const void> payload) {
  Message m{.type = MessageType::kProp, .from = raft_.id()};
  m.entries.push_back(Entry{.data = std::move(data), .payload = std::move(payload)});
  return raft_.step(std::move(m));
}

StepResult RaftNode::propose_conf_change(const ConfChange& change) {
  Message m{.type = MessageType::kProp, .from = raft_.id()};
  m.entries.push_back(Entry{.type = EntryType::kConfChange, .data = encode(change)});
  return raft_.step(std::move(m));
}

void RaftNode::campaign() {
  raft_.step({.type = MessageType::kHup, .from = raft_.id()});
}

void RaftNode::transfer_leadership(NodeId transferee) {
  raft_.step({.type = MessageType::kTransferLeader, .from = transferee});
}

void RaftNode::read_index(std::string request_ctx) {
  raft_.step({.type = MessageType::kReadIndex, .context = std::move(request_ctx)});
}

void RaftNode::report_unreachable(NodeId id) {
  raft_.step({.type = MessageType::kUnreachable, .from = id});
}

void RaftNode::report_snapshot(NodeId id, bool succeeded) {
  raft_.step({.type = MessageType::kSnapStatus, .from = id, .reject = !succeeded});
}

bool RaftNode::has_ready() const {
  if (awaiting_advance_) return false;
  const Raft& r = raft_;
  if (r.soft_state() != prev_soft_state_) return true;
  const HardState hard_state = r.hard_state();
  if (!hard_state.empty() && hard_state != prev_hard_state_) return true;
  if (r.log().next_unstable_snapshot() != nullptr) return true;
  if (!r.msgs().empty() || !r.msgs_after_append().empty()) return true;
  if (r.log().has_next_unstable_entries() || r.log().has_next_committed_entries()) return true;
  return !r.read_states().empty();
}

Ready RaftNode::ready() {
  KCSIM_ASSERT_MSG(!awaiting_advance_, "ready() called twice without advance()");
  Ready rd;
  RaftLog& log = raft_.log();
  rd.entries = log.next_unstable_entries();
  rd.committed_entries = log.next_committed_entries();
  rd.messages = std::move(raft_.msgs());
  raft_.msgs().clear();
  if (const SoftState soft = raft_.soft_state(); soft != prev_soft_state_) {
    rd.soft_state = soft;
    prev_soft_state_ = soft;
  }
  const HardState hard = raft_.hard_state();
  assert_hard_state_follows(prev_hard_state_, hard);
  KCSIM_ASSERT_MSG(hard.commit <= log.last_index(), "commit never passes the last index");
  KCSIM_ASSERT_MSG(rd.entries.empty() || rd.entries.front().index > prev_hard_state_.commit,
                   "entries to persist never rewrite a committed entry");
  rd.must_sync = !rd.entries.empty() || hard.term != prev_hard_state_.term ||
                 hard.vote != prev_hard_state_.vote;
  if (hard != prev_hard_state_) {
    rd.hard_state = hard;
    prev_hard_state_ = hard;
  }
  if (const Snapshot* snapshot = log.next_unstable_snapshot()) rd.snapshot = *snapshot;
  rd.read_states = std::move(raft_.read_states());
  raft_.read_states().clear();
  for (Message& m : raft_.msgs_after_append()) {
    if (m.to == raft_.id()) {
      steps_on_advance_.push_back(std::move(m));
    } else {
      rd.messages_after_persist.push_back(std::move(m));
    }
  }
  raft_.msgs_after_append().clear();

  pending_stable_entry_.reset();
  if (!rd.entries.empty()) {
    pending_stable_entry_ =
        EntryId{.term = rd.entries.back().term, .index = rd.entries.back().index};
  }
  pending_snapshot_index_.reset();
  if (rd.snapshot) pending_snapshot_index_ = rd.snapshot->metadata.index;
  pending_applied_index_.reset();
  pending_conf_changes_.clear();
  if (!rd.committed_entries.empty()) {
    pending_applied_index_ = rd.committed_entries.back().index;
    log.accept_applying(*pending_applied_index_);
    for (const Entry& entry : rd.committed_entries) {
      if (entry.type == EntryType::kConfChange) pending_conf_changes_.push_back(entry);
    }
  }
  log.accept_unstable();
  awaiting_advance_ = true;
  return rd;
}

void RaftNode::advance() {
  KCSIM_ASSERT_MSG(awaiting_advance_, "advance() without a Ready");
  awaiting_advance_ = false;
  RaftLog& log = raft_.log();
  // The host's write is durable: the entries and the snapshot are stable.
  if (pending_stable_entry_) log.stable_to(*pending_stable_entry_);
  if (pending_snapshot_index_) {
    log.stable_snap_to(*pending_snapshot_index_);
    raft_.applied_to(*pending_snapshot_index_);
  }
  // The host applied the committed entries: membership changes take effect. A
  // snapshot installed meanwhile already holds a newer membership.
  const Index restored_index = log.has_pending_snapshot() ? log.snapshot().metadata.index : 0;
  for (const Entry& entry : pending_conf_changes_) {
    if (entry.index <= restored_index) continue;
    const std::optional<ConfChange> change = decode_conf_change(entry.data);
    KCSIM_ASSERT_MSG(change.has_value(), "malformed conf change entry");
    if (change) raft_.apply_conf_change(*change);
  }
  if (pending_applied_index_ && *pending_applied_index_ <= log.committed()) {
    raft_.applied_to(*pending_applied_index_);
  }
  // The acknowledgements that waited for the disk.
  std::vector<Message> steps = std::move(steps_on_advance_);
  steps_on_advance_.clear();
  for (Message& m : steps)
    raft_.step(std::move(m));
  pending_stable_entry_.reset();
  pending_snapshot_index_.reset();
  pending_applied_index_.reset();
  pending_conf_changes_.clear();
}

Status RaftNode::status() const {
  Status status{.id = raft_.id(),
                .hard_state = raft_.hard_state(),
                .soft_state = raft_.soft_state(),
                .applied = raft_.log().applied(),
                .lead_transferee = raft_.lead_transferee(),
                .conf_state = raft_.tracker().conf_state(),
                .progress = {}};
  if (raft_.role() == StateRole::kLeader) status.progress = raft_.tracker().progress();
  return status;
}

}  // namespace kcsim::etcd::raft
