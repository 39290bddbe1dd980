#include "model/etcd/raft/narration.h"

#include <fmt/format.h>

namespace kcsim::etcd::raft {
namespace {

std::string duration(int ticks, sim::Time tick) {
  return sim::format_duration(static_cast<sim::Time>(ticks) * tick);
}

std::string_view vote_word(MessageType type) {
  return type == MessageType::kPreVote || type == MessageType::kPreVoteResp ? "pre-vote" : "vote";
}

std::string log_text(EntryId id) {
  return fmt::format("{}/{}", id.term, id.index);
}

std::string refusal_text(const Note& n, const NodeNamer& name, sim::Time tick) {
  switch (n.refusal) {
    case VoteRefusal::kLogBehind:
      return fmt::format("its log (last entry {}, as term/index) is behind ours ({})",
                         log_text(n.peer_log), log_text(n.log));
    case VoteRefusal::kAlreadyVoted:
      return fmt::format("we already voted for {} in term {}", name(n.other), n.term);
    case VoteRefusal::kLeaderKnown:
      return fmt::format("we follow {}, leader of term {}", name(n.other), n.term);
    case VoteRefusal::kLease:
      return fmt::format(
          "we heard from leader {} less than an election timeout ago (lease: {} left), so "
          "we neither vote nor raise our term {}",
          name(n.other), duration(n.ticks, tick), n.old_term);
    case VoteRefusal::kStaleTerm:
      return fmt::format("its term is behind ours ({})", n.old_term);
    case VoteRefusal::kNone:
      break;
  }
  return "no reason";
}

}  // namespace

std::string_view to_string(VoteRefusal refusal) {
  switch (refusal) {
    case VoteRefusal::kNone:
      return "none";
    case VoteRefusal::kLogBehind:
      return "log-behind";
    case VoteRefusal::kAlreadyVoted:
      return "already-voted";
    case VoteRefusal::kLeaderKnown:
      return "leader-known";
    case VoteRefusal::kLease:
      return "lease";
    case VoteRefusal::kStaleTerm:
      return "stale-term";
  }
  return "?";
}

std::string narrate(const Note& n, const NodeNamer& name, sim::Time tick) {
  switch (n.kind) {
    case NoteKind::kTimeoutDrawn:
      return fmt::format("election timeout drawn: {} ({} ticks) at term {}",
                         duration(n.ticks, tick), n.ticks, n.term);
    case NoteKind::kElectionTimeout:
      if (n.role == StateRole::kFollower && n.other != kNoNode) {
        return fmt::format(
            "election timeout: {} without a heartbeat from leader {} (its timeout "
            "was {}); campaigning at term {}",
            duration(n.ticks, tick), name(n.other), duration(n.timeout_ticks, tick), n.term);
      }
      return fmt::format(
          "election timeout: {} without a leader (its timeout was {}); "
          "campaigning at term {}",
          duration(n.ticks, tick), duration(n.timeout_ticks, tick), n.term);
    case NoteKind::kCampaign:
      if (n.message == MessageType::kPreVote) {
        return fmt::format(
            "asks the {} other voters whether they would vote for it in term {} "
            "(pre-vote; its own term stays {}; its log ends at {})",
            n.voters - 1, n.term, n.old_term, log_text(n.log));
      }
      return fmt::format(
          "became candidate at term {}, voted for itself, and asks the {} other "
          "voters for their votes (its log ends at {})",
          n.term, n.voters - 1, log_text(n.log));
    case NoteKind::kVoteRequested:
      return fmt::format("sent a {} request to {} for term {}", vote_word(n.message), name(n.peer),
                         n.term);
    case NoteKind::kVoteCast:
      return fmt::format(
          "grants its {} to {} for term {} (its log {} is at least as up to date "
          "as ours {})",
          vote_word(n.message), name(n.peer), n.term, log_text(n.peer_log), log_text(n.log));
    case NoteKind::kVoteRefused:
      return fmt::format("refuses its {} to {} for term {}: {}", vote_word(n.message), name(n.peer),
                         n.term, refusal_text(n, name, tick));
    case NoteKind::kVoteCounted:
      return fmt::format("{} from {}: {} ({} granted, {} refused of {} voters)",
                         vote_word(n.message), name(n.peer), n.granted ? "granted" : "refused",
                         n.granted_votes, n.rejected_votes, n.voters);
    case NoteKind::kElectionLost:
      return fmt::format("lost the {} for term {}: {} of {} voters refused; back to follower",
                         n.message == MessageType::kPreVoteResp ? "pre-vote" : "election", n.term,
                         n.rejected_votes, n.voters);
    case NoteKind::kBecameLeader:
      return fmt::format("won the election: leader of term {} with {} of {} votes", n.term,
                         n.granted_votes, n.voters);
    case NoteKind::kHigherTerm:
      return fmt::format("{} from {} carries term {}, higher than ours ({}): {}",
                         to_string(n.message), name(n.peer), n.term, n.old_term,
                         n.role == StateRole::kLeader ? "steps down as leader and follows"
                                                      : "adopts the term as follower");
    case NoteKind::kSteppedDown:
      return fmt::format(
          "steps down as leader of term {} (check-quorum): only {} of {} voters "
          "were heard from in the last election timeout",
          n.term, n.active, n.voters);
    case NoteKind::kLeaderFound:
      return fmt::format("follows {}, leader of term {}", name(n.peer), n.term);
    case NoteKind::kSnapshotRestored:
      return fmt::format("restored the snapshot of {} ending at {}", name(n.peer), log_text(n.log));
  }
  return "?";
}

std::string narrate(const Message& m, const NodeNamer& name) {
  std::string text = fmt::format("{} from {} to {}", to_string(m.type), name(m.from), name(m.to));
  switch (m.type) {
    case MessageType::kVote:
    case MessageType::kPreVote:
      return text +
             fmt::format(" for term {} (its log ends at {}/{})", m.term, m.log_term, m.index);
    case MessageType::kVoteResp:
    case MessageType::kPreVoteResp:
      return text + fmt::format(" for term {}: {}", m.term, m.reject ? "refused" : "granted");
    case MessageType::kApp:
      return text + fmt::format(" term {}: {} entries after {}/{}, commit {}", m.term,
                                m.entries.size(), m.log_term, m.index, m.commit);
    case MessageType::kAppResp:
      if (m.reject) {
        return text + fmt::format(" term {}: rejected at {} (hint {}/{})", m.term, m.index,
                                  m.log_term, m.reject_hint);
      }
      return text + fmt::format(" term {}: has up to {}", m.term, m.index);
    case MessageType::kHeartbeat:
      return text + fmt::format(" term {}: commit {}", m.term, m.commit);
    case MessageType::kSnap:
      return text + fmt::format(" term {}: snapshot ending at {}/{}", m.term,
                                m.snapshot.metadata.term, m.snapshot.metadata.index);
    default:
      return text + fmt::format(" term {}", m.term);
  }
}

}  // namespace kcsim::etcd::raft
