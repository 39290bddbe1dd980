// Narration: the Raft core's decisions as structured notes, for the teacher's story
// (`--log-level info`, `kcsim explain`), and their text in plain words.
//
// Contract:
//  - The core (raft.h) hands a Note to its NoteSink at each decision a learner needs:
//    an election timeout firing, a campaign, a vote cast or refused (and why), an
//    election lost or won, a higher term adopted, a step-down (and why), a leader found,
//    a snapshot restored. It adds no clock, no I/O and no draw: a note is an observation,
//    and a run with a sink and one without are the same run (same trace hash).
//  - Times are in ticks here; the host, who knows how long a tick is, stamps the note
//    with virtual time and turns ticks into durations when it writes the text
//    (narrate()).
//  - Each note has a level: kInfo notes tell the story; kDebug notes add the detail
//    (every timeout drawn, every vote request and response counted).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "model/etcd/raft/entry.h"
#include "model/etcd/raft/message.h"
#include "model/etcd/raft/ready.h"
#include "sim/time.h"

namespace kcsim::etcd::raft {

enum class NoteLevel : std::uint8_t { kInfo, kDebug };

enum class NoteKind : std::uint8_t {
  kTimeoutDrawn,     // debug: a new randomized election timeout (ticks)
  kElectionTimeout,  // info: `ticks` passed without a leader's word; a campaign follows
  kCampaign,         // info: a pre-vote (message kPreVote) or vote (kVote) campaign for `term`
  kVoteRequested,    // debug: a (pre-)vote request sent to `peer`
  kVoteCast,         // info: a (pre-)vote granted to `peer` for `term`
  kVoteRefused,      // info: a (pre-)vote refused to `peer`, for `refusal`
  kVoteCounted,      // debug: a (pre-)vote response from `peer`, granted or not, and the tally
  kElectionLost,     // info: a majority refused: back to follower
  kBecameLeader,     // info: won the election for `term`
  kHigherTerm,       // info: `peer`'s `message` carried `term`, higher than ours (`old_term`)
  kSteppedDown,      // info: a leader stepped down: check-quorum (`active` of `voters` heard)
  kLeaderFound,      // info: a follower hears `peer` as leader of `term`
  kSnapshotRestored  // info: a follower restored the leader's snapshot ending at `log`
};

enum class VoteRefusal : std::uint8_t {
  kNone,
  kLogBehind,     // the candidate's log is less up to date than ours (thesis 3.6.1)
  kAlreadyVoted,  // we voted for `other` in this term
  kLeaderKnown,   // we follow `other` in this term
  kLease,         // we heard from a leader within the election timeout (thesis 4.2.3)
  kStaleTerm,     // the pre-candidate's term is behind ours
};

struct Note {
  NoteKind kind = NoteKind::kTimeoutDrawn;
  NoteLevel level = NoteLevel::kInfo;
  NodeId self = kNoNode;
  NodeId peer = kNoNode;
  NodeId other = kNoNode;
  Term term = 0;
  Term old_term = 0;
  MessageType message = MessageType::kHup;
  StateRole role = StateRole::kFollower;  // the role before the decision
  VoteRefusal refusal = VoteRefusal::kNone;
  bool granted = false;
  int ticks = 0;          // elapsed, or drawn, or lease remaining
  int timeout_ticks = 0;  // the timeout that ran out
  std::size_t granted_votes = 0;
  std::size_t rejected_votes = 0;
  std::size_t voters = 0;
  std::size_t active = 0;
  EntryId log{};       // our last entry
  EntryId peer_log{};  // the candidate's last entry
};

using NoteSink = std::function<void(const Note& note)>;

// How a host names nodes in text ("etcd-2" for node 3).
using NodeNamer = std::function<std::string(NodeId id)>;

// The note in plain words, without the actor (the host prefixes it), turning ticks
// into durations of `tick` each: "election timeout: 1.2s without hearing from a leader".
std::string narrate(const Note& note, const NodeNamer& name, sim::Time tick);

// A message in plain words for the debug level: "MsgVote from etcd-1 for term 3 (its
// log ends at 3/41)", "MsgVoteResp from etcd-2 for term 3: granted".
std::string narrate(const Message& message, const NodeNamer& name);

std::string_view to_string(VoteRefusal refusal);

}  // namespace kcsim::etcd::raft
