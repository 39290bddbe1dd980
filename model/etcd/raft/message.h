// Raft's one input and output type: a message, as in etcd-io/raft's raftpb.Message.
//
// Contract:
//  - Local events share the enum with network traffic (kHup: campaign, kBeat:
//    heartbeat, kCheckQuorum, kUnreachable, kSnapStatus, kProp ...), so that a
//    caller can delay or reorder them like any other input.
//  - `term` 0 marks a local message (or a forwarded proposal / read request);
//    every other message carries its sender's term, except vote responses, which
//    carry the term of the request they answer.
//  - kApp: `index`/`log_term` name the entry just before `entries`; `commit` is the
//    leader's commit index. A rejecting kAppResp carries the follower's hint
//    (`reject_hint`, `log_term`) of where the logs may still match.
//  - `context`: the ReadIndex request context (kReadIndex, kReadIndexResp, and the
//    heartbeats that confirm leadership for it), or "CampaignTransfer" on a kVote
//    that leadership transfer forces past the leader lease.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/etcd/raft/entry.h"

namespace kcsim::etcd::raft {

enum class MessageType : std::uint8_t {
  kHup,             // local: start an election (pre-vote first if enabled)
  kBeat,            // local: leader, send heartbeats now
  kProp,            // a proposal (local, or forwarded by a follower)
  kApp,             // append entries
  kAppResp,         // append response (also the leader's own ack after persisting)
  kVote,            // request vote
  kVoteResp,        // vote response
  kSnap,            // install snapshot
  kHeartbeat,       // leader heartbeat (carries a safe commit index)
  kHeartbeatResp,   // heartbeat response
  kUnreachable,     // local: the transport failed to reach `from`
  kSnapStatus,      // local: the transport reports a snapshot sent (or failed)
  kCheckQuorum,     // local: leader, step down unless a quorum was active
  kTransferLeader,  // local or forwarded: `from` is the transferee
  kTimeoutNow,      // leader to transferee: campaign now, skipping pre-vote
  kReadIndex,       // a linearizable read request (local, or forwarded)
  kReadIndexResp,   // leader to follower: the read index for `context`
  kPreVote,         // pre-vote request for term+1 (thesis 9.6)
  kPreVoteResp,     // pre-vote response
};

std::string_view to_string(MessageType type);

// Messages that the network must never deliver from a peer.
bool is_local(MessageType type);
// Responses, which need a progress entry for the sender at the leader.
bool is_response(MessageType type);
// The response type for a vote or pre-vote request.
MessageType vote_response_type(MessageType request);

inline constexpr std::string_view kCampaignTransfer = "CampaignTransfer";

struct Message {
  MessageType type = MessageType::kHup;
  NodeId to = kNoNode;
  NodeId from = kNoNode;
  Term term = 0;
  Term log_term = 0;
  Index index = 0;
  std::vector<Entry> entries{};
  Index commit = 0;
  Snapshot snapshot{};  // kSnap only
  bool reject = false;
  Index reject_hint = 0;
  std::string context{};

  friend bool operator==(const Message&, const Message&) = default;
};

}  // namespace kcsim::etcd::raft
