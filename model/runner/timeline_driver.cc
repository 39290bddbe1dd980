#include "model/runner/timeline_driver.h"

#include <spdlog/logger.h>

#include "sim/disk.h"
#include "sim/network.h"

namespace kcsim::runner {
namespace {

constexpr sim::Label kFire{"timeline.fire"};
constexpr sim::Label kUndo{"timeline.undo"};

}  // namespace

TimelineDriver::TimelineDriver(World& world, const std::vector<scenario::TimelineEntry>& timeline,
                               Listener on_fired)
    : world_(world), on_fired_(std::move(on_fired)) {
  for (const scenario::TimelineEntry& entry : timeline) {
    world_.simulation().at(entry.at, kFire, [this, &entry] { fire(entry); });
  }
}

void TimelineDriver::fire(const scenario::TimelineEntry& entry) {
  sim::Simulation& sim = world_.simulation();
  sim.log().info("timeline: {}{}", entry.canonical_text(),
                 entry.duration ? " for " + sim::format_duration(*entry.duration) : "");
  std::function<void()> undo = apply(entry);
  if (undo && entry.duration) {
    const std::string text = entry.canonical_text();
    sim.after(*entry.duration, kUndo, [&sim, undo, text] {
      sim.log().info("timeline: undo {}", text);
      undo();
    });
  }
  on_fired_(entry, world_.simulation().now());
}

void TimelineDriver::narrate_partition(const std::vector<std::vector<sim::HostId>>& groups,
                                       bool one_way) {
  sim::Simulation& sim = world_.simulation();
  if (!sim.log().should_log(spdlog::level::info)) return;
  auto names = [&sim](const std::vector<sim::HostId>& hosts) {
    std::string text;
    for (sim::HostId h : hosts)
      text += (text.empty() ? "" : ", ") + sim.host(h).name;
    return "{" + text + "}";
  };
  for (std::size_t i = 0; i < groups.size(); ++i) {
    std::string others;
    for (std::size_t j = 0; j < groups.size(); ++j) {
      if (j != i) others += (others.empty() ? "" : " and ") + names(groups[j]);
    }
    if (one_way && i == 0) {
      sim.log().info("network: {} can no longer send to {} (one way)", names(groups[i]), others);
      return;
    }
    sim.log().info("network: {} is cut off from {}", names(groups[i]), others);
    if (groups.size() == 2) return;  // the other side says the same
  }
}

std::vector<std::vector<sim::HostId>> TimelineDriver::host_groups(
    const scenario::HostGroups& groups) {
  std::vector<std::vector<sim::HostId>> out;
  for (const auto& group : groups) {
    std::vector<sim::HostId>& hosts = out.emplace_back();
    for (const std::string& name : group) {
      for (sim::HostId host : world_.resolve_hosts(name))
        hosts.push_back(host);
    }
  }
  return out;
}

void TimelineDriver::for_each_disk(const std::string& target,
                                   const std::function<void(sim::Disk&)>& act) {
  sim::Simulation& sim = world_.simulation();
  for (sim::HostId host : world_.resolve_hosts(target)) {
    for (sim::ProcessId process : sim.host(host).processes)
      act(sim.disk(process));
  }
}

std::function<void()> TimelineDriver::apply(const scenario::TimelineEntry& entry) {
  using scenario::ActionKind;
  sim::Simulation& sim = world_.simulation();
  sim::Network& net = sim.network();
  const std::string& target = entry.target;
  switch (entry.action) {
    case ActionKind::kCrash: {
      const sim::ProcessId p = world_.resolve_process(target);
      if (p == sim::kNoProcess) {
        world_.note_skipped();
        return {};
      }
      sim.log().info("timeline: {} crashes", sim.process_name(p));
      sim.crash(p);
      return [&sim, p] {
        sim.log().info("timeline: {} starts again", sim.process_name(p));
        sim.start(p);
      };
    }
    case ActionKind::kRestart: {
      const sim::ProcessId p = world_.resolve_process(target);
      if (p != sim::kNoProcess) sim.restart(p);
      return {};
    }
    case ActionKind::kCrashHost: {
      std::vector<sim::HostId> hosts = world_.resolve_hosts(target);
      for (sim::HostId h : hosts)
        sim.crash_host(h);
      return [&sim, hosts] {
        for (sim::HostId h : hosts)
          sim.restart_host(h);
      };
    }
    case ActionKind::kRestartHost:
      for (sim::HostId h : world_.resolve_hosts(target))
        sim.restart_host(h);
      return {};
    case ActionKind::kPartition: {
      // Hosts the entry does not list form one more group (scenarios/README.md).
      std::vector<std::vector<sim::HostId>> groups = host_groups(entry.groups);
      std::vector<bool> listed(sim.host_count(), false);
      for (const auto& group : groups) {
        for (sim::HostId h : group)
          listed[h] = true;
      }
      std::vector<sim::HostId> rest;
      for (sim::HostId h = 0; h < sim.host_count(); ++h) {
        if (!listed[h]) rest.push_back(h);
      }
      if (!rest.empty()) groups.push_back(std::move(rest));
      narrate_partition(groups, entry.one_way);
      const sim::PartitionId id = net.partition(std::move(groups), entry.one_way);
      return [&net, id] { net.heal(id); };
    }
    case ActionKind::kHeal:
      net.heal_all();
      return {};
    case ActionKind::kLatency:
    case ActionKind::kLoss: {
      auto groups = host_groups(entry.groups);
      const bool latency = entry.action == ActionKind::kLatency;
      const sim::PartitionId id = net.degrade(groups.at(0), groups.at(1), latency ? entry.add : 0,
                                              latency ? 0.0 : entry.rate);
      return [&net, id] { net.heal(id); };
    }
    case ActionKind::kSlowDisk:
      for_each_disk(target, [&](sim::Disk& d) { d.set_slow_factor(entry.factor); });
      return [this, target] { for_each_disk(target, [](sim::Disk& d) { d.set_slow_factor(1); }); };
    case ActionKind::kStallDisk:
      for_each_disk(target, [](sim::Disk& d) { d.set_stalled(true); });
      return [this, target] { for_each_disk(target, [](sim::Disk& d) { d.set_stalled(false); }); };
    case ActionKind::kFailDisk:
      for_each_disk(target, [](sim::Disk& d) { d.set_failing(true); });
      return [this, target] { for_each_disk(target, [](sim::Disk& d) { d.set_failing(false); }); };
    case ActionKind::kFillDisk:
      for_each_disk(target, [](sim::Disk& d) { d.set_full(true); });
      return [this, target] { for_each_disk(target, [](sim::Disk& d) { d.set_full(false); }); };
    case ActionKind::kHealDisk:
      for_each_disk(target, [](sim::Disk& d) { d.heal(); });
      return {};
    case ActionKind::kMemberAdd:
    case ActionKind::kMemberRemove:
    case ActionKind::kMemberPromote:
    case ActionKind::kComponent: {
      // A component's action: its instance applies it (the parser accepted the action
      // only from the registry, and checked its target).
      component::Instance* owner = world_.action_owner(entry.key());
      if (owner == nullptr) {
        world_.note_skipped();
        return {};
      }
      return owner->apply(entry, world_);
    }
  }
  return {};
}

}  // namespace kcsim::runner
