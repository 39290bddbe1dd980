// Fires a scenario's timeline in a run: each entry at its time, in file order at equal
// times, with a trace record; an entry with `for:` is undone after its duration.
//
// Contract:
//  - A role ("etcd/leader") is resolved when its entry fires. An entry whose target
//    resolves to nothing (no leader at that moment) is traced as skipped and still
//    announced, so `within ... after` checks see that it happened.
//  - The kernel's actions are applied here; a component's action by the component's
//    Instance in the world (World::action_owner), which returns its undo.
//  - Every fired entry is announced to `on_fired` (the check monitor listens).
#pragma once

#include <functional>

#include "model/runner/world.h"
#include "model/scenario/timeline.h"

namespace kcsim::runner {

class TimelineDriver {
 public:
  using Listener = std::function<void(const scenario::TimelineEntry&, sim::Time)>;

  TimelineDriver(World& world, const std::vector<scenario::TimelineEntry>& timeline,
                 Listener on_fired);

 private:
  void fire(const scenario::TimelineEntry& entry);
  // Applies the entry; returns the action that undoes it (for `for:`), or nothing.
  std::function<void()> apply(const scenario::TimelineEntry& entry);
  // Logs who is cut off from whom (info), for the narrated log.
  void narrate_partition(const std::vector<std::vector<sim::HostId>>& groups, bool one_way);
  std::vector<std::vector<sim::HostId>> host_groups(const scenario::HostGroups& groups);
  void for_each_disk(const std::string& target, const std::function<void(sim::Disk&)>& act);

  World& world_;
  Listener on_fired_;
};

}  // namespace kcsim::runner
