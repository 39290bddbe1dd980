// etcd's runtime reconfiguration in the timeline: memberAdd, memberRemove, memberPromote.
//
// The good file checks every field of the three actions and that an added member is a
// target for the other actions, wherever its memberAdd is in the file. The bad cases give,
// as load_errors_test.cc does, the line and a snippet of it where the error must point.
#include <gtest/gtest.h>

#include "model/scenario/load.h"
#include "model/scenario/targets.h"
#include "tests/model/scenario/bad_case.h"

namespace kcsim::scenario {
namespace {

using testing::BadCase;

using sim::kSecond;

// etcd-0..etcd-2 and ping-0..ping-3. The crash and the partition of etcd-4 come before
// its memberAdd in the file, which is allowed: the parser collects memberAdd names first.
constexpr const char* kGood = R"(apiVersion: kcsim/v1
kind: Scenario
metadata: {name: grow}
spec:
  duration: 120s
  cluster:
    pingMesh: {}
    etcd: {members: 3}
  timeline:
    - {at: 10s, memberAdd: etcd-3, learner: true, name: add learner}
    - {at: 20s, memberPromote: etcd-3}
    - {at: 30s, crash: etcd-4, for: 5s}
    - {at: 31s, partition: [[etcd-4], [etcd-3, etcd-0]], for: 5s}
    - {at: 25s, memberAdd: etcd-4}
    - {at: 40s, slowDisk: etcd-3, factor: 4}
    - {at: 50s, memberRemove: etcd/leader}
    - {at: 60s, memberRemove: etcd-3}
    - {at: 61s, memberAdd: etcd-7, learner: false}
  checks:
    - {name: promoted, within: 10s, after: memberPromote etcd-3, expect: etcd.has_leader}
)";

TEST(MemberActions, GoodFileParsesWithEveryField) {
  const Result<Scenario, ScenarioError> result = parse_scenario(kGood, "good.yaml");
  ASSERT_TRUE(result.ok()) << result.error().format();
  const std::vector<TimelineEntry>& t = result.value().spec.timeline;
  ASSERT_EQ(t.size(), 9u);

  EXPECT_EQ(t[0].action, ActionKind::kMemberAdd);
  EXPECT_EQ(t[0].target, "etcd-3");
  EXPECT_TRUE(t[0].learner);
  EXPECT_EQ(t[0].at, 10 * kSecond);
  EXPECT_EQ(t[0].name, "add learner");
  EXPECT_FALSE(t[0].duration.has_value());
  EXPECT_EQ(t[0].canonical_text(), "memberAdd etcd-3");

  EXPECT_EQ(t[1].action, ActionKind::kMemberPromote);
  EXPECT_EQ(t[1].target, "etcd-3");
  EXPECT_FALSE(t[1].learner);
  EXPECT_EQ(t[1].canonical_text(), "memberPromote etcd-3");

  EXPECT_EQ(t[2].action, ActionKind::kCrash);
  EXPECT_EQ(t[2].target, "etcd-4");
  EXPECT_EQ(t[2].duration, 5 * kSecond);

  EXPECT_EQ(t[3].action, ActionKind::kPartition);
  EXPECT_EQ(t[3].groups, (HostGroups{{"etcd-4"}, {"etcd-3", "etcd-0"}}));

  // learner defaults to false, as for etcdctl member add.
  EXPECT_EQ(t[4].action, ActionKind::kMemberAdd);
  EXPECT_EQ(t[4].target, "etcd-4");
  EXPECT_FALSE(t[4].learner);

  EXPECT_EQ(t[5].action, ActionKind::kSlowDisk);
  EXPECT_EQ(t[5].target, "etcd-3");
  EXPECT_DOUBLE_EQ(t[5].factor, 4);

  EXPECT_EQ(t[6].action, ActionKind::kMemberRemove);
  EXPECT_EQ(t[6].target, "etcd/leader");
  EXPECT_EQ(t[7].action, ActionKind::kMemberRemove);
  EXPECT_EQ(t[7].target, "etcd-3");
  EXPECT_EQ(t[7].canonical_text(), "memberRemove etcd-3");

  // N need not follow the last member: any N >= members is a new name.
  EXPECT_EQ(t[8].target, "etcd-7");
  EXPECT_FALSE(t[8].learner);

  // The check found its entry by canonical text.
  ASSERT_EQ(result.value().spec.checks.size(), 1u);
  EXPECT_EQ(result.value().spec.checks[0].after, "memberPromote etcd-3");
}

TEST(MemberActions, MemberNumberIsEtcdDashDecimal) {
  EXPECT_EQ(etcd_member_number("etcd-0"), 0u);
  EXPECT_EQ(etcd_member_number("etcd-12"), 12u);
  EXPECT_EQ(etcd_member_number("etcd-18446744073709551615"), UINT64_MAX);
  EXPECT_EQ(etcd_member_number("etcd-18446744073709551616"), std::nullopt);  // overflows
  EXPECT_EQ(etcd_member_number("etcd-03"), std::nullopt);  // one spelling per member
  EXPECT_EQ(etcd_member_number("etcd-"), std::nullopt);
  EXPECT_EQ(etcd_member_number("etcd-3a"), std::nullopt);
  EXPECT_EQ(etcd_member_number("etcd--3"), std::nullopt);
  EXPECT_EQ(etcd_member_number("etcd-+3"), std::nullopt);
  EXPECT_EQ(etcd_member_number("ping-3"), std::nullopt);
  EXPECT_EQ(etcd_member_number("etcd/leader"), std::nullopt);
}

TEST(MemberActions, AddedMembersBecomeTargets) {
  ClusterSpec cluster;
  cluster.ping_mesh = PingMeshSpec{};
  cluster.ping_mesh->hosts = 2;
  cluster.etcd = EtcdSpec{};
  cluster.etcd->members = 1;
  // etcd-0 is initial, etcd-03 and ping-5 are not etcd-N names: the entries report them.
  const Targets targets =
      known_targets(cluster, {"etcd-4", "etcd-0", "etcd-03", "ping-5", "etcd-4", "etcd-2"});
  using Names = NameSet;
  EXPECT_EQ(targets.etcd_members, (Names{"etcd-0", "etcd-2", "etcd-4"}));
  EXPECT_EQ(targets.hosts, (Names{"etcd-0", "etcd-2", "etcd-4", "ping-0", "ping-1"}));
  EXPECT_EQ(targets.processes, targets.hosts);
  // One initial member, but added ones may follow it.
  EXPECT_EQ(targets.etcd_roles, (Names{"etcd/follower", "etcd/leader"}));
  EXPECT_EQ(targets.roles, targets.etcd_roles);
  EXPECT_EQ(targets.etcd_initial_members, 1u);

  const Targets alone = known_targets(cluster);
  EXPECT_EQ(alone.etcd_members, (Names{"etcd-0"}));
  EXPECT_EQ(alone.etcd_roles, (Names{"etcd/leader"}));

  ClusterSpec no_etcd;
  no_etcd.ping_mesh = PingMeshSpec{};
  const Targets pings = known_targets(no_etcd, {"etcd-3"});
  EXPECT_FALSE(pings.etcd_initial_members.has_value());
  EXPECT_TRUE(pings.etcd_members.empty());
  EXPECT_FALSE(pings.hosts.contains("etcd-3"));
}

// The memberAdd names are collected from the tree after --set, like everything else.
TEST(MemberActions, OverridesApplyBeforeTheNamesAreCollected) {
  const std::string text =
      "apiVersion: kcsim/v1\nkind: Scenario\nmetadata: {name: t}\nspec:\n  duration: 60s\n"
      "  cluster:\n    etcd: {}\n  timeline:\n    - {at: 1s, memberAdd: etcd-3}\n"
      "    - {at: 2s, crash: etcd-3}\n";
  ASSERT_TRUE(parse_scenario(text, "o.yaml").ok());

  Result<Scenario, ScenarioError> result =
      parse_scenario(text, "o.yaml", {"spec.timeline[0].memberAdd=etcd-5"});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().key_path, "spec.timeline[1].crash") << result.error().format();

  // With four initial members, etcd-3 is one of them: the memberAdd is the error.
  result = parse_scenario(text, "o.yaml", {"spec.cluster.etcd.members=4"});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().key_path, "spec.timeline[0].memberAdd") << result.error().format();
  EXPECT_NE(result.error().message.find("an initial member"), std::string::npos)
      << result.error().format();
}

const std::string kMembersBase =
    "apiVersion: kcsim/v1\nkind: Scenario\nmetadata: {name: t}\nspec:\n  duration: 120s\n";
// etcd-0..etcd-2; timeline entries from line 9.
const std::string kMembersTimeline = kMembersBase + "  cluster:\n    etcd: {}\n  timeline:\n";
// ping-0..ping-3 and etcd-0..etcd-2; timeline entries from line 10.
const std::string kPingEtcdHead =
    kMembersBase + "  cluster:\n    pingMesh: {}\n    etcd: {}\n  timeline:\n";

class MemberActionErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(MemberActionErrors, PointsAtTheProblem) {
  testing::expect_points_at_the_problem(GetParam());
}

const BadCase kMemberCases[] = {
    // memberAdd.
    {"add of an initial member", kMembersTimeline + "    - {at: 1s, memberAdd: etcd-1}\n", 9,
     "etcd-1", "spec.timeline[0].memberAdd",
     "expected a new member name etcd-N with N >= 3 (the initial members are etcd-0..etcd-2), "
     "found \"etcd-1\", an initial member"},
    {"add of a name not etcd-N", kMembersTimeline + "    - {at: 1s, memberAdd: node-3}\n", 9,
     "node-3", "spec.timeline[0].memberAdd",
     "expected a new member name etcd-N with N >= 3 (the initial members are etcd-0..etcd-2), "
     "found \"node-3\""},
    {"add of the one initial member",
     kMembersBase +
         "  cluster:\n    etcd: {members: 1}\n  timeline:\n    - {at: 1s, memberAdd: etcd-0}\n",
     9, "etcd-0", "spec.timeline[0].memberAdd",
     "expected a new member name etcd-N with N >= 1 (the initial member is etcd-0), found "
     "\"etcd-0\", an initial member"},
    {"add with a leading zero", kMembersTimeline + "    - {at: 1s, memberAdd: etcd-03}\n", 9,
     "etcd-03", "spec.timeline[0].memberAdd", "found \"etcd-03\""},
    {"add of a list", kMembersTimeline + "    - {at: 1s, memberAdd: [etcd-3]}\n", 9, "[",
     "spec.timeline[0].memberAdd", "expected a string, found a list"},
    {"add twice",
     kMembersTimeline + "    - {at: 1s, memberAdd: etcd-3}\n    - {at: 2s, memberAdd: etcd-3}\n",
     10, "etcd-3", "spec.timeline[1].memberAdd",
     "expected each member added once, found \"etcd-3\" a second time in the timeline"},
    {"add without etcd",
     kMembersBase +
         "  cluster:\n    pingMesh: {}\n  timeline:\n    - {at: 1s, memberAdd: etcd-3}\n",
     9, "etcd-3", "spec.timeline[0].memberAdd",
     "expected an etcd cluster (spec.cluster.etcd) to add a member to, found none"},
    {"add without a cluster", kMembersBase + "  timeline:\n    - {at: 1s, memberAdd: etcd-0}\n", 7,
     "etcd-0", "spec.timeline[0].memberAdd", "expected an etcd cluster"},
    {"learner quoted yes",
     kMembersTimeline + "    - {at: 1s, memberAdd: etcd-3, learner: \"yes\"}\n", 9, "\"yes\"",
     "spec.timeline[0].learner", "expected true or false, found the quoted string \"yes\""},
    {"learner plain yes", kMembersTimeline + "    - {at: 1s, memberAdd: etcd-3, learner: yes}\n", 9,
     "yes", "spec.timeline[0].learner", "expected true or false, found \"yes\""},
    {"learner on a crash", kMembersTimeline + "    - {at: 1s, crash: etcd-0, learner: true}\n", 9,
     "learner", "spec.timeline[0].learner", "learner applies only to memberAdd, not to crash"},
    {"learner on a memberRemove",
     kMembersTimeline + "    - {at: 1s, memberRemove: etcd-0, learner: false}\n", 9, "learner",
     "spec.timeline[0].learner", "learner applies only to memberAdd, not to memberRemove"},
    {"for on a memberAdd", kMembersTimeline + "    - {at: 1s, memberAdd: etcd-3, for: 5s}\n", 9,
     "for", "spec.timeline[0].for", "for applies to actions that last; memberAdd is instantaneous"},

    // memberRemove.
    {"for on a memberRemove", kMembersTimeline + "    - {at: 1s, memberRemove: etcd-0, for: 5s}\n",
     9, "for", "spec.timeline[0].for",
     "for applies to actions that last; memberRemove is instantaneous"},
    {"remove of a ping process", kPingEtcdHead + "    - {at: 1s, memberRemove: ping-0}\n", 10,
     "ping-0", "spec.timeline[0].memberRemove",
     "expected an etcd member or role, found \"ping-0\"; members: etcd-0, etcd-1, etcd-2; roles: "
     "etcd/follower, etcd/leader"},
    {"remove of a member nothing adds", kMembersTimeline + "    - {at: 1s, memberRemove: etcd-3}\n",
     9, "etcd-3", "spec.timeline[0].memberRemove",
     "expected an etcd member or role, found \"etcd-3\""},

    // memberPromote.
    {"promote of a role", kMembersTimeline + "    - {at: 1s, memberPromote: etcd/leader}\n", 9,
     "etcd/leader", "spec.timeline[0].memberPromote",
     "expected an etcd member (memberPromote names the learner to promote, not a role), found "
     "the role \"etcd/leader\"; members: etcd-0, etcd-1, etcd-2"},
    {"promote of a ping process", kPingEtcdHead + "    - {at: 1s, memberPromote: ping-1}\n", 10,
     "ping-1", "spec.timeline[0].memberPromote", "expected an etcd member, found \"ping-1\""},
    {"for on a memberPromote",
     kMembersTimeline + "    - {at: 1s, memberAdd: etcd-3, learner: true}\n"
                        "    - {at: 2s, memberPromote: etcd-3, for: 1s}\n",
     10, "for", "spec.timeline[1].for", "memberPromote is instantaneous"},

    // Added members as targets: only the names some memberAdd adds.
    {"crash of a member nothing adds",
     kMembersTimeline + "    - {at: 1s, memberAdd: etcd-3}\n    - {at: 2s, crash: etcd-5}\n", 10,
     "etcd-5", "spec.timeline[1].crash",
     "expected a process or role, found unknown \"etcd-5\"; processes: etcd-0, etcd-1, etcd-2, "
     "etcd-3; roles"},
    {"partition with a member nothing adds",
     kMembersTimeline + "    - {at: 1s, memberAdd: etcd-4}\n"
                        "    - {at: 2s, partition: [[etcd-4], [etcd-5]]}\n",
     10, "etcd-5", "spec.timeline[1].partition[1][0]",
     "expected a host or role, found unknown \"etcd-5\"; hosts: etcd-0, etcd-1, etcd-2, etcd-4;"},
    {"crash of an initial name added anyway",
     kMembersTimeline + "    - {at: 1s, crash: etcd-1}\n    - {at: 2s, memberAdd: etcd-1}\n", 10,
     "etcd-1", "spec.timeline[1].memberAdd", "an initial member"},
};

INSTANTIATE_TEST_SUITE_P(Cases, MemberActionErrors, ::testing::ValuesIn(kMemberCases),
                         testing::bad_case_name);

}  // namespace
}  // namespace kcsim::scenario
