#include "model/etcd/component/etcd_actions.h"

#include <string>

#include "model/scenario/parse_sections.h"
#include "model/scenario/read_values.h"

namespace kcsim::etcd {
namespace {

using component::ActionInput;
using scenario::ActionKind;
using scenario::Field;
using scenario::ParseContext;
using scenario::Targets;
using scenario::TimelineEntry;

bool added_before(const std::vector<TimelineEntry>& earlier, const std::string& name) {
  for (const TimelineEntry& entry : earlier) {
    if (entry.action == ActionKind::kMemberAdd && entry.target == name) return true;
  }
  return false;
}

// memberAdd: etcd-N, a new name (N >= etcd.members), added once in the whole timeline.
void parse_member_add(ParseContext& ctx, const ActionInput& in, TimelineEntry& out) {
  const Field& field = in.value;
  out.target = scenario::read_string(ctx, field, "");
  if (ctx.failed()) return;
  const Targets& targets = in.targets;
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
      initial_names + "), found \"" + out.target + "\"";
  const std::optional<std::uint64_t> number = scenario::etcd_member_number(out.target);
  if (!number) {
    ctx.fail(field, expected);
  } else if (*number < initial) {
    ctx.fail(field, expected + ", an initial member");
  } else if (added_before(in.earlier, out.target)) {
    ctx.fail(field, "expected each member added once, found \"" + out.target +
                        "\" a second time in the timeline");
  }
}

void parse_learner(ParseContext& ctx, const ActionInput& in, TimelineEntry& out) {
  out.learner = scenario::read_bool(ctx, in.entry.get("learner"), false);
}

// memberRemove: a member or an etcd role; memberPromote: a member only.
void check_member(ParseContext& ctx, const ActionInput& in, const std::string& name,
                  bool role_allowed) {
  const Targets& targets = in.targets;
  if (targets.etcd_members.contains(name)) return;
  if (role_allowed && targets.etcd_roles.contains(name)) return;
  if (!role_allowed && targets.roles.contains(name)) {
    ctx.fail(in.value,
             "expected an etcd member (memberPromote names the learner to promote, "
             "not a role), found the role \"" +
                 name + "\"; members: " + scenario::join_names(targets.etcd_members));
    return;
  }
  std::string message =
      role_allowed ? "expected an etcd member or role" : "expected an etcd member";
  message += ", found \"" + name + "\"; members: " + scenario::join_names(targets.etcd_members);
  if (role_allowed) message += "; roles: " + scenario::join_names(targets.etcd_roles);
  ctx.fail(in.value, message);
}

component::ActionParser member_parser(bool role_allowed) {
  return [role_allowed](ParseContext& ctx, const ActionInput& in, TimelineEntry& out) {
    out.target = scenario::read_string(ctx, in.value, "");
    if (!ctx.failed()) check_member(ctx, in, out.target, role_allowed);
  };
}

}  // namespace

std::vector<component::ActionSpec> etcd_actions() {
  std::vector<component::ActionSpec> actions;
  actions.push_back({std::string(kMemberAddKey),
                     ActionKind::kMemberAdd,
                     {"learner"},
                     false,
                     parse_member_add,
                     parse_learner});
  actions.push_back(
      {"memberRemove", ActionKind::kMemberRemove, {}, false, member_parser(true), nullptr});
  actions.push_back(
      {"memberPromote", ActionKind::kMemberPromote, {}, false, member_parser(false), nullptr});
  return actions;
}

}  // namespace kcsim::etcd
