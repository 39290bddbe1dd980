// The timeline section: the kernel's scheduled faults and repairs, and the actions the
// registry's components declare (etcd's membership changes).
#include <set>

#include "model/component/registry.h"
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
      return false;
    default:
      return true;
  }
}

bool targets_process(ActionKind kind) {
  return kind == ActionKind::kCrash || kind == ActionKind::kRestart;
}

// What the timeline parser needs besides the entry: the components' actions and what
// the entries parsed so far have claimed (names must be unique in the timeline).
struct TimelineState {
  const component::Registry& registry;
  const ClusterSpec& cluster;
  const Targets& targets;
  const std::vector<TimelineEntry>& earlier;
  NameSet entry_names;
};

void check_host(ParseContext& ctx, const Field& field, const std::string& name,
                const Targets& targets) {
  if (ctx.failed() || targets.is_host_or_role(name)) return;
  ctx.fail(field, "expected a host or role, found unknown \"" + name + "\"; hosts: " +
                      join_names(targets.hosts) + "; roles: " + join_names(targets.roles));
}

void read_target(ParseContext& ctx, const Field& field, const Targets& targets,
                 TimelineEntry& out) {
  out.target = read_string(ctx, field, "");
  if (ctx.failed()) return;
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
                 TimelineEntry& out) {
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
      read_target(ctx, field, targets, out);
      return;
  }
}

// Every action key: the kernel's, then the components' in the registry's order.
std::vector<std::string_view> action_keys(const component::Registry& registry) {
  std::vector<std::string_view> keys = kernel_action_keys();
  for (const auto& component : registry.components()) {
    for (const component::ActionSpec& action : component->actions())
      keys.push_back(action.key);
  }
  return keys;
}

// A key that belongs to one action only, used with another one.
void reject_foreign_key(ParseContext& ctx, const MapReader& map, std::string_view key,
                        std::string_view owner, const TimelineEntry& entry) {
  const Field field = map.get(key);
  if (ctx.failed() || !field.present || entry.key() == owner) return;
  ctx.fail_at(field.key_mark, field.path,
              std::string(key) + " applies only to " + std::string(owner) + ", not to " +
                  std::string(entry.key()));
}

// The keys an entry may have: the generic ones, the components' action options, the
// kernel's actions, the components' actions (the order of "unknown key" messages).
std::vector<std::string_view> entry_keys(const component::Registry& registry) {
  std::vector<std::string_view> keys = {"at", "name", "for", "oneWay", "factor"};
  for (const auto& component : registry.components()) {
    for (const component::ActionSpec& action : component->actions()) {
      for (const std::string& option : action.options)
        keys.push_back(option);
    }
  }
  for (std::string_view key : action_keys(registry))
    keys.push_back(key);
  return keys;
}

// "a, b or c".
std::string or_list(const std::vector<std::string_view>& keys) {
  std::string out;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) out += i + 1 == keys.size() ? " or " : ", ";
    out += keys[i];
  }
  return out;
}

// The entry's one action key, found in file order: its kind, and the component's
// declaration when it is a component's action.
struct FoundAction {
  std::optional<Field> field;
  const component::ActionSpec* spec = nullptr;
};

FoundAction find_action(ParseContext& ctx, const Field& field, const MapReader& map,
                        const component::Registry& registry, TimelineEntry& out) {
  FoundAction found;
  for (auto it = field.node.begin(); it != field.node.end() && !ctx.failed(); ++it) {
    const std::string key = it->first.Scalar();
    const std::optional<ActionKind> kind = kernel_action_from_key(key);
    const std::optional<component::Registry::ActionRef> declared =
        kind ? std::nullopt : registry.find_action(key);
    if (!kind && !declared) continue;
    if (found.field) {
      ctx.fail_at(it->first.Mark(), field.path + "." + key,
                  "expected exactly one action per entry, found both " +
                      found.field->path.substr(field.path.size() + 1) + " and " + key);
      return found;
    }
    out.action = kind ? *kind : declared->action->kind;
    out.action_name = key;
    found.spec = kind ? nullptr : declared->action;
    found.field = map.get(key);
  }
  return found;
}

void parse_entry(ParseContext& ctx, const Field& field, sim::Time duration, TimelineState& state,
                 TimelineEntry& out) {
  const std::vector<std::string_view> keys = entry_keys(state.registry);
  MapReader map(ctx, field, keys, "a timeline entry such as {at: 30s, crash: etcd/leader}");
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
  const FoundAction action = find_action(ctx, field, map, state.registry, out);
  if (ctx.failed()) return;
  if (!action.field) {
    ctx.fail(field, "expected one action: " + or_list(action_keys(state.registry)));
    return;
  }
  const component::ActionInput input{*action.field, map, state.cluster, state.targets,
                                     state.earlier};
  if (action.spec != nullptr) {
    action.spec->parse_value(ctx, input, out);
  } else {
    read_action(ctx, *action.field, state.targets, out);
  }
  reject_foreign_key(ctx, map, "oneWay", action_key(ActionKind::kPartition), out);
  reject_foreign_key(ctx, map, "factor", action_key(ActionKind::kSlowDisk), out);
  for (const auto& component : state.registry.components()) {
    for (const component::ActionSpec& owner : component->actions()) {
      for (const std::string& option : owner.options)
        reject_foreign_key(ctx, map, option, owner.key, out);
    }
  }
  out.one_way = read_bool(ctx, map.get("oneWay"), false);
  if (action.spec != nullptr && action.spec->parse_options) {
    action.spec->parse_options(ctx, input, out);
  }
  if (out.action == ActionKind::kSlowDisk) {
    out.factor = read_real(ctx, map.require("factor", "how many times slower, such as 10"), 1, 1.0,
                           kSlowDiskFactorMax);
  }
  const bool lasts = action.spec != nullptr ? action.spec->lasts : takes_duration(out.action);
  const Field for_field = map.get("for");
  if (!ctx.failed() && for_field.present && !lasts) {
    ctx.fail_at(
        for_field.key_mark, for_field.path,
        "for applies to actions that last; " + std::string(out.key()) + " is instantaneous");
    return;
  }
  if (for_field.present) out.duration = read_duration(ctx, for_field, 0, 1);
}

// What read_action accepts for each of the kernel's actions.
Shape kernel_action_shape(ActionKind kind) {
  switch (kind) {
    case ActionKind::kHeal:
      return Shape::one_of_texts("heal: all heals every partition and link fault", {"all"});
    case ActionKind::kPartition:
      return groups_shape(1, SIZE_MAX)
          .described(
              "groups of hosts that cannot reach each other, such as [[etcd-0], [etcd-1, etcd-2]]");
    case ActionKind::kLatency:
    case ActionKind::kLoss: {
      const bool latency = kind == ActionKind::kLatency;
      return Shape::mapping(latency ? "{between: [[HOSTS], [HOSTS]], add: DURATION}"
                                    : "{between: [[HOSTS], [HOSTS]], rate: PROBABILITY}",
                            {groups_shape(2, 2).named("between").must(),
                             latency ? Shape::duration(1).named("add").must()
                                     : Shape::number(0.0, 1.0).named("rate").must()});
    }
    default:
      return Shape::text(targets_process(kind) ? "a process or role, such as etcd-0 or etcd/leader"
                                               : "a host or role, such as etcd-0 or etcd/leader");
  }
}

}  // namespace

Shape timeline_entry_shape(const component::Registry& registry) {
  std::vector<Shape> properties = {
      Shape::duration(0).named("at").described("when the action fires, such as 30s").must(),
      Shape::text("a unique name a check's after: may refer to").named("name"),
      Shape::duration(1).named("for").described(
          "how long an action that lasts lasts; undone after it"),
      Shape::boolean()
          .named("oneWay")
          .described("partition: block only the first group -> "
                     "the others")
          .defaulting(false),
      Shape::number(1.0, kSlowDiskFactorMax)
          .named("factor")
          .described("slowDisk: how many times slower, such as 10")};
  for (const auto& component : registry.components()) {
    for (const component::ActionSpec& action : component->actions()) {
      for (const std::string& option : action.options)
        properties.push_back(Shape::any("an option of " + action.key).named(option));
    }
  }
  std::vector<std::string> actions;
  for (std::string_view key : kernel_action_keys()) {
    const std::optional<ActionKind> kind = kernel_action_from_key(key);
    KCSIM_ASSERT(kind.has_value());
    properties.push_back(kernel_action_shape(*kind).named(std::string(key)));
    actions.emplace_back(key);
  }
  for (const auto& component : registry.components()) {
    for (const component::ActionSpec& action : component->actions()) {
      properties.push_back(Shape(action.value_shape).named(action.key));
      actions.push_back(action.key);
    }
  }
  Shape entry = Shape::mapping("a timeline entry such as {at: 30s, crash: etcd/leader}",
                               std::move(properties));
  entry.exactly_one_of.push_back(std::move(actions));
  assert_same_keys(entry, entry_keys(registry));
  return entry;
}

void parse_timeline(ParseContext& ctx, const component::Registry& registry, const Field& field,
                    const ClusterSpec& cluster, const Targets& targets, sim::Time duration,
                    std::vector<TimelineEntry>& out) {
  if (!field.present) return;
  if (!field.node.IsSequence() || field.node.size() > kTimelineEntriesMax) {
    ctx.fail(field, "expected a list of up to " + std::to_string(kTimelineEntriesMax) +
                        " entries such as - {at: 30s, crash: etcd/leader}, found " +
                        describe(field.node));
    return;
  }
  TimelineState state{registry, cluster, targets, out, {}};
  for (std::size_t i = 0; i < field.node.size() && !ctx.failed(); ++i) {
    const Field entry_field = field.element(field.node[i], i);
    TimelineEntry entry;
    parse_entry(ctx, entry_field, duration, state, entry);
    out.push_back(std::move(entry));
  }
}

}  // namespace kcsim::scenario
