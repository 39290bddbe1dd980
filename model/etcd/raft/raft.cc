#include "model/etcd/raft/raft.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "sim/invariant.h"

namespace kcsim::etcd::raft {

std::string_view to_string(StepResult result) {
  switch (result) {
    case StepResult::kOk:
      return "ok";
    case StepResult::kProposalDropped:
      return "raft proposal dropped";
    case StepResult::kLocalMessageFromNetwork:
      return "raft: cannot step raft local message";
    case StepResult::kPeerNotFound:
      return "raft: cannot step as peer not found";
  }
  return "unknown";
}

std::string_view to_string(StateRole role) {
  switch (role) {
    case StateRole::kFollower:
      return "StateFollower";
    case StateRole::kPreCandidate:
      return "StatePreCandidate";
    case StateRole::kCandidate:
      return "StateCandidate";
    case StateRole::kLeader:
      return "StateLeader";
  }
  return "StateUnknown";
}

template <typename... Args>
void Raft::note(std::string_view format, const Args&... args) {
  if (log_sink_) log_sink_(fmt::format(fmt::runtime(format), args...));
}

Raft::Raft(const Config& config, const MemoryStorage& storage, sim::Rng rng, LogSink log_sink)
    : id_(config.id),
      log_(storage, config.max_committed_size_per_ready_bytes > 0
                        ? config.max_committed_size_per_ready_bytes
                        : config.max_size_per_msg_bytes),
      tracker_(config.max_inflight_msgs, config.max_inflight_bytes),
      read_only_option_(config.read_only_option),
      election_timeout_ticks_(config.election_tick),
      heartbeat_timeout_ticks_(config.heartbeat_tick),
      randomized_election_min_ticks_(config.randomized_election_min_ticks()),
      randomized_election_max_ticks_(config.randomized_election_max_ticks()),
      check_quorum_(config.check_quorum),
      pre_vote_(config.pre_vote),
      disable_proposal_forwarding_(config.disable_proposal_forwarding),
      step_down_on_removal_(config.step_down_on_removal),
      max_msg_size_bytes_(config.max_size_per_msg_bytes),
      rng_(rng),
      log_sink_(std::move(log_sink)) {
  KCSIM_ASSERT(!config.validate().has_value());
  tracker_.reset_to(storage.snapshot_conf_state(), log_.last_index());
  const HardState& hard_state = storage.hard_state();
  if (!hard_state.empty()) {
    KCSIM_ASSERT_MSG(hard_state.commit >= log_.committed(),
                     "a restored commit index never moves back");
    KCSIM_ASSERT_MSG(hard_state.commit <= log_.last_index(),
                     "a restored commit index never passes the log");
    log_.commit_to(hard_state.commit);
    term_ = hard_state.term;
    vote_ = hard_state.vote;
  }
  if (config.applied > 0) log_.applied_to(config.applied);
  become_follower(term_, kNoNode);
  const EntryId last = log_.last_entry_id();
  note("newRaft {} [peers: {}, term: {}, commit: {}, applied: {}, lastindex: {}, lastterm: {}]",
       id_, tracker_.describe_config(), term_, log_.committed(), log_.applied(), last.index,
       last.term);
}

void Raft::bootstrap(const std::vector<NodeId>& voters, const std::vector<NodeId>& learners) {
  KCSIM_ASSERT(log_.last_index() == 0);
  KCSIM_ASSERT(term_ == 0);
  become_follower(1, kNoNode);
  std::vector<Entry> entries;
  std::vector<ConfChange> changes;
  for (NodeId voter : voters)
    changes.push_back({ConfChangeType::kAddVoter, voter});
  for (NodeId learner : learners)
    changes.push_back({ConfChangeType::kAddLearner, learner});
  for (const ConfChange& change : changes) {
    entries.push_back({.term = 1,
                       .index = entries.size() + 1,
                       .type = EntryType::kConfChange,
                       .data = encode(change)});
  }
  log_.append(entries);
  log_.commit_to(entries.size());
  // Applied now so the node can campaign at once; applying them again when they
  // come out of the Ready is a no-op. `applied` stays 0 so the host sees them.
  for (const ConfChange& change : changes)
    apply_conf_change(change);
}

bool Raft::promotable() const {
  const Progress* self = tracker_.find(id_);
  return self != nullptr && !self->is_learner && !log_.has_pending_snapshot();
}

// ---------------------------------------------------------------------------
// Sending

void Raft::send(Message m) {
  if (m.from == kNoNode) m.from = id_;
  const bool is_vote = m.type == MessageType::kVote || m.type == MessageType::kVoteResp ||
                       m.type == MessageType::kPreVote || m.type == MessageType::kPreVoteResp;
  if (is_vote) {
    KCSIM_ASSERT_MSG(m.term != 0, "vote messages carry a term");
  } else {
    KCSIM_ASSERT_MSG(m.term == 0, "the term is set here");
    // Proposals and read requests are forwarded as if local: no term.
    if (m.type != MessageType::kProp && m.type != MessageType::kReadIndex) m.term = term_;
  }
  if (m.type == MessageType::kAppResp || m.type == MessageType::kVoteResp ||
      m.type == MessageType::kPreVoteResp) {
    // These promise something on disk: they leave after the host persists.
    msgs_after_append_.push_back(std::move(m));
  } else {
    KCSIM_ASSERT_MSG(m.to != id_, "message addressed to self");
    msgs_.push_back(std::move(m));
  }
}

bool Raft::maybe_send_append(NodeId to, bool send_if_empty) {
  Progress* progress = tracker_.find(to);
  KCSIM_ASSERT(progress != nullptr);
  if (progress->is_paused()) return false;
  const Index prev_index = progress->next - 1;
  const std::optional<Term> prev_term = log_.term(prev_index);
  if (!prev_term) return maybe_send_snapshot(to, *progress);  // compacted: snapshot
  std::optional<std::vector<Entry>> entries =
      log_.entries_from(progress->next, max_msg_size_bytes_);
  if (!entries) return maybe_send_snapshot(to, *progress);
  if (entries->empty() && !send_if_empty) return false;
  const std::size_t count = entries->size();
  const std::uint64_t bytes = entries_size_bytes(*entries);
  send({.type = MessageType::kApp,
        .to = to,
        .log_term = *prev_term,
        .index = prev_index,
        .entries = std::move(*entries),
        .commit = log_.committed()});
  progress->sent_entries(count, bytes);
  progress->sent_commit = log_.committed();
  return true;
}

bool Raft::maybe_send_snapshot(NodeId to, Progress& progress) {
  if (!progress.recent_active) {
    note("{} ignored sending snapshot to {} since it is not recently active", id_, to);
    return false;
  }
  const Snapshot& snapshot = log_.snapshot();
  KCSIM_ASSERT_MSG(!snapshot.empty(), "need a non-empty snapshot");
  note("{} [firstindex: {}, commit: {}] sent snapshot[index: {}, term: {}] to {}", id_,
       log_.first_index(), log_.committed(), snapshot.metadata.index, snapshot.metadata.term, to);
  progress.become_snapshot(snapshot.metadata.index);
  send({.type = MessageType::kSnap, .to = to, .snapshot = snapshot});
  return true;
}

void Raft::send_heartbeat(NodeId to, const std::string& context) {
  Progress* progress = tracker_.find(to);
  // Never let a follower commit past what it is known to match.
  const Index commit = std::min(progress->match, log_.committed());
  send({.type = MessageType::kHeartbeat, .to = to, .commit = commit, .context = context});
  progress->sent_commit = commit;
}

void Raft::send_timeout_now(NodeId to) {
  send({.type = MessageType::kTimeoutNow, .to = to});
}

void Raft::bcast_append() {
  for (const auto& [peer, progress] : tracker_.progress()) {
    if (peer != id_) send_append(peer);
  }
}

void Raft::bcast_heartbeat() {
  bcast_heartbeat_with_ctx(read_only_.last_pending_request_ctx());
}

void Raft::bcast_heartbeat_with_ctx(const std::string& context) {
  for (const auto& [peer, progress] : tracker_.progress()) {
    if (peer != id_) send_heartbeat(peer, context);
  }
}

bool Raft::maybe_commit() {
  // Only an entry of the current term is committed by counting replicas; earlier
  // ones follow it (thesis 3.6.2, figure 3.7).
  return log_.maybe_commit({.term = term_, .index = tracker_.committed_index()});
}

bool Raft::append_entry(std::vector<Entry> entries) {
  const Index last = log_.last_index();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    entries[i].term = term_;
    entries[i].index = last + 1 + i;
  }
  const Index new_last = log_.append(entries);
  // The leader acks its own entries only once they are on its disk: this ack is
  // stepped back in by advance(), after the host persisted them.
  send({.type = MessageType::kAppResp, .to = id_, .index = new_last});
  return true;
}

// ---------------------------------------------------------------------------
// Roles

void Raft::reset_randomized_election_timeout() {
  const auto span =
      static_cast<std::uint64_t>(randomized_election_max_ticks_ - randomized_election_min_ticks_);
  randomized_election_timeout_ticks_ =
      randomized_election_min_ticks_ + static_cast<int>(rng_.below(span));
  tell({.kind = NoteKind::kTimeoutDrawn,
        .level = NoteLevel::kDebug,
        .term = term_,
        .ticks = randomized_election_timeout_ticks_});
}

std::size_t Raft::active_voters() const {
  std::size_t active = 0;
  for (NodeId voter : tracker_.voters()) {
    const Progress* progress = tracker_.find(voter);
    if (voter == id_ || (progress != nullptr && progress->recent_active)) ++active;
  }
  return active;
}

void Raft::reset(Term term) {
  KCSIM_ASSERT_MSG(term >= term_, "the term never decreases");
  if (term_ != term) {
    term_ = term;
    vote_ = kNoNode;
  }
  lead_ = kNoNode;
  election_elapsed_ticks_ = 0;
  heartbeat_elapsed_ticks_ = 0;
  reset_randomized_election_timeout();
  abort_leader_transfer();
  tracker_.reset_votes();
  tracker_.reset_progress(log_.last_index(), id_);
  pending_conf_index_ = 0;
  read_only_ = ReadOnly();
}

void Raft::become_follower(Term term, NodeId lead) {
  step_ = &Raft::step_follower;
  reset(term);
  tick_ = &Raft::tick_election;
  lead_ = lead;
  role_ = StateRole::kFollower;
  note("{} became follower at term {}", id_, term_);
}

void Raft::become_pre_candidate() {
  KCSIM_ASSERT_MSG(role_ != StateRole::kLeader, "invalid transition [leader -> pre-candidate]");
  // Changes neither the term nor the vote: a pre-vote disturbs nobody.
  step_ = &Raft::step_candidate;
  tracker_.reset_votes();
  tick_ = &Raft::tick_election;
  lead_ = kNoNode;
  role_ = StateRole::kPreCandidate;
  note("{} became pre-candidate at term {}", id_, term_);
}

void Raft::become_candidate() {
  KCSIM_ASSERT_MSG(role_ != StateRole::kLeader, "invalid transition [leader -> candidate]");
  step_ = &Raft::step_candidate;
  reset(term_ + 1);
  tick_ = &Raft::tick_election;
  KCSIM_ASSERT_MSG(vote_ == kNoNode, "a new term starts with no vote");
  vote_ = id_;
  role_ = StateRole::kCandidate;
  note("{} became candidate at term {}", id_, term_);
}

void Raft::become_leader() {
  KCSIM_ASSERT_MSG(role_ != StateRole::kFollower, "invalid transition [follower -> leader]");
  step_ = &Raft::step_leader;
  reset(term_);
  tick_ = &Raft::tick_heartbeat;
  lead_ = id_;
  role_ = StateRole::kLeader;
  Progress* self = tracker_.find(id_);
  KCSIM_ASSERT(self != nullptr);
  self->become_replicate();
  self->recent_active = true;  // the leader is always active to itself
  // There may be an unapplied conf change in the log: wait for everything to
  // apply before allowing another one.
  pending_conf_index_ = log_.last_index();
  // An empty entry of the new term: committing it commits everything before it,
  // and tells the leader its commit index is current (thesis 6.4).
  append_entry({Entry{}});
  note("{} became leader at term {}", id_, term_);
}

bool Raft::has_unapplied_conf_changes() const {
  if (log_.applied() >= log_.committed()) return false;
  std::optional<std::vector<Entry>> entries =
      log_.slice(log_.applied() + 1, log_.committed() + 1, UINT64_MAX);
  if (!entries) return false;
  return std::any_of(entries->begin(), entries->end(),
                     [](const Entry& e) { return e.type == EntryType::kConfChange; });
}

void Raft::hup(CampaignType type) {
  if (role_ == StateRole::kLeader) {
    note("{} ignoring MsgHup because already leader", id_);
    return;
  }
  if (!promotable()) {
    note("{} is unpromotable and can not campaign", id_);
    return;
  }
  if (has_unapplied_conf_changes()) {
    note(
        "{} cannot campaign at term {} since there are still pending configuration changes to "
        "apply",
        id_, term_);
    return;
  }
  note("{} is starting a new election at term {}", id_, term_);
  campaign(type);
}

void Raft::campaign(CampaignType type) {
  Term term = 0;
  MessageType vote_type = MessageType::kVote;
  if (type == CampaignType::kPreElection) {
    become_pre_candidate();
    vote_type = MessageType::kPreVote;
    term = term_ + 1;  // pre-votes ask for the next term without taking it
  } else {
    become_candidate();
    term = term_;
  }
  const EntryId last = log_.last_entry_id();
  tell({.kind = NoteKind::kCampaign,
        .term = term,
        .old_term = term_,
        .message = vote_type,
        .voters = tracker_.voters().size(),
        .log = last});
  for (NodeId voter : tracker_.voters()) {
    if (voter == id_) {
      // Our own vote counts once it is on disk: stepped back in by advance().
      send({.type = vote_response_type(vote_type), .to = id_, .term = term});
      continue;
    }
    note("{} [logterm: {}, index: {}] sent {} request to {} at term {}", id_, last.term, last.index,
         to_string(vote_type), voter, term);
    tell({.kind = NoteKind::kVoteRequested,
          .level = NoteLevel::kDebug,
          .peer = voter,
          .term = term,
          .message = vote_type});
    send({.type = vote_type,
          .to = voter,
          .term = term,
          .log_term = last.term,
          .index = last.index,
          .context = type == CampaignType::kTransfer ? std::string(kCampaignTransfer) : ""});
  }
}

VoteTally Raft::poll(NodeId from, MessageType type, bool granted) {
  if (granted) {
    note("{} received {} from {} at term {}", id_, to_string(type), from, term_);
  } else {
    note("{} received {} rejection from {} at term {}", id_, to_string(type), from, term_);
  }
  tracker_.record_vote(from, granted);
  const VoteTally tally = tracker_.tally_votes();
  tell({.kind = NoteKind::kVoteCounted,
        .level = NoteLevel::kDebug,
        .peer = from,
        .term = term_,
        .message = type,
        .granted = granted,
        .granted_votes = tally.granted,
        .rejected_votes = tally.rejected,
        .voters = tracker_.voters().size()});
  return tally;
}

bool Raft::past_election_timeout() const {
  return election_elapsed_ticks_ >= randomized_election_timeout_ticks_;
}

// ---------------------------------------------------------------------------
// Ticks

void Raft::tick_election() {
  ++election_elapsed_ticks_;
  if (promotable() && past_election_timeout()) {
    tell({.kind = NoteKind::kElectionTimeout,
          .other = lead_,
          .term = term_ + 1,
          .role = role_,
          .ticks = election_elapsed_ticks_,
          .timeout_ticks = randomized_election_timeout_ticks_});
    election_elapsed_ticks_ = 0;
    step({.type = MessageType::kHup, .from = id_});
  }
}

void Raft::tick_heartbeat() {
  ++heartbeat_elapsed_ticks_;
  ++election_elapsed_ticks_;
  if (election_elapsed_ticks_ >= election_timeout_ticks_) {
    election_elapsed_ticks_ = 0;
    if (check_quorum_) step({.type = MessageType::kCheckQuorum, .from = id_});
    // A transfer that did not finish within an election timeout is abandoned.
    if (role_ == StateRole::kLeader && lead_transferee_ != kNoNode) abort_leader_transfer();
  }
  if (role_ != StateRole::kLeader) return;
  if (heartbeat_elapsed_ticks_ >= heartbeat_timeout_ticks_) {
    heartbeat_elapsed_ticks_ = 0;
    step({.type = MessageType::kBeat, .from = id_});
  }
}

// ---------------------------------------------------------------------------
// Step

bool Raft::step_higher_term(const Message& m) {
  if (m.type == MessageType::kVote || m.type == MessageType::kPreVote) {
    const bool force = m.context == kCampaignTransfer;
    const bool in_lease =
        check_quorum_ && lead_ != kNoNode && election_elapsed_ticks_ < election_timeout_ticks_;
    if (!force && in_lease) {
      // Heard from a leader within the election timeout: neither bump the term nor
      // grant a vote (thesis 4.2.3). This keeps a partitioned node from deposing
      // a healthy leader when it comes back.
      const EntryId last = log_.last_entry_id();
      note(
          "{} [logterm: {}, index: {}, vote: {}] ignored {} from {} [logterm: {}, index: {}] at "
          "term {}: lease is not expired (remaining ticks: {})",
          id_, last.term, last.index, vote_, to_string(m.type), m.from, m.log_term, m.index, term_,
          election_timeout_ticks_ - election_elapsed_ticks_);
      tell({.kind = NoteKind::kVoteRefused,
            .peer = m.from,
            .other = lead_,
            .term = m.term,
            .old_term = term_,
            .message = m.type,
            .refusal = VoteRefusal::kLease,
            .ticks = election_timeout_ticks_ - election_elapsed_ticks_});
      return false;
    }
  }
  if (m.type == MessageType::kPreVote) return true;  // never change term for a pre-vote
  // A granted pre-vote carries the future term we asked for; a rejection carries
  // the voter's real term, which we must adopt.
  if (m.type == MessageType::kPreVoteResp && !m.reject) return true;
  note("{} [term: {}] received a {} message with higher term from {} [term: {}]", id_, term_,
       to_string(m.type), m.from, m.term);
  tell({.kind = NoteKind::kHigherTerm,
        .peer = m.from,
        .term = m.term,
        .old_term = term_,
        .message = m.type,
        .role = role_});
  if (m.type == MessageType::kApp || m.type == MessageType::kHeartbeat ||
      m.type == MessageType::kSnap) {
    become_follower(m.term, m.from);
    tell({.kind = NoteKind::kLeaderFound, .peer = m.from, .term = term_});
  } else {
    become_follower(m.term, kNoNode);
  }
  return true;
}

StepResult Raft::step_lower_term(const Message& m) {
  if ((check_quorum_ || pre_vote_) &&
      (m.type == MessageType::kHeartbeat || m.type == MessageType::kApp)) {
    // A leader of an older term, probably back from a partition. With check-quorum
    // or pre-vote it could never learn our term from a vote, so tell it now (our
    // term rides on the response), or it would keep the cluster from progressing.
    send({.type = MessageType::kAppResp, .to = m.from});
  } else if (m.type == MessageType::kPreVote) {
    // Reject explicitly, so that a pre-candidate with a stale term learns ours.
    const EntryId last = log_.last_entry_id();
    note(
        "{} [logterm: {}, index: {}, vote: {}] rejected {} from {} [logterm: {}, index: {}] at "
        "term {}",
        id_, last.term, last.index, vote_, to_string(m.type), m.from, m.log_term, m.index, term_);
    tell({.kind = NoteKind::kVoteRefused,
          .peer = m.from,
          .term = m.term,
          .old_term = term_,
          .message = m.type,
          .refusal = VoteRefusal::kStaleTerm});
    send({.type = MessageType::kPreVoteResp, .to = m.from, .term = term_, .reject = true});
  } else {
    note("{} [term: {}] ignored a {} message with lower term from {} [term: {}]", id_, term_,
         to_string(m.type), m.from, m.term);
  }
  return StepResult::kOk;
}

StepResult Raft::step(Message m) {
  if (m.term > term_) {
    if (!step_higher_term(m)) return StepResult::kOk;
  } else if (m.term != 0 && m.term < term_) {
    return step_lower_term(m);
  }
  switch (m.type) {
    case MessageType::kHup:
      hup(pre_vote_ ? CampaignType::kPreElection : CampaignType::kElection);
      return StepResult::kOk;
    case MessageType::kVote:
    case MessageType::kPreVote:
      return step_vote_request(m);
    default:
      return (this->*step_)(m);
  }
}

StepResult Raft::step_vote_request(const Message& m) {
  // We can vote if this repeats a vote we cast, or we have not voted and know no
  // leader in this term, or it is a pre-vote for a future term ...
  const bool can_vote = vote_ == m.from || (vote_ == kNoNode && lead_ == kNoNode) ||
                        (m.type == MessageType::kPreVote && m.term > term_);
  // ... and the candidate's log is at least as up to date as ours.
  const EntryId last = log_.last_entry_id();
  if (can_vote && log_.is_up_to_date({.term = m.log_term, .index = m.index})) {
    note("{} [logterm: {}, index: {}, vote: {}] cast {} for {} [logterm: {}, index: {}] at term {}",
         id_, last.term, last.index, vote_, to_string(m.type), m.from, m.log_term, m.index, term_);
    // The response carries the request's term: for a pre-vote our own term may be
    // lower, and the pre-candidate must count it for the term it asked about.
    tell({.kind = NoteKind::kVoteCast,
          .peer = m.from,
          .term = m.term,
          .message = m.type,
          .log = last,
          .peer_log = {.term = m.log_term, .index = m.index}});
    send({.type = vote_response_type(m.type), .to = m.from, .term = m.term});
    if (m.type == MessageType::kVote) {
      KCSIM_ASSERT_MSG(m.term == term_, "a vote is cast in the current term");
      KCSIM_ASSERT_MSG(vote_ == kNoNode || vote_ == m.from,
                       "a vote is never changed within a term");
      election_elapsed_ticks_ = 0;
      vote_ = m.from;
    }
  } else {
    note(
        "{} [logterm: {}, index: {}, vote: {}] rejected {} from {} [logterm: {}, index: {}] at "
        "term {}",
        id_, last.term, last.index, vote_, to_string(m.type), m.from, m.log_term, m.index, term_);
    VoteRefusal refusal = VoteRefusal::kLogBehind;
    NodeId other = kNoNode;
    if (!can_vote) {
      refusal = vote_ != kNoNode ? VoteRefusal::kAlreadyVoted : VoteRefusal::kLeaderKnown;
      other = vote_ != kNoNode ? vote_ : lead_;
    }
    tell({.kind = NoteKind::kVoteRefused,
          .peer = m.from,
          .other = other,
          .term = m.term,
          .message = m.type,
          .refusal = refusal,
          .log = last,
          .peer_log = {.term = m.log_term, .index = m.index}});
    send({.type = vote_response_type(m.type), .to = m.from, .term = term_, .reject = true});
  }
  return StepResult::kOk;
}

// ---------------------------------------------------------------------------
// Leader

StepResult Raft::step_leader_propose(Message& m) {
  KCSIM_ASSERT(!m.entries.empty());
  if (tracker_.find(id_) == nullptr) return StepResult::kProposalDropped;  // removed leader
  if (lead_transferee_ != kNoNode) {
    note("{} [term {}] transfer leadership to {} is in progress; dropping proposal", id_, term_,
         lead_transferee_);
    return StepResult::kProposalDropped;
  }
  for (std::size_t i = 0; i < m.entries.size(); ++i) {
    Entry& entry = m.entries[i];
    if (entry.type != EntryType::kConfChange) continue;
    if (pending_conf_index_ > log_.applied()) {
      // One membership change at a time (thesis 4.1): neutralize this one.
      note(
          "{} ignoring conf change {} at config {}: possible unapplied conf change at index {} "
          "(applied to {})",
          id_, entry.data, tracker_.describe_config(), pending_conf_index_, log_.applied());
      entry = Entry{};
    } else {
      pending_conf_index_ = log_.last_index() + i + 1;
    }
  }
  append_entry(std::move(m.entries));
  bcast_append();
  return StepResult::kOk;
}

StepResult Raft::step_leader(Message& m) {
  switch (m.type) {
    case MessageType::kBeat:
      bcast_heartbeat();
      return StepResult::kOk;
    case MessageType::kCheckQuorum:
      if (!tracker_.quorum_active()) {
        note("{} stepped down to follower since quorum is not active", id_);
        tell({.kind = NoteKind::kSteppedDown,
              .term = term_,
              .role = role_,
              .voters = tracker_.voters().size(),
              .active = active_voters()});
        become_follower(term_, kNoNode);
      }
      for (auto& [peer, progress] : tracker_.progress()) {
        if (peer != id_) progress.recent_active = false;
      }
      return StepResult::kOk;
    case MessageType::kProp:
      return step_leader_propose(m);
    case MessageType::kReadIndex:
      if (tracker_.is_singleton()) {
        respond_to_read_index(m, log_.committed());
      } else if (!committed_entry_in_current_term()) {
        pending_read_index_messages_.push_back(m);
      } else {
        send_read_index_response(m);
      }
      return StepResult::kOk;
    default:
      break;
  }
  Progress* progress = tracker_.find(m.from);
  if (progress == nullptr) {
    note("{} no progress available for {}", id_, m.from);
    return StepResult::kOk;
  }
  switch (m.type) {
    case MessageType::kAppResp:
      step_leader_app_resp(m, *progress);
      break;
    case MessageType::kHeartbeatResp:
      step_leader_heartbeat_resp(m, *progress);
      break;
    case MessageType::kSnapStatus:
      if (progress->state != ProgressState::kSnapshot) break;
      if (m.reject) progress->pending_snapshot = 0;  // probe from match, not the snapshot
      progress->become_probe();
      note("{} snapshot {}, resumed sending replication messages to {} [{}]", id_,
           m.reject ? "failed" : "succeeded", m.from, progress->describe());
      // Wait for the follower's answer (or a heartbeat) before the next append.
      progress->msg_app_flow_paused = true;
      break;
    case MessageType::kUnreachable:
      // An optimistic stream to an unreachable node has probably lost appends.
      if (progress->state == ProgressState::kReplicate) progress->become_probe();
      note("{} failed to send message to {} because it is unreachable [{}]", id_, m.from,
           progress->describe());
      break;
    case MessageType::kTransferLeader:
      step_leader_transfer(m, *progress);
      break;
    default:
      break;
  }
  return StepResult::kOk;
}

void Raft::step_leader_app_resp(const Message& m, Progress& progress) {
  progress.recent_active = true;
  if (m.reject) {
    // The follower's hint: its log may match ours at (reject_hint, log_term). Skip
    // every entry of ours with a larger term at once (fast backtracking).
    Index next_probe = m.reject_hint;
    if (m.log_term > 0) next_probe = log_.find_conflict_by_term(m.reject_hint, m.log_term).index;
    if (progress.maybe_decr_to(m.index, next_probe)) {
      note("{} decreased progress of {} to [{}]", id_, m.from, progress.describe());
      if (progress.state == ProgressState::kReplicate) progress.become_probe();
      send_append(m.from);
    }
    return;
  }
  const bool updated = progress.maybe_update(m.index);
  if (!updated && !(progress.match == m.index && progress.state == ProgressState::kProbe)) return;
  if (progress.state == ProgressState::kProbe) {
    progress.become_replicate();
  } else if (progress.state == ProgressState::kSnapshot &&
             progress.match + 1 >= log_.first_index()) {
    // The follower can be caught up from the log again, whatever snapshot it used.
    note("{} recovered from needing snapshot, resumed sending replication messages to {} [{}]", id_,
         m.from, progress.describe());
    progress.become_probe();
    progress.become_replicate();
  } else if (progress.state == ProgressState::kReplicate) {
    progress.inflights.free_le(m.index);
  }
  if (maybe_commit()) {
    // The commit index moved within our term: pending reads can be served now.
    release_pending_read_index_messages();
    bcast_append();
  } else if (m.from != id_ && progress.can_bump_commit(log_.committed())) {
    // The follower may not know the commit index yet: tell it now rather than
    // with the next heartbeat.
    send_append(m.from);
  }
  if (m.from != id_) {
    // Flow control may allow several appends now; send them (not empty ones).
    for (int sent = 0; sent < 1024 && maybe_send_append(m.from, false); ++sent) {
    }
  }
  if (m.from == lead_transferee_ && progress.match == log_.last_index()) {
    note("{} sent MsgTimeoutNow to {} after received MsgAppResp", id_, m.from);
    send_timeout_now(m.from);
  }
}

void Raft::step_leader_heartbeat_resp(const Message& m, Progress& progress) {
  progress.recent_active = true;
  progress.msg_app_flow_paused = false;
  // Free one slot of a full window so a stalled stream can make progress.
  if (progress.state == ProgressState::kReplicate && progress.inflights.full()) {
    progress.inflights.free_first_one();
  }
  if (progress.match < log_.last_index()) send_append(m.from);
  if (read_only_option_ != ReadOnlyOption::kSafe || m.context.empty()) return;
  const std::set<NodeId>* acks = read_only_.recv_ack(m.from, m.context);
  if (acks == nullptr) return;
  std::size_t voter_acks = 0;
  for (NodeId id : *acks)
    voter_acks += tracker_.is_voter(id) ? 1 : 0;
  if (voter_acks < tracker_.voters().size() / 2 + 1) return;
  for (const ReadIndexStatus& status : read_only_.advance(m.context)) {
    respond_to_read_index(status.request, status.index);
  }
}

void Raft::step_leader_transfer(const Message& m, Progress& progress) {
  if (progress.is_learner) {
    note("{} is learner. Ignored transferring leadership", m.from);
    return;
  }
  const NodeId transferee = m.from;
  if (lead_transferee_ != kNoNode) {
    if (lead_transferee_ == transferee) {
      note("{} [term {}] transfer leadership to {} is in progress, ignores request to same node {}",
           id_, term_, transferee, transferee);
      return;
    }
    note("{} [term {}] abort previous transferring leadership to {}", id_, term_, lead_transferee_);
    abort_leader_transfer();
  }
  if (transferee == id_) {
    note("{} is already leader. Ignored transferring leadership to self", id_);
    return;
  }
  note("{} [term {}] starts to transfer leadership to {}", id_, term_, transferee);
  // The transfer must finish within one election timeout.
  election_elapsed_ticks_ = 0;
  lead_transferee_ = transferee;
  if (progress.match == log_.last_index()) {
    send_timeout_now(transferee);
    note("{} sends MsgTimeoutNow to {} immediately as {} already has up-to-date log", id_,
         transferee, transferee);
  } else {
    send_append(transferee);
  }
}

bool Raft::committed_entry_in_current_term() const {
  const std::optional<Term> t = log_.term(log_.committed());
  return t.has_value() && *t == term_;
}

void Raft::release_pending_read_index_messages() {
  if (pending_read_index_messages_.empty()) return;
  if (!committed_entry_in_current_term()) return;
  std::vector<Message> pending = std::move(pending_read_index_messages_);
  pending_read_index_messages_.clear();
  for (const Message& request : pending)
    send_read_index_response(request);
}

void Raft::send_read_index_response(const Message& request) {
  if (read_only_option_ == ReadOnlyOption::kLeaseBased) {
    respond_to_read_index(request, log_.committed());
    return;
  }
  read_only_.add_request(log_.committed(), request);
  read_only_.recv_ack(id_, request.context);  // the leader acks itself
  bcast_heartbeat_with_ctx(request.context);
}

void Raft::respond_to_read_index(const Message& request, Index read_index) {
  if (request.from == kNoNode || request.from == id_) {
    read_states_.push_back({.index = read_index, .request_ctx = request.context});
    return;
  }
  send({.type = MessageType::kReadIndexResp,
        .to = request.from,
        .index = read_index,
        .context = request.context});
}

// ---------------------------------------------------------------------------
// Candidate and follower

StepResult Raft::step_candidate(Message& m) {
  const MessageType my_vote_resp =
      role_ == StateRole::kPreCandidate ? MessageType::kPreVoteResp : MessageType::kVoteResp;
  switch (m.type) {
    case MessageType::kProp:
      note("{} no leader at term {}; dropping proposal", id_, term_);
      return StepResult::kProposalDropped;
    case MessageType::kApp:
      become_follower(m.term, m.from);  // a leader of our term exists
      tell({.kind = NoteKind::kLeaderFound, .peer = m.from, .term = term_});
      handle_append_entries(m);
      break;
    case MessageType::kHeartbeat:
      become_follower(m.term, m.from);
      tell({.kind = NoteKind::kLeaderFound, .peer = m.from, .term = term_});
      handle_heartbeat(m);
      break;
    case MessageType::kSnap:
      become_follower(m.term, m.from);
      tell({.kind = NoteKind::kLeaderFound, .peer = m.from, .term = term_});
      handle_snapshot(m);
      break;
    case MessageType::kTimeoutNow:
      note("{} [term {} state {}] ignored MsgTimeoutNow from {}", id_, term_, to_string(role_),
           m.from);
      break;
    default:
      if (m.type != my_vote_resp) break;
      {
        const VoteTally tally = poll(m.from, m.type, !m.reject);
        note("{} has received {} {} votes and {} vote rejections", id_, tally.granted,
             to_string(m.type), tally.rejected);
        if (tally.result == VoteResult::kWon) {
          if (role_ == StateRole::kPreCandidate) {
            campaign(CampaignType::kElection);
          } else {
            become_leader();
            tell({.kind = NoteKind::kBecameLeader,
                  .term = term_,
                  .granted_votes = tally.granted,
                  .voters = tracker_.voters().size()});
            bcast_append();
          }
        } else if (tally.result == VoteResult::kLost) {
          tell({.kind = NoteKind::kElectionLost,
                .term = role_ == StateRole::kPreCandidate ? term_ + 1 : term_,
                .message = m.type,
                .rejected_votes = tally.rejected,
                .voters = tracker_.voters().size()});
          // A pre-vote response carries a future term: keep ours.
          become_follower(term_, kNoNode);
        }
      }
      break;
  }
  return StepResult::kOk;
}

StepResult Raft::step_follower(Message& m) {
  switch (m.type) {
    case MessageType::kProp:
      if (lead_ == kNoNode) {
        note("{} no leader at term {}; dropping proposal", id_, term_);
        return StepResult::kProposalDropped;
      }
      if (disable_proposal_forwarding_) return StepResult::kProposalDropped;
      m.to = lead_;
      send(std::move(m));
      break;
    case MessageType::kApp:
      election_elapsed_ticks_ = 0;
      if (lead_ != m.from) tell({.kind = NoteKind::kLeaderFound, .peer = m.from, .term = term_});
      lead_ = m.from;
      handle_append_entries(m);
      break;
    case MessageType::kHeartbeat:
      election_elapsed_ticks_ = 0;
      if (lead_ != m.from) tell({.kind = NoteKind::kLeaderFound, .peer = m.from, .term = term_});
      lead_ = m.from;
      handle_heartbeat(m);
      break;
    case MessageType::kSnap:
      election_elapsed_ticks_ = 0;
      if (lead_ != m.from) tell({.kind = NoteKind::kLeaderFound, .peer = m.from, .term = term_});
      lead_ = m.from;
      handle_snapshot(m);
      break;
    case MessageType::kTransferLeader:
      if (lead_ == kNoNode) {
        note("{} no leader at term {}; dropping leader transfer msg", id_, term_);
        break;
      }
      m.to = lead_;
      m.term = 0;
      send(std::move(m));
      break;
    case MessageType::kTimeoutNow:
      note("{} [term {}] received MsgTimeoutNow from {} and starts an election to get leadership.",
           id_, term_, m.from);
      // A transfer skips pre-vote: no partition to recover from here.
      hup(CampaignType::kTransfer);
      break;
    case MessageType::kReadIndex:
      if (lead_ == kNoNode) {
        note("{} no leader at term {}; dropping index reading msg", id_, term_);
        break;
      }
      m.to = lead_;
      send(std::move(m));
      break;
    case MessageType::kReadIndexResp:
      read_states_.push_back({.index = m.index, .request_ctx = m.context});
      break;
    default:
      break;
  }
  return StepResult::kOk;
}

void Raft::handle_append_entries(const Message& m) {
  if (m.index < log_.committed()) {
    send({.type = MessageType::kAppResp, .to = m.from, .index = log_.committed()});
    return;
  }
  if (std::optional<Index> last_new =
          log_.maybe_append({.term = m.log_term, .index = m.index}, m.entries, m.commit)) {
    send({.type = MessageType::kAppResp, .to = m.from, .index = *last_new});
    return;
  }
  note("{} [logterm: {}, index: {}] rejected MsgApp [logterm: {}, index: {}] from {}", id_,
       log_.term(m.index).value_or(0), m.index, m.log_term, m.index, m.from);
  // Hint where our logs may match: the largest (index, term) at or below the
  // probe with a term no larger than the leader's there.
  const EntryId hint = log_.find_conflict_by_term(std::min(m.index, log_.last_index()), m.log_term);
  send({.type = MessageType::kAppResp,
        .to = m.from,
        .log_term = hint.term,
        .index = m.index,
        .reject = true,
        .reject_hint = hint.index});
}

void Raft::handle_heartbeat(const Message& m) {
  log_.commit_to(m.commit);
  send({.type = MessageType::kHeartbeatResp, .to = m.from, .context = m.context});
}

void Raft::handle_snapshot(const Message& m) {
  const SnapshotMetadata& meta = m.snapshot.metadata;
  if (restore(m.snapshot)) {
    note("{} [commit: {}] restored snapshot [index: {}, term: {}]", id_, log_.committed(),
         meta.index, meta.term);
    tell({.kind = NoteKind::kSnapshotRestored,
          .peer = m.from,
          .term = term_,
          .log = {.term = meta.term, .index = meta.index}});
    send({.type = MessageType::kAppResp, .to = m.from, .index = log_.last_index()});
  } else {
    note("{} [commit: {}] ignored snapshot [index: {}, term: {}]", id_, log_.committed(),
         meta.index, meta.term);
    send({.type = MessageType::kAppResp, .to = m.from, .index = log_.committed()});
  }
}

bool Raft::restore(const Snapshot& snapshot) {
  const SnapshotMetadata& meta = snapshot.metadata;
  if (meta.index <= log_.committed()) return false;
  if (role_ != StateRole::kFollower) {
    note("{} attempted to restore snapshot as leader; should never happen", id_);
    become_follower(term_ + 1, kNoNode);
    return false;
  }
  const ConfState& conf = meta.conf_state;
  const bool member =
      std::find(conf.voters.begin(), conf.voters.end(), id_) != conf.voters.end() ||
      std::find(conf.learners.begin(), conf.learners.end(), id_) != conf.learners.end();
  if (!member) {
    note("{} attempted to restore snapshot but it is not in the ConfState; should never happen",
         id_);
    return false;
  }
  if (log_.match_term({.term = meta.term, .index = meta.index})) {
    // We have the snapshot's last entry: just fast-forward the commit index.
    const EntryId last = log_.last_entry_id();
    note(
        "{} [commit: {}, lastindex: {}, lastterm: {}] fast-forwarded commit to snapshot "
        "[index: {}, term: {}]",
        id_, log_.committed(), last.index, last.term, meta.index, meta.term);
    log_.commit_to(meta.index);
    return false;
  }
  log_.restore(snapshot);
  tracker_.reset_to(conf, log_.last_index());
  note("{} switched to configuration {}", id_, tracker_.describe_config());
  return true;
}

// ---------------------------------------------------------------------------
// Membership

void Raft::apply_conf_change(const ConfChange& change) {
  const ConfState before = tracker_.conf_state();
  if (std::optional<std::string> error = tracker_.apply(change, log_.last_index())) {
    note("{} ignored conf change {}: {}", id_, encode(change), *error);
    return;
  }
  if (tracker_.conf_state() == before) return;  // replayed after a restart, or bootstrap
  note("{} switched to configuration {}", id_, tracker_.describe_config());
  after_config_change();
}

void Raft::after_config_change() {
  const Progress* self = tracker_.find(id_);
  if ((self == nullptr || self->is_learner) && role_ == StateRole::kLeader) {
    // Removed (or demoted) while leading: step down if asked to; the others will
    // elect a leader among themselves.
    if (step_down_on_removal_) become_follower(term_, kNoNode);
    return;
  }
  if (role_ != StateRole::kLeader || tracker_.voters().empty()) return;
  if (maybe_commit()) {
    // A smaller quorum may commit more now.
    bcast_append();
  } else {
    // Probe the new members without waiting for a heartbeat.
    for (const auto& [peer, progress] : tracker_.progress()) {
      if (peer != id_) maybe_send_append(peer, /*send_if_empty=*/false);
    }
  }
  if (lead_transferee_ != kNoNode && !tracker_.is_voter(lead_transferee_)) abort_leader_transfer();
}

}  // namespace kcsim::etcd::raft
