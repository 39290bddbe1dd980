// TimelineEntry: one scheduled fault or repair of a scenario's timeline.
//
// Contract:
//  - Each entry has a time `at`, exactly one action, an optional `name` and, for actions
//    that last, an optional duration `for` after which the runner undoes the action
//    (restarts what crashed, heals the partition, restores the disk or the link).
//  - Targets are names that `known_targets()` (targets.h) accepts for the action: a
//    process or role for crash/restart, a host or role for the host and disk actions and
//    inside partition groups.
//  - The kernel's actions (crash .. loss) are generic. Components declare their own
//    actions (component.h): their key is `action_name`, their kind kComponent unless
//    the enum names them (etcd's memberAdd, memberRemove, memberPromote, which predate
//    the registry); the component reads their value and options into the entry.
//  - `canonical_text()` is "<action> <target>" ("crash etcd/leader", "heal all") or just
//    the action for the group actions ("partition", "latency", "loss"); a check's `after:`
//    matches an entry by its name or by this text.
//  - Entries keep file order; entries at the same instant fire in file order.
#pragma once

#include <any>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/scenario/scenario_error.h"
#include "sim/time.h"

namespace kcsim::scenario {

enum class ActionKind : std::uint8_t {
  kCrash,        // crash: PROCESS|ROLE
  kRestart,      // restart: PROCESS|ROLE
  kCrashHost,    // crashHost: HOST|ROLE
  kRestartHost,  // restartHost: HOST|ROLE
  kPartition,    // partition: [[HOST...], ...], oneWay: bool
  kHeal,         // heal: all
  kSlowDisk,     // slowDisk: HOST|ROLE, factor: X (> 1)
  kStallDisk,    // stallDisk: HOST|ROLE
  kFailDisk,     // failDisk: HOST|ROLE
  kFillDisk,     // fillDisk: HOST|ROLE
  kHealDisk,     // healDisk: HOST|ROLE
  kLatency,      // latency: {between: [[HOST...], [HOST...]], add: DURATION}
  kLoss,         // loss: {between: [[HOST...], [HOST...]], rate: P}
  // etcd's runtime reconfiguration, as an operator runs it with etcdctl:
  kMemberAdd,      // memberAdd: etcd-N, learner: bool (a new member, then started)
  kMemberRemove,   // memberRemove: MEMBER|ROLE
  kMemberPromote,  // memberPromote: MEMBER (retried until the learner is in sync)
  kComponent,      // another action a component declares: see `action_name`
};

// The key as written in the file ("crashHost"); "?" for kComponent.
const char* action_key(ActionKind kind);
// The kernel's action named `key` (crash .. loss), if it is one.
std::optional<ActionKind> kernel_action_from_key(std::string_view key);
// The kernel's action keys, in the order messages list them.
std::vector<std::string_view> kernel_action_keys();

using HostGroups = std::vector<std::vector<std::string>>;

struct TimelineEntry {
  sim::Time at = 0;
  std::string name;  // empty when the file gives none
  ActionKind action = ActionKind::kCrash;
  std::string action_name;  // the action's key as written; empty means action_key(action)
  std::string target;       // the single-target actions, and heal ("all")
  HostGroups groups;        // partition: 1..N groups; latency, loss: exactly 2 ("between")
  bool one_way = false;     // partition: block only first group -> the others
  double factor = 1;        // slowDisk: every disk operation takes `factor` times longer
  sim::Time add = 0;        // latency: added one-way delay
  double rate = 0;          // loss: drop probability in [0, 1]
  bool learner = false;     // memberAdd: add as a non-voting learner (etcdctl --learner)
  std::any options;         // a component's action's own options, as it reads them
  std::optional<sim::Time> duration;  // `for:`; undone after it when set

  SourcePos pos;         // where the entry starts in the file
  std::string key_path;  // "spec.timeline[3]"

  std::string canonical_text() const;
  // The action's key: action_name, or the enum's key when the entry was made in code.
  std::string_view key() const {
    if (action_name.empty()) return action_key(action);
    return action_name;
  }
};

}  // namespace kcsim::scenario
