#include "model/etcd/raft/entry.h"

#include <charconv>

#include "sim/invariant.h"

namespace kcsim::etcd::raft {

namespace {
constexpr std::string_view kAddVoter = "add-voter ";
constexpr std::string_view kAddLearner = "add-learner ";
constexpr std::string_view kRemove = "remove ";
}  // namespace

std::string encode(const ConfChange& change) {
  std::string_view verb = kAddVoter;
  if (change.type == ConfChangeType::kAddLearner) verb = kAddLearner;
  if (change.type == ConfChangeType::kRemove) verb = kRemove;
  return std::string(verb) + std::to_string(change.node_id);
}

std::optional<ConfChange> decode_conf_change(std::string_view data) {
  ConfChange change;
  std::string_view rest;
  if (data.starts_with(kAddVoter)) {
    change.type = ConfChangeType::kAddVoter;
    rest = data.substr(kAddVoter.size());
  } else if (data.starts_with(kAddLearner)) {
    change.type = ConfChangeType::kAddLearner;
    rest = data.substr(kAddLearner.size());
  } else if (data.starts_with(kRemove)) {
    change.type = ConfChangeType::kRemove;
    rest = data.substr(kRemove.size());
  } else {
    return std::nullopt;
  }
  auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), change.node_id);
  if (error != std::errc() || end != rest.data() + rest.size() || change.node_id == kNoNode) {
    return std::nullopt;
  }
  return change;
}

std::uint64_t entries_size_bytes(const std::vector<Entry>& entries) {
  std::uint64_t total = 0;
  for (const Entry& entry : entries)
    total += entry.size_bytes();
  return total;
}

void limit_size(std::vector<Entry>& entries, std::uint64_t max_size_bytes) {
  if (entries.empty()) return;
  std::uint64_t total = entries[0].size_bytes();
  std::size_t keep = 1;
  while (keep < entries.size()) {
    total += entries[keep].size_bytes();
    if (total > max_size_bytes) break;
    ++keep;
  }
  entries.resize(keep);
}

void assert_hard_state_follows(const HardState& before, const HardState& after) {
  KCSIM_ASSERT_MSG(after.term >= before.term, "the term never decreases");
  KCSIM_ASSERT_MSG(after.term != before.term || before.vote == kNoNode || after.vote == before.vote,
                   "a vote is never changed within a term");
  KCSIM_ASSERT_MSG(after.commit >= before.commit, "the commit index never decreases");
}

}  // namespace kcsim::etcd::raft
