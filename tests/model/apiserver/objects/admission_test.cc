// Defaulting and the DefaultTolerationSeconds admission plugin.
#include <gtest/gtest.h>

#include "model/apiserver/admission/admit.h"
#include "model/apiserver/admission/default_toleration_seconds.h"
#include "model/apiserver/admission/defaults.h"
#include "tests/model/apiserver/objects/typical.h"

namespace kcsim::apiserver::admission {
namespace {

using api::PodBody;
using api::TaintEffect;
using api::Toleration;

TEST(Defaults, PodSpecAndCreateStatus) {
  PodBody body = api::testing::running_pod_body();
  body.scheduler_name.clear();
  body.termination_grace_period_seconds = -1;
  body.containers.front().requests = {};
  body.containers.front().limits = api::ResourceList{500, 1 << 30, 0};
  const api::ObjectPtr pod = api::make_pod("default", "p", body);
  const api::ObjectPtr defaulted = prepare_for_create(apply_defaults(pod));
  const auto& out = defaulted->as<PodBody>();
  EXPECT_EQ(out.scheduler_name, "default-scheduler");
  EXPECT_EQ(out.termination_grace_period_seconds, 30);
  EXPECT_EQ(out.containers.front().requests, body.containers.front().limits);
  EXPECT_EQ(out.phase, "Pending");
  EXPECT_TRUE(out.conditions.empty());
  EXPECT_EQ(out.node_name, "node-17");  // a pod may be created bound
  EXPECT_EQ(defaulted->encoded_bytes, api::encoded_bytes(*defaulted));
}

// Defaulting alone (an UPDATE's body) keeps the status the body carries: only
// PrepareForCreate resets it.
TEST(Defaults, DefaultingKeepsTheStatusPrepareForCreateResetsIt) {
  PodBody body = api::testing::running_pod_body();
  body.scheduler_name.clear();
  const api::ObjectPtr pod = api::make_pod("default", "p", body);
  const api::ObjectPtr defaulted = apply_defaults(pod);
  EXPECT_EQ(defaulted->as<PodBody>().scheduler_name, "default-scheduler");
  EXPECT_EQ(defaulted->as<PodBody>().phase, body.phase);
  EXPECT_EQ(defaulted->as<PodBody>().conditions, body.conditions);
  EXPECT_NE(body.phase, "Pending");  // so that the reset below shows
  EXPECT_EQ(prepare_for_create(defaulted)->as<PodBody>().phase, "Pending");
  const api::ObjectPtr pending = api::make_pod("default", "q", PodBody{});
  EXPECT_EQ(prepare_for_create(pending), pending);
}

// The chain the registry runs: DefaultTolerationSeconds on create and update of the pod
// itself (its handler takes both), not on a subresource; defaulting on all of them.
TEST(Admit, TolerationsOnCreateAndUpdateNotOnASubresource) {
  PodBody body;
  body.scheduler_name.clear();
  const api::ObjectPtr pod = api::make_pod("default", "p", body);
  for (const Operation operation : {Operation::kCreate, Operation::kUpdate}) {
    const api::ObjectPtr out = admit(pod, operation, false);
    EXPECT_EQ(out->as<PodBody>().tolerations.size(), 2u);
    EXPECT_EQ(out->as<PodBody>().scheduler_name, "default-scheduler");
    EXPECT_EQ(out->encoded_bytes, api::encoded_bytes(*out));
  }
  const api::ObjectPtr status = admit(pod, Operation::kUpdate, true);
  EXPECT_TRUE(status->as<PodBody>().tolerations.empty());
  EXPECT_EQ(status->as<PodBody>().scheduler_name, "default-scheduler");
  const api::ObjectPtr admitted = admit(pod, Operation::kUpdate, false);
  EXPECT_EQ(admit(admitted, Operation::kUpdate, false), admitted);  // nothing left to add
}

TEST(Defaults, NothingToDoKeepsThePointer) {
  const api::ObjectPtr pod = api::make_pod("default", "p", PodBody{});
  EXPECT_EQ(apply_defaults(pod), pod);
  const api::ObjectPtr lease = api::testing::node_lease();
  EXPECT_EQ(apply_defaults(lease), lease);
}

TEST(DefaultTolerationSeconds, AddsBothNoExecuteTolerations) {
  const api::ObjectPtr pod = api::make_pod("default", "p", PodBody{});
  const api::ObjectPtr admitted = DefaultTolerationSeconds{}.admit(pod);
  const auto& tolerations = admitted->as<PodBody>().tolerations;
  ASSERT_EQ(tolerations.size(), 2u);
  EXPECT_EQ(tolerations[0].key, "node.kubernetes.io/not-ready");
  EXPECT_EQ(tolerations[1].key, "node.kubernetes.io/unreachable");
  for (const Toleration& t : tolerations) {
    EXPECT_EQ(t.op, Toleration::Operator::kExists);
    EXPECT_EQ(t.effect, TaintEffect::kNoExecute);
    EXPECT_EQ(t.toleration_seconds, 300);
  }
}

TEST(DefaultTolerationSeconds, KeepsThePodsOwn) {
  PodBody body;
  body.tolerations.push_back(Toleration{"node.kubernetes.io/unreachable",
                                        Toleration::Operator::kExists, "", TaintEffect::kNoExecute,
                                        6000});
  const api::ObjectPtr admitted =
      DefaultTolerationSeconds{}.admit(api::make_pod("default", "p", body));
  const auto& tolerations = admitted->as<PodBody>().tolerations;
  ASSERT_EQ(tolerations.size(), 2u);
  EXPECT_EQ(tolerations[0].toleration_seconds, 6000);
  EXPECT_EQ(tolerations[1].key, "node.kubernetes.io/not-ready");
  // An empty key with no effect tolerates everything: nothing to add.
  PodBody all;
  all.tolerations.push_back(Toleration{"", Toleration::Operator::kExists, "", std::nullopt, {}});
  const api::ObjectPtr everything = api::make_pod("default", "q", all);
  EXPECT_EQ(DefaultTolerationSeconds{}.admit(everything), everything);
  // A NoSchedule-only toleration does not count.
  PodBody no_schedule;
  no_schedule.tolerations.push_back(Toleration{"node.kubernetes.io/not-ready",
                                               Toleration::Operator::kExists,
                                               "",
                                               TaintEffect::kNoSchedule,
                                               {}});
  EXPECT_EQ(DefaultTolerationSeconds{}
                .admit(api::make_pod("default", "r", no_schedule))
                ->as<PodBody>()
                .tolerations.size(),
            3u);
}

TEST(DefaultTolerationSeconds, OtherKindsPass) {
  const api::ObjectPtr node = api::testing::full_node();
  EXPECT_EQ(DefaultTolerationSeconds{}.admit(node), node);
}

}  // namespace
}  // namespace kcsim::apiserver::admission
