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

std::optional<ActionKind> action_from_key(std::string_view key) {
  for (const auto& [kind, candidate] : kActionKeys) {
    if (candidate == key) return kind;
  }
  return std::nullopt;
}

std::string TimelineEntry::canonical_text() const {
  switch (action) {
    case ActionKind::kPartition:
    case ActionKind::kLatency:
    case ActionKind::kLoss:
      return action_key(action);
    default:
      return std::string(action_key(action)) + " " + target;
  }
}

}  // namespace kcsim::scenario
