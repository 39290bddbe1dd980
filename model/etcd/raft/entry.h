// The values Raft persists and replicates: log entries, the hard state, snapshots
// and the membership (ConfState), modelled on etcd-io/raft's raftpb.
//
// Contract:
//  - Node ids are positive; 0 (`kNoNode`) means "none" (no vote, no leader).
//  - Log indexes start at 1; index 0 with term 0 is the empty log's sentinel.
//  - An entry's `size_bytes()` is what the size limits count (max bytes per append,
//    per Ready): its payload plus a fixed header, close to etcd's protobuf size.
//  - A conf change travels as the text data of an entry of type kConfChange
//    ("add-voter 4", "add-learner 5", "remove 2"); `encode`/`decode` convert.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kcsim::etcd::raft {

using NodeId = std::uint64_t;
using Term = std::uint64_t;
using Index = std::uint64_t;

inline constexpr NodeId kNoNode = 0;

// Term, index, type and the protobuf framing of an etcd raftpb.Entry, roughly.
inline constexpr std::uint64_t kEntryHeaderBytes = 16;

enum class EntryType : std::uint8_t { kNormal, kConfChange };

struct Entry {
  Term term = 0;
  Index index = 0;
  EntryType type = EntryType::kNormal;
  std::string data{};
  // The application's decoded command, opaque to Raft: it travels with every copy of the
  // entry (logs, messages, storage) and is freed with the last one, so the application
  // keeps no table of proposals that would grow for ever. Not part of the entry's size.
  std::shared_ptr<const void> payload{};

  std::uint64_t size_bytes() const { return kEntryHeaderBytes + data.size(); }
  friend bool operator==(const Entry&, const Entry&) = default;
};

// The position of an entry in a log: (term, index) names an entry uniquely (Log
// Matching property, Raft thesis 3.5).
struct EntryId {
  Term term = 0;
  Index index = 0;
  friend bool operator==(const EntryId&, const EntryId&) = default;
};

// What must be on disk before a vote or an append acknowledgement leaves the node.
struct HardState {
  Term term = 0;
  NodeId vote = kNoNode;
  Index commit = 0;

  bool empty() const { return term == 0 && vote == kNoNode && commit == 0; }
  friend bool operator==(const HardState&, const HardState&) = default;
};

// Asserts (KCSIM_ASSERT, always on) that `after` may follow `before` in a node's
// persisted state: the term never decreases; within a term, a vote once cast never
// changes; the commit index never decreases. Checked where the hard state is handed to
// storage (RaftNode::ready) and where storage takes it (MemoryStorage::set_hard_state).
void assert_hard_state_follows(const HardState& before, const HardState& after);

// The membership: sorted voter and learner ids (disjoint).
struct ConfState {
  std::vector<NodeId> voters{};
  std::vector<NodeId> learners{};
  friend bool operator==(const ConfState&, const ConfState&) = default;
};

struct SnapshotMetadata {
  ConfState conf_state{};
  Index index = 0;
  Term term = 0;
  friend bool operator==(const SnapshotMetadata&, const SnapshotMetadata&) = default;
};

// The state machine's image at `metadata.index`; `data` is opaque to Raft.
struct Snapshot {
  std::string data{};
  SnapshotMetadata metadata{};

  bool empty() const { return metadata.index == 0; }
  friend bool operator==(const Snapshot&, const Snapshot&) = default;
};

// Single-step membership changes (etcd's ConfChange v1). Adding a voter that is a
// learner promotes it; a voter cannot be demoted to a learner in one step.
enum class ConfChangeType : std::uint8_t { kAddVoter, kAddLearner, kRemove };

struct ConfChange {
  ConfChangeType type = ConfChangeType::kAddVoter;
  NodeId node_id = kNoNode;
  friend bool operator==(const ConfChange&, const ConfChange&) = default;
};

std::string encode(const ConfChange& change);
std::optional<ConfChange> decode_conf_change(std::string_view data);

// Sum of size_bytes() over entries.
std::uint64_t entries_size_bytes(const std::vector<Entry>& entries);

// The longest prefix of `entries` whose total size is at most `max_size_bytes`,
// but always at least one entry (so that a large entry still makes progress).
void limit_size(std::vector<Entry>& entries, std::uint64_t max_size_bytes);

}  // namespace kcsim::etcd::raft
