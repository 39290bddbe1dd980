// The timeline section: scheduled faults and repairs, and etcd membership changes.
#include <set>

#include "model/scenario/parse_sections.h"
#include "model/scenario/read_values.h"

namespace kcsim::scenario {
namespace {

constexpr double kSlowDiskFactorMax = 1e6;

bool takes_duration(ActionKind kind) {
  switch (kind) {
    case ActionKind::kRestart:
    case ActionKind::kRestartHost:
    case ActionKind::kHeal:
    case ActionKind::kHealDisk:
    case ActionKind::kMemberAdd:
    case ActionKind::kMemberRemove:
    case ActionKind::kMemberPromote:
      return false;
    default:
      return true;
  }
}

bool targets_process(ActionKind kind) {
  return kind == ActionKind::kCrash || kind == ActionKind::kRestart;
}

// What the entries parsed so far have claimed: names must be unique in the timeline.
struct TimelineState {
  NameSet entry_names;
  NameSet added_members;
};

// memberAdd: etcd-N, a new name (N >= etcd.members), added once in the whole timeline.
void check_member_add(ParseContext& ctx, const Field& field, const Targets& targets,
                      const std::string& name, NameSet& added) {
  if (!targets.etcd_initial_members) {
    ctx.fail(field, "expected an etcd cluster (spec.cluster.etcd) to add a member to, found none");
    return;
  }
  const std::uint64_t initial = *targets.etcd_initial_members;
  const std::string initial_names =
      initial == 1 ? "the initial member is etcd-0"
                   : "the initial members are etcd-0..etcd-" + std::to_string(initial - 1);
  const std::string expected =
      "expected a new member name etcd-N with N >= " + std::to_string(initial) + " (" +
      initial_names + "), found \"" + name + "\"";
  const std::optional<std::uint64_t> number = etcd_member_number(name);
  if (!number) {
    ctx.fail(field, expected);
  } else if (*number < initial) {
    ctx.fail(field, expected + ", an initial member");
  } else if (!added.insert(name).second) {
    ctx.fail(field, "expected each member added once, found \"" + name +
                        "\" a second time in the timeline");
  }
}

// memberRemove: a member or an etcd role; memberPromote: a member only.
void check_member(ParseContext& ctx, const Field& field, const Targets& targets,
                  const std::string& name, bool role_allowed) {
  if (targets.etcd_members.contains(name)) return;
  if (role_allowed && targets.etcd_roles.contains(name)) return;
  if (!role_allowed && targets.roles.contains(name)) {
    ctx.fail(field, std::string("expected an etcd member (") +
                        action_key(ActionKind::kMemberPromote) +
                        " names the learner to promote, not a role), found the role \"" + name +
                        "\"; members: " + join_names(targets.etcd_members));
    return;
  }
  std::string message =
      role_allowed ? "expected an etcd member or role" : "expected an etcd member";
  message += ", found \"" + name + "\"; members: " + join_names(targets.etcd_members);
  if (role_allowed) message += "; roles: " + join_names(targets.etcd_roles);
  ctx.fail(field, message);
}

void check_host(ParseContext& ctx, const Field& field, const std::string& name,
                const Targets& targets) {
  if (ctx.failed() || targets.is_host_or_role(name)) return;
  ctx.fail(field, "expected a host or role, found unknown \"" + name + "\"; hosts: " +
                      join_names(targets.hosts) + "; roles: " + join_names(targets.roles));
}

void read_target(ParseContext& ctx, const Field& field, const Targets& targets,
                 TimelineState& state, TimelineEntry& out) {
  out.target = read_string(ctx, field, "");
  if (ctx.failed()) return;
  switch (out.action) {
    case ActionKind::kMemberAdd:
      check_member_add(ctx, field, targets, out.target, state.added_members);
      return;
    case ActionKind::kMemberRemove:
    case ActionKind::kMemberPromote:
      check_member(ctx, field, targets, out.target, out.action == ActionKind::kMemberRemove);
      return;
    default:
      break;
  }
  if (out.action == ActionKind::kHeal) {
    if (out.target != "all") {
      ctx.fail(field, "expected all (heal: all heals every partition and link fault), found " +
                          describe(field.node));
    }
    return;
  }
  if (targets_process(out.action)) {
    if (!targets.is_process_or_role(out.target)) {
      ctx.fail(field, "expected a process or role, found unknown \"" + out.target +
                          "\"; processes: " + join_names(targets.processes) +
                          "; roles: " + join_names(targets.roles));
    }
    return;
  }
  check_host(ctx, field, out.target, targets);
}

// Checks every name of every group, and that no name is in two groups.
void check_groups(ParseContext& ctx, const Field& field, const HostGroups& groups,
                  const Targets& targets) {
  std::set<std::string, std::less<>> seen;
  for (std::size_t g = 0; g < groups.size() && !ctx.failed(); ++g) {
    const Field group = field.element(field.node[g], g);
    for (std::size_t i = 0; i < groups[g].size() && !ctx.failed(); ++i) {
      const Field item = group.element(group.node[i], i);
      check_host(ctx, item, groups[g][i], targets);
      if (!ctx.failed() && !seen.insert(groups[g][i]).second) {
        ctx.fail(item, "expected each host in one group only, found \"" + groups[g][i] +
                           "\" a second time");
      }
    }
  }
}

void read_link_fault(ParseContext& ctx, const Field& field, const Targets& targets,
                     TimelineEntry& out) {
  const bool latency = out.action == ActionKind::kLatency;
  MapReader map(ctx, field, {"between", latency ? "add" : "rate"},
                latency ? "{between: [[HOSTS], [HOSTS]], add: DURATION}"
                        : "{between: [[HOSTS], [HOSTS]], rate: PROBABILITY}");
  const Field between = map.require("between", "two groups of hosts such as [[etcd-0], [etcd-1]]");
  out.groups = read_groups(ctx, between, 2, 2);
  check_groups(ctx, between, out.groups, targets);
  if (latency) {
    out.add = read_duration(ctx, map.require("add", "a duration such as 50ms"), 0, 1);
  } else {
    out.rate = read_real(ctx, map.require("rate", "a probability such as 0.2"), 0, 0.0, 1.0);
  }
}

void read_action(ParseContext& ctx, const Field& field, const Targets& targets,
                 TimelineState& state, TimelineEntry& out) {
  switch (out.action) {
    case ActionKind::kPartition:
      out.groups = read_groups(ctx, field, 1, SIZE_MAX);
      check_groups(ctx, field, out.groups, targets);
      return;
    case ActionKind::kLatency:
    case ActionKind::kLoss:
      read_link_fault(ctx, field, targets, out);
      return;
    default:
      read_target(ctx, field, targets, state, out);
      return;
  }
}

// A key that belongs to one action only, used with another one.
void reject_foreign_key(ParseContext& ctx, const MapReader& map, std::string_view key,
                        ActionKind owner, const TimelineEntry& entry) {
  const Field field = map.get(key);
  if (ctx.failed() || !field.present || entry.action == owner) return;
  ctx.fail_at(field.key_mark, field.path,
              std::string(key) + " applies only to " + action_key(owner) + ", not to " +
                  action_key(entry.action));
}

void parse_entry(ParseContext& ctx, const Field& field, const Targets& targets, sim::Time duration,
                 TimelineState& state, TimelineEntry& out) {
  MapReader map(ctx, field,
                {"at",       "name",      "for",          "oneWay",       "factor",    "learner",
                 "crash",    "restart",   "crashHost",    "restartHost",  "partition", "heal",
                 "slowDisk", "stallDisk", "failDisk",     "fillDisk",     "healDisk",  "latency",
                 "loss",     "memberAdd", "memberRemove", "memberPromote"},
                "a timeline entry such as {at: 30s, crash: etcd/leader}");
  out.pos = ctx.position(field.value_mark(), field.path);
  out.key_path = field.path;
  if (!map.valid()) return;
  out.at = read_duration(ctx, map.require("at", "when the action fires, such as 30s"), 0);
  const Field at = map.get("at");
  if (!ctx.failed() && out.at > duration) {
    ctx.fail(at, "expected a time within the run (duration " + sim::format_duration(duration) +
                     "), found " + describe(at.node));
  }
  const Field name = map.get("name");
  out.name = read_string(ctx, name, "");
  if (!ctx.failed() && name.present) {
    if (out.name.empty()) ctx.fail(name, "expected a non-empty name, found \"\"");
    if (!state.entry_names.insert(out.name).second) {
      ctx.fail(name,
               "expected a unique name, found \"" + out.name + "\" a second time in the timeline");
    }
  }
  // Exactly one action key, found in file order.
  std::optional<Field> action;
  for (auto it = field.node.begin(); it != field.node.end() && !ctx.failed(); ++it) {
    const std::optional<ActionKind> kind = action_from_key(it->first.Scalar());
    if (!kind) continue;
    if (action) {
      ctx.fail_at(it->first.Mark(), field.path + "." + it->first.Scalar(),
                  "expected exactly one action per entry, found both " +
                      action->path.substr(field.path.size() + 1) + " and " + it->first.Scalar());
      return;
    }
    out.action = *kind;
    action = map.get(it->first.Scalar());
  }
  if (ctx.failed()) return;
  if (!action) {
    ctx.fail(field,
             "expected one action: crash, restart, crashHost, restartHost, partition, "
             "heal, slowDisk, stallDisk, failDisk, fillDisk, healDisk, latency, loss, "
             "memberAdd, memberRemove or memberPromote");
    return;
  }
  read_action(ctx, *action, targets, state, out);
  reject_foreign_key(ctx, map, "oneWay", ActionKind::kPartition, out);
  reject_foreign_key(ctx, map, "factor", ActionKind::kSlowDisk, out);
  reject_foreign_key(ctx, map, "learner", ActionKind::kMemberAdd, out);
  out.one_way = read_bool(ctx, map.get("oneWay"), false);
  out.learner = read_bool(ctx, map.get("learner"), false);
  if (out.action == ActionKind::kSlowDisk) {
    out.factor = read_real(ctx, map.require("factor", "how many times slower, such as 10"), 1, 1.0,
                           kSlowDiskFactorMax);
  }
  const Field for_field = map.get("for");
  if (!ctx.failed() && for_field.present && !takes_duration(out.action)) {
    ctx.fail_at(for_field.key_mark, for_field.path,
                std::string("for applies to actions that last; ") + action_key(out.action) +
                    " is instantaneous");
    return;
  }
  if (for_field.present) out.duration = read_duration(ctx, for_field, 0, 1);
}

}  // namespace

void parse_timeline(ParseContext& ctx, const Field& field, const Targets& targets,
                    sim::Time duration, std::vector<TimelineEntry>& out) {
  if (!field.present) return;
  if (!field.node.IsSequence() || field.node.size() > kTimelineEntriesMax) {
    ctx.fail(field, "expected a list of up to " + std::to_string(kTimelineEntriesMax) +
                        " entries such as - {at: 30s, crash: etcd/leader}, found " +
                        describe(field.node));
    return;
  }
  TimelineState state;
  for (std::size_t i = 0; i < field.node.size() && !ctx.failed(); ++i) {
    const Field entry_field = field.element(field.node[i], i);
    TimelineEntry entry;
    parse_entry(ctx, entry_field, targets, duration, state, entry);
    out.push_back(std::move(entry));
  }
}

}  // namespace kcsim::scenario
