#include "model/scenario/timeline.h"

#include <array>
#include <utility>

namespace kcsim::scenario {
namespace {

constexpr std::array<std::pair<ActionKind, const char*>, 16> kActionKeys = {{
    {ActionKind::kCrash, "crash"},
    {ActionKind::kRestart, "restart"},
    {ActionKind::kCrashHost, "crashHost"},
    {ActionKind::kRestartHost, "restartHost"},
    {ActionKind::kPartition, "partition"},
    {ActionKind::kHeal, "heal"},
    {ActionKind::kSlowDisk, "slowDisk"},
    {ActionKind::kStallDisk, "stallDisk"},
    {ActionKind::kFailDisk, "failDisk"},
    {ActionKind::kFillDisk, "fillDisk"},
    {ActionKind::kHealDisk, "healDisk"},
    {ActionKind::kLatency, "latency"},
    {ActionKind::kLoss, "loss"},
    {ActionKind::kMemberAdd, "memberAdd"},
    {ActionKind::kMemberRemove, "memberRemove"},
    {ActionKind::kMemberPromote, "memberPromote"},
}};

}  // namespace

const char* action_key(ActionKind kind) {
  for (const auto& [candidate, key] : kActionKeys) {
    if (candidate == kind) return key;
  }
  return "?";
}

std::optional<ActionKind> kernel_action_from_key(std::string_view key) {
  for (const auto& [kind, candidate] : kActionKeys) {
    if (kind > ActionKind::kLoss) break;
    if (candidate == key) return kind;
  }
  return std::nullopt;
}

std::vector<std::string_view> kernel_action_keys() {
  std::vector<std::string_view> keys;
  for (const auto& [kind, key] : kActionKeys) {
    if (kind > ActionKind::kLoss) break;
    keys.emplace_back(key);
  }
  return keys;
}

std::string TimelineEntry::canonical_text() const {
  switch (action) {
    case ActionKind::kPartition:
    case ActionKind::kLatency:
    case ActionKind::kLoss:
      return std::string(key());
    default:
      return std::string(key()) + " " + target;
  }
}

}  // namespace kcsim::scenario
