// Classification of real clients against the default flow schemas, and the hash and
// shuffle-sharding machinery under it.
#include "model/apiserver/flowcontrol/classifier.h"

#include <gtest/gtest.h>

#include <set>

#include "model/apiserver/flowcontrol/flow_hash.h"
#include "model/apiserver/flowcontrol/shuffle_shard.h"
#include "tests/model/apiserver/flowcontrol/test_requests.h"

namespace kcsim::flowcontrol {
namespace {

using testing::kubelet;
using testing::ordinary_user;
using testing::request;
using testing::user;

struct Named {
  std::string schema;
  std::string level;
};

Named classify(const api::ApiRequest& r) {
  static const Classifier classifier(default_flow_schemas(), default_priority_levels());
  const Classification c = classifier.classify(r);
  return {classifier.schemas()[c.flow_schema].name,
          default_priority_levels()[c.priority_level].name};
}

TEST(Classifier, KubeletNodeLeaseRenewalIsNodeHigh) {
  const Named n = classify(request(api::Verb::kUpdate, api::Kind::kLease, "kube-node-lease",
                                   kubelet("node-1"), "node-1"));
  EXPECT_EQ(n.schema, "system-node-high");
  EXPECT_EQ(n.level, "node-high");
}

TEST(Classifier, KubeletNodeStatusIsNodeHigh) {
  api::ApiRequest r = request(api::Verb::kPatch, api::Kind::kNode, "", kubelet("node-1"), "node-1");
  r.subresource_status = true;
  const Named n = classify(r);
  EXPECT_EQ(n.schema, "system-node-high");
  EXPECT_EQ(n.level, "node-high");
}

TEST(Classifier, KubeletPodReadsAreSystem) {
  const Named n = classify(request(api::Verb::kList, api::Kind::kPod, "", kubelet("node-1")));
  EXPECT_EQ(n.schema, "system-nodes");
  EXPECT_EQ(n.level, "system");
}

TEST(Classifier, SchedulerLeaseIsLeaderElectionAndItsBindingsWorkloadHigh) {
  const api::UserInfo scheduler = user("system:kube-scheduler", {"system:authenticated"});
  const Named lease = classify(
      request(api::Verb::kUpdate, api::Kind::kLease, "kube-system", scheduler, "kube-scheduler"));
  EXPECT_EQ(lease.schema, "system-leader-election");
  EXPECT_EQ(lease.level, "leader-election");
  const Named pods = classify(request(api::Verb::kList, api::Kind::kPod, "", scheduler));
  EXPECT_EQ(pods.schema, "kube-scheduler");
  EXPECT_EQ(pods.level, "workload-high");
  // A lease LIST is not a leader-election verb (get, create, update only).
  const Named lease_list =
      classify(request(api::Verb::kList, api::Kind::kLease, "kube-system", scheduler));
  EXPECT_EQ(lease_list.schema, "kube-scheduler");
}

TEST(Classifier, ControllerManager) {
  const api::UserInfo kcm = user("system:kube-controller-manager");
  EXPECT_EQ(classify(request(api::Verb::kUpdate, api::Kind::kLease, "kube-system", kcm,
                             "kube-controller-manager"))
                .level,
            "leader-election");
  EXPECT_EQ(
      classify(request(api::Verb::kUpdate, api::Kind::kEndpoints, "default", kcm, "web")).schema,
      "endpoint-controller");
  EXPECT_EQ(classify(request(api::Verb::kCreate, api::Kind::kPod, "default", kcm)).schema,
            "kube-controller-manager");
}

// 1.32's system-leader-election covers Leases only; leader election over ConfigMaps or
// Endpoints is caught by workload-leader-election, whose subjects are kube-system's
// service accounts, not the kube-controller-manager user.
TEST(Classifier, ConfigMapLeaderElectionIsWorkloadLeaderElectionForServiceAccountsOnly) {
  const api::UserInfo kcm = user("system:kube-controller-manager");
  EXPECT_EQ(classify(request(api::Verb::kUpdate, api::Kind::kConfigMap, "kube-system", kcm,
                             "kube-controller-manager"))
                .schema,
            "kube-controller-manager");
  const api::UserInfo system_sa = user("system:serviceaccount:kube-system:cloud-controller");
  const Named lock = classify(
      request(api::Verb::kUpdate, api::Kind::kConfigMap, "kube-system", system_sa, "lock"));
  EXPECT_EQ(lock.schema, "workload-leader-election");
  EXPECT_EQ(lock.level, "leader-election");
}

TEST(Classifier, ServiceAccounts) {
  const api::UserInfo system_sa = user("system:serviceaccount:kube-system:replicaset-controller");
  EXPECT_EQ(classify(request(api::Verb::kCreate, api::Kind::kPod, "default", system_sa)).schema,
            "kube-system-service-accounts");
  EXPECT_EQ(
      classify(request(api::Verb::kUpdate, api::Kind::kLease, "default", system_sa, "x")).schema,
      "system-leader-election");
  const api::UserInfo app_sa = user("system:serviceaccount:shop:cart");
  const Named app = classify(request(api::Verb::kGet, api::Kind::kConfigMap, "shop", app_sa, "c"));
  EXPECT_EQ(app.schema, "service-accounts");
  EXPECT_EQ(app.level, "workload-low");
}

TEST(Classifier, OrdinaryUserIsGlobalDefaultAndAdminIsExempt) {
  const Named alice =
      classify(request(api::Verb::kList, api::Kind::kPod, "default", ordinary_user("alice")));
  EXPECT_EQ(alice.schema, "global-default");
  EXPECT_EQ(alice.level, "global-default");
  // No groups at all: the authenticator's system:authenticated is implied.
  EXPECT_EQ(classify(request(api::Verb::kList, api::Kind::kPod, "default", user("bob"))).schema,
            "global-default");
  const Named admin = classify(request(api::Verb::kDelete, api::Kind::kNode, "",
                                       user("admin", {"system:masters"}), "node-1"));
  EXPECT_EQ(admin.schema, "exempt");
  EXPECT_EQ(admin.level, "exempt");
}

TEST(Classifier, DistinguisherAndHash) {
  const Classifier classifier(default_flow_schemas(), default_priority_levels());
  const Classification a = classifier.classify(
      request(api::Verb::kGet, api::Kind::kPod, "x", ordinary_user("alice"), "p"));
  const Classification b = classifier.classify(
      request(api::Verb::kGet, api::Kind::kPod, "y", ordinary_user("bob"), "p"));
  EXPECT_EQ(a.distinguisher, "alice");  // global-default is ByUser
  EXPECT_EQ(a.flow_hash, hash_flow_id("global-default", "alice"));
  EXPECT_NE(a.flow_hash, b.flow_hash);
  const Classification ns = classifier.classify(
      request(api::Verb::kGet, api::Kind::kPod, "team-a", user("system:kube-scheduler"), "p"));
  EXPECT_EQ(ns.distinguisher, "team-a");  // kube-scheduler is ByNamespace
}

TEST(FlowHash, Sha256KnownAnswers) {
  // FIPS 180-2 appendix B.1 and the empty message.
  const auto abc = sha256("abc");
  EXPECT_EQ(abc[0], 0xba);
  EXPECT_EQ(abc[1], 0x78);
  EXPECT_EQ(abc[31], 0xad);
  const auto empty = sha256("");
  EXPECT_EQ(empty[0], 0xe3);
  EXPECT_EQ(empty[1], 0xb0);
  EXPECT_EQ(empty[31], 0x55);
  // Two blocks (56 bytes): 248d6a61...19db06c1.
  const auto two = sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
  EXPECT_EQ(two[0], 0x24);
  EXPECT_EQ(two[31], 0xc1);
}

TEST(ShuffleShard, HandsAreDistinctCardsOfTheDeck) {
  for (std::uint64_t seed = 0; seed < 2000; ++seed) {
    const std::uint64_t hash = hash_flow_id("global-default", std::to_string(seed));
    const std::vector<int> hand = deal_hand(hash, 128, 6);
    ASSERT_EQ(hand.size(), 6u);
    const std::set<int> cards(hand.begin(), hand.end());
    EXPECT_EQ(cards.size(), 6u);
    EXPECT_GE(*cards.begin(), 0);
    EXPECT_LT(*cards.rbegin(), 128);
  }
  // The mixed-radix reading: hash 0 deals 0, 1, 2, ...; hash 1 starts at card 1.
  EXPECT_EQ(deal_hand(0, 10, 3), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(deal_hand(1, 10, 3), (std::vector<int>{1, 0, 2}));
}

}  // namespace
}  // namespace kcsim::flowcontrol
