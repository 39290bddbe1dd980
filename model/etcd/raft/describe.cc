#include "model/etcd/raft/describe.h"

#include <fmt/format.h>

namespace kcsim::etcd::raft {

namespace {

std::string join_ids(const std::vector<NodeId>& ids) {
  std::string out;
  for (NodeId id : ids)
    out += (out.empty() ? "" : " ") + std::to_string(id);
  return out;
}

std::string describe_entries(const std::vector<Entry>& entries) {
  std::string out;
  for (const Entry& entry : entries)
    out += (out.empty() ? "" : ", ") + describe(entry);
  return out;
}

}  // namespace

std::string describe(const Entry& entry) {
  if (entry.type == EntryType::kConfChange) {
    return fmt::format("{}/{} EntryConfChange {}", entry.term, entry.index, entry.data);
  }
  return fmt::format("{}/{} EntryNormal \"{}\"", entry.term, entry.index, entry.data);
}

std::string describe(const ConfState& conf_state) {
  std::string out = fmt::format("Voters:[{}]", join_ids(conf_state.voters));
  if (!conf_state.learners.empty()) {
    out += fmt::format(" Learners:[{}]", join_ids(conf_state.learners));
  }
  return out;
}

std::string describe(const SnapshotMetadata& metadata) {
  return fmt::format("Index:{} Term:{} ConfState:{}", metadata.index, metadata.term,
                     describe(metadata.conf_state));
}

std::string describe(const Message& m) {
  std::string out = fmt::format("{}->{} {} Term:{} Log:{}/{}", m.from, m.to, to_string(m.type),
                                m.term, m.log_term, m.index);
  if (m.reject) out += fmt::format(" Rejected (Hint: {})", m.reject_hint);
  if (m.commit != 0) out += fmt::format(" Commit:{}", m.commit);
  if (!m.context.empty()) out += fmt::format(" Context:{}", m.context);
  if (!m.entries.empty()) out += fmt::format(" Entries:[{}]", describe_entries(m.entries));
  if (!m.snapshot.empty()) out += fmt::format(" Snapshot: {}", describe(m.snapshot.metadata));
  return out;
}

std::string describe(const HardState& hard_state) {
  return fmt::format("Term:{} Vote:{} Commit:{}", hard_state.term, hard_state.vote,
                     hard_state.commit);
}

std::string describe(const Ready& rd, const std::string& indent) {
  std::string out = fmt::format("{}Ready MustSync={}:\n", indent, rd.must_sync);
  if (rd.soft_state) {
    out += fmt::format("{}Lead:{} State:{}\n", indent, rd.soft_state->leader,
                       to_string(rd.soft_state->role));
  }
  if (rd.hard_state) out += fmt::format("{}HardState {}\n", indent, describe(*rd.hard_state));
  for (const ReadState& read_state : rd.read_states) {
    out += fmt::format("{}ReadState Index:{} RequestCtx:{}\n", indent, read_state.index,
                       read_state.request_ctx);
  }
  if (!rd.entries.empty()) {
    out += indent + "Entries:\n";
    for (const Entry& e : rd.entries)
      out += fmt::format("{}{}\n", indent, describe(e));
  }
  if (rd.snapshot) out += fmt::format("{}Snapshot {}\n", indent, describe(rd.snapshot->metadata));
  if (!rd.committed_entries.empty()) {
    out += indent + "CommittedEntries:\n";
    for (const Entry& e : rd.committed_entries)
      out += fmt::format("{}{}\n", indent, describe(e));
  }
  if (!rd.messages.empty()) {
    out += indent + "Messages:\n";
    for (const Message& m : rd.messages)
      out += fmt::format("{}{}\n", indent, describe(m));
  }
  if (!rd.messages_after_persist.empty()) {
    out += indent + "MessagesAfterPersist:\n";
    for (const Message& m : rd.messages_after_persist) {
      out += fmt::format("{}{}\n", indent, describe(m));
    }
  }
  return out;
}

std::string describe(const Status& status) {
  std::string out =
      fmt::format("{} {} Lead:{} {} Applied:{} {}", status.id, to_string(status.soft_state.role),
                  status.soft_state.leader, describe(status.hard_state), status.applied,
                  describe(status.conf_state));
  if (status.lead_transferee != kNoNode) {
    out += fmt::format(" Transferee:{}", status.lead_transferee);
  }
  for (const auto& [id, progress] : status.progress) {
    out += fmt::format("\n{}: {}", id, progress.describe());
  }
  return out;
}

}  // namespace kcsim::etcd::raft
