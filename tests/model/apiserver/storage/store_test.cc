// kube-apiserver's storage over a simulated 3-member etcd cluster: create, get, update
// with optimistic concurrency, GuaranteedUpdate under a concurrent writer, paged lists
// at one revision, compaction, graceful deletion and finalizers, selectors.
#include <gtest/gtest.h>

#include "model/apiserver/objects/build.h"
#include "tests/model/apiserver/objects/typical.h"
#include "tests/model/apiserver/storage/harness.h"

namespace kcsim::apiserver::storage {
namespace {

using api::Code;
using api::Kind;
using api::Reason;
using testing::Harness;
using testing::StoreHost;

api::ObjectPtr pod(const std::string& name, api::StringMap labels = {}, std::string node = "") {
  api::PodBody body;
  body.node_name = std::move(node);
  return api::make_pod("default", name, std::move(body), std::move(labels));
}

TEST(Store, CreateThenAlreadyExists) {
  Harness h;
  const ObjectResult created = h.create(pod("web-1"));
  ASSERT_EQ(created.status.code, Code::kCreated) << created.status.message;
  EXPECT_GT(created.object.resource_version, 0);
  EXPECT_FALSE(created.object.object->meta.uid.empty());
  EXPECT_EQ(created.object.object->meta.generation, 1);
  EXPECT_EQ(created.object.object->meta.resource_version, 0);  // stored versions carry 0

  const ObjectResult again = h.create(pod("web-1"));
  EXPECT_EQ(again.status.code, Code::kConflict);
  EXPECT_EQ(again.status.reason, Reason::kAlreadyExists);
  EXPECT_EQ(again.status.message, "pods \"web-1\" already exists");

  const ObjectResult other = h.create(pod("web-2"));
  ASSERT_EQ(other.status.code, Code::kCreated);
  EXPECT_NE(other.object.object->meta.uid, created.object.object->meta.uid);
}

TEST(Store, GetSharesTheStoredVersion) {
  Harness h;
  const ObjectResult created = h.create(pod("web-1"));
  const ObjectResult got = h.get(Kind::kPod, "default", "web-1");
  ASSERT_TRUE(got.status.ok());
  // etcd holds the ObjectPtr itself: the read answers the very version the create made.
  EXPECT_EQ(got.object.object, created.object.object);
  EXPECT_EQ(got.object.resource_version, created.object.resource_version);

  const ObjectResult missing = h.get(Kind::kPod, "default", "nope");
  EXPECT_EQ(missing.status.code, Code::kNotFound);
  EXPECT_EQ(missing.status.reason, Reason::kNotFound);
  EXPECT_EQ(missing.status.message, "pods \"nope\" not found");
  const ObjectResult other_namespace = h.get(Kind::kPod, "kube-system", "web-1");
  EXPECT_EQ(other_namespace.status.code, Code::kNotFound);
}

TEST(Store, UpdateWithAStaleVersionConflicts) {
  Harness h;
  const api::Versioned v1 = h.create(pod("web-1")).object;
  const ObjectResult bound = h.update(
      api::with_precondition(*api::with_node_name(*v1.object, "node-1"), v1.resource_version));
  ASSERT_TRUE(bound.status.ok()) << bound.status.message;
  EXPECT_GT(bound.object.resource_version, v1.resource_version);
  EXPECT_EQ(bound.object.object->meta.generation, 2);  // spec.nodeName changed
  EXPECT_EQ(bound.object.object->meta.uid, v1.object->meta.uid);

  const ObjectResult stale = h.update(
      api::with_precondition(*api::with_phase(*v1.object, "Running"), v1.resource_version));
  EXPECT_EQ(stale.status.code, Code::kConflict);
  EXPECT_EQ(stale.status.reason, Reason::kConflict);
  EXPECT_EQ(stale.status.message,
            "Operation cannot be fulfilled on pods \"web-1\": the object has been modified; "
            "please apply your changes to the latest version and try again");

  const api::Versioned v2 = bound.object;
  const ObjectResult fresh = h.update(
      api::with_precondition(*api::with_phase(*v2.object, "Running"), v2.resource_version));
  ASSERT_TRUE(fresh.status.ok());
  EXPECT_EQ(fresh.object.object->as<api::PodBody>().phase, "Running");
  EXPECT_EQ(fresh.object.object->as<api::PodBody>().node_name, "node-1");
  EXPECT_EQ(fresh.object.object->meta.generation, 2);  // a status change

  EXPECT_EQ(h.update(pod("absent")).status.code, Code::kNotFound);
}

// Two writers change the same pod, each by GuaranteedUpdate from the same cached
// version: one txn loses the mod_revision compare, re-reads and applies its change
// on top of the other's. Both changes survive.
TEST(Store, GuaranteedUpdateRetriesUnderAConcurrentWriter) {
  Harness h;
  const api::Versioned v1 = h.create(pod("web-1")).object;
  int calls = 0;
  std::optional<ObjectResult> first;
  std::optional<ObjectResult> second;
  auto add_label = [&calls](std::string key) {
    return [&calls, key](const api::Versioned& current) {
      ++calls;
      return UpdateOutcome{ok_status(), api::with(*current.object, [&](api::Object& o) {
                             api::set_label(o.meta.labels, key, "yes");
                           })};
    };
  };
  h.in_process([&](StoreHost& host) {
    host.store().guaranteed_update(Kind::kPod, "default", "web-1", v1, add_label("a"),
                                   [&](ObjectResult r) { first = std::move(r); });
    host.store().guaranteed_update(Kind::kPod, "default", "web-1", v1, add_label("b"),
                                   [&](ObjectResult r) { second = std::move(r); });
  });
  for (int step = 0; step < 10'000 && !(first && second); ++step)
    h.run_for(Harness::kStep);
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(first->status.ok());
  ASSERT_TRUE(second->status.ok());
  EXPECT_EQ(calls, 3);  // one retry
  const api::ObjectPtr last = h.get(Kind::kPod, "default", "web-1").object.object;
  EXPECT_EQ(api::label_value(last->meta.labels, "a"), "yes");
  EXPECT_EQ(api::label_value(last->meta.labels, "b"), "yes");
}

TEST(Store, GuaranteedUpdateFailureStopsIt) {
  Harness h;
  h.create(pod("web-1"));
  const ObjectResult refused = h.await<ObjectResult>([](StoreHost& host, auto done) {
    host.store().guaranteed_update(
        Kind::kPod, "default", "web-1", std::nullopt,
        [](const api::Versioned&) {
          return UpdateOutcome{bad_request("no"), nullptr};
        },
        std::move(done));
  });
  EXPECT_EQ(refused.status.code, Code::kBadRequest);
  // Answering the current version unchanged writes nothing.
  const ObjectResult before = h.get(Kind::kPod, "default", "web-1");
  const ObjectResult same = h.await<ObjectResult>([](StoreHost& host, auto done) {
    host.store().guaranteed_update(
        Kind::kPod, "default", "web-1", std::nullopt,
        [](const api::Versioned& current) {
          return UpdateOutcome{ok_status(), current.object};
        },
        std::move(done));
  });
  ASSERT_TRUE(same.status.ok());
  EXPECT_EQ(same.object.resource_version, before.object.resource_version);
}

TEST(Store, ListPagesReadAtTheFirstPagesRevision) {
  Harness h;
  for (int i = 0; i < 5; ++i)
    h.create(pod("p" + std::to_string(i)));
  h.create(api::make_pod("other", "x", api::PodBody{}));

  ListRequest request;
  request.namespace_ = "default";
  request.limit = 2;
  const ListResult page1 = h.list(request);
  ASSERT_TRUE(page1.status.ok()) << page1.status.message;
  ASSERT_EQ(page1.items.size(), 2u);
  EXPECT_EQ(page1.items[0].object->meta.name, "p0");
  EXPECT_FALSE(page1.continue_token.empty());
  EXPECT_EQ(page1.remaining_item_count, 3);

  // A write between the pages: page 2 still reads the first page's revision.
  const api::Versioned p3 = h.get(Kind::kPod, "default", "p3").object;
  ASSERT_TRUE(h.update(api::with_phase(*p3.object, "Running")).status.ok());
  ASSERT_EQ(h.create(pod("p5")).status.code, Code::kCreated);

  request.continue_token = page1.continue_token;
  const ListResult page2 = h.list(request);
  ASSERT_TRUE(page2.status.ok()) << page2.status.message;
  EXPECT_EQ(page2.resource_version, page1.resource_version);
  ASSERT_EQ(page2.items.size(), 2u);
  EXPECT_EQ(page2.items[0].object->meta.name, "p2");
  EXPECT_EQ(page2.items[1].object->meta.name, "p3");
  EXPECT_EQ(page2.items[1].object, p3.object);  // the version at the list's revision

  request.continue_token = page2.continue_token;
  const ListResult page3 = h.list(request);
  ASSERT_TRUE(page3.status.ok());
  ASSERT_EQ(page3.items.size(), 1u);  // p5 was created after the list's revision
  EXPECT_EQ(page3.items[0].object->meta.name, "p4");
  EXPECT_TRUE(page3.continue_token.empty());

  ListRequest all;
  const ListResult everything = h.list(all);
  EXPECT_EQ(everything.items.size(), 7u);  // both namespaces, p5 included
  EXPECT_TRUE(everything.continue_token.empty());
}

TEST(Store, ContinueAfterCompactionIsExpired) {
  Harness h;
  for (int i = 0; i < 4; ++i)
    h.create(pod("p" + std::to_string(i)));
  ListRequest request;
  request.limit = 2;
  const ListResult page1 = h.list(request);
  ASSERT_FALSE(page1.continue_token.empty());
  const api::Versioned p0 = page1.items[0];
  ASSERT_TRUE(h.update(api::with_phase(*p0.object, "Running")).status.ok());
  ASSERT_EQ(h.compact(h.get(Kind::kPod, "default", "p0").object.resource_version),
            etcd::ClientError::kOk);

  request.continue_token = page1.continue_token;
  const ListResult page2 = h.list(request);
  EXPECT_EQ(page2.status.code, Code::kGone);
  EXPECT_EQ(page2.status.reason, Reason::kExpired);
  EXPECT_EQ(page2.status.message, kContinueExpired);

  ListRequest exact;
  exact.resource_version = page1.resource_version;
  const ListResult old = h.list(exact);
  EXPECT_EQ(old.status.code, Code::kGone);
  EXPECT_EQ(old.status.message, kListExpired);

  ListRequest bad;
  bad.continue_token = "not-a-token";
  EXPECT_EQ(h.list(bad).status.code, Code::kBadRequest);
}

TEST(Store, SelectorsFilterAfterReading) {
  Harness h;
  for (int i = 0; i < 6; ++i) {
    h.create(
        pod("p" + std::to_string(i), {{"app", i % 2 == 0 ? "web" : "db"}}, i < 3 ? "node-1" : ""));
  }
  ListRequest request;
  request.labels = std::get<api::LabelSelector>(api::LabelSelector::parse("app=web"));
  const ListResult web = h.list(request);
  ASSERT_TRUE(web.status.ok());
  ASSERT_EQ(web.items.size(), 3u);
  EXPECT_EQ(web.objects_read, 6);  // read all, returned the matches

  request.fields =
      std::get<api::FieldSelector>(api::FieldSelector::parse(Kind::kPod, "spec.nodeName="));
  const ListResult unscheduled_web = h.list(request);
  ASSERT_EQ(unscheduled_web.items.size(), 1u);
  EXPECT_EQ(unscheduled_web.items[0].object->meta.name, "p4");

  // A limited filtered list reads on until it has `limit` matches.
  ListRequest limited;
  limited.labels = std::get<api::LabelSelector>(api::LabelSelector::parse("app=db"));
  limited.limit = 2;
  const ListResult db = h.list(limited);
  ASSERT_EQ(db.items.size(), 2u);
  EXPECT_EQ(db.items[1].object->meta.name, "p3");
  EXPECT_GE(db.etcd_calls, 2);
  EXPECT_FALSE(db.continue_token.empty());
  EXPECT_EQ(db.remaining_item_count, -1);  // unknown with a selector
  limited.continue_token = db.continue_token;
  const ListResult rest = h.list(limited);
  ASSERT_EQ(rest.items.size(), 1u);
  EXPECT_EQ(rest.items[0].object->meta.name, "p5");
}

TEST(Store, GracefulDeletionOfAScheduledPod) {
  Harness h;
  h.create(pod("web-1", {}, "node-1"));
  const sim::Time asked = h.now();
  const ObjectResult pending = h.remove(Kind::kPod, "default", "web-1");
  ASSERT_TRUE(pending.status.ok()) << pending.status.message;
  EXPECT_FALSE(pending.deleted);
  const api::ObjectMeta& meta = pending.object.object->meta;
  ASSERT_TRUE(meta.deletion_timestamp.has_value());
  EXPECT_GE(*meta.deletion_timestamp, asked + 30 * sim::kSecond);
  EXPECT_EQ(meta.deletion_grace_period_seconds, 30);
  EXPECT_TRUE(h.get(Kind::kPod, "default", "web-1").status.ok());  // still there

  // The kubelet confirms with grace 0: gone.
  DeleteOptions now;
  now.grace_period_seconds = 0;
  const ObjectResult gone = h.remove(Kind::kPod, "default", "web-1", now);
  ASSERT_TRUE(gone.status.ok());
  EXPECT_TRUE(gone.deleted);
  EXPECT_EQ(h.get(Kind::kPod, "default", "web-1").status.code, Code::kNotFound);
  EXPECT_EQ(h.remove(Kind::kPod, "default", "web-1").status.code, Code::kNotFound);

  // An unscheduled pod has no one to stop it: deleted at once.
  h.create(pod("pending"));
  EXPECT_TRUE(h.remove(Kind::kPod, "default", "pending").deleted);
}

TEST(Store, FinalizersHoldTheObjectUntilRemoved) {
  Harness h;
  const api::ObjectPtr held = api::with_finalizers(*pod("web-1"), {"example.com/hold"});
  h.create(held);
  const ObjectResult marked = h.remove(Kind::kPod, "default", "web-1");
  ASSERT_TRUE(marked.status.ok());
  EXPECT_FALSE(marked.deleted);
  EXPECT_TRUE(marked.object.object->meta.deletion_timestamp.has_value());
  EXPECT_EQ(marked.object.object->meta.deletion_grace_period_seconds, 0);
  EXPECT_TRUE(h.get(Kind::kPod, "default", "web-1").status.ok());

  // An update that keeps the finalizer keeps the object.
  const ObjectResult relabelled = h.update(api::with_labels(*marked.object.object, {{"a", "b"}}));
  ASSERT_TRUE(relabelled.status.ok());
  EXPECT_FALSE(relabelled.deleted);
  EXPECT_TRUE(relabelled.object.object->meta.deletion_timestamp.has_value());

  // Removing the last finalizer deletes it.
  const ObjectResult released = h.update(api::with_finalizers(*relabelled.object.object, {}));
  ASSERT_TRUE(released.status.ok());
  EXPECT_TRUE(released.deleted);
  EXPECT_EQ(h.get(Kind::kPod, "default", "web-1").status.code, Code::kNotFound);
}

TEST(Store, DeletePreconditionOnResourceVersion) {
  Harness h;
  const api::Versioned v1 = h.create(api::testing::node_lease()).object;
  ASSERT_TRUE(h.update(api::with_renew_time(*v1.object, 9 * sim::kSecond)).status.ok());
  DeleteOptions stale;
  stale.precondition_resource_version = v1.resource_version;
  const ObjectResult refused = h.remove(Kind::kLease, "kube-node-lease", "node-17", stale);
  EXPECT_EQ(refused.status.code, Code::kConflict);
  const ObjectResult deleted = h.remove(Kind::kLease, "kube-node-lease", "node-17");
  EXPECT_TRUE(deleted.deleted);
  EXPECT_GT(deleted.object.resource_version, v1.resource_version);
}

TEST(Store, KeysAndContinueTokens) {
  EXPECT_EQ(key_of(Kind::kPod, "default", "web-1"), "/registry/pods/default/web-1");
  EXPECT_EQ(key_of(Kind::kNode, "", "node-1"), "/registry/minions/node-1");
  EXPECT_EQ(key_of(Kind::kLease, "kube-node-lease", "n"), "/registry/leases/kube-node-lease/n");
  EXPECT_EQ(prefix_of(Kind::kPod, ""), "/registry/pods/");
  EXPECT_EQ(prefix_of(Kind::kPod, "default"), "/registry/pods/default/");
  const auto token = decode_continue(encode_continue(42, std::string("default/p1") + '\0'));
  ASSERT_TRUE(token.has_value());
  EXPECT_EQ(token->revision, 42);
  EXPECT_EQ(token->next_key, std::string("default/p1") + '\0');
  EXPECT_FALSE(decode_continue("x:y").has_value());
  EXPECT_FALSE(decode_continue("5:").has_value());
  EXPECT_FALSE(decode_continue("5:../etc").has_value());
}

// etcd3retry: a write while etcd has no leader fails with an Unavailable-class error
// ("no leader", or "request timed out" for a proposal that found none); the store tries
// again 300 ms later, doubling, and the create lands once a leader is elected
// (an election takes 1-2 election timeouts of 1 s: within the 5 tries' 4.5 s).
TEST(Store, WritesAreRetriedWhileEtcdElectsALeader) {
  Harness h;
  h.simulation().crash(h.cluster().leader());
  const ObjectResult created = h.create(pod("during-election"));
  EXPECT_EQ(created.status.code, Code::kCreated) << created.status.message;
  EXPECT_GT(h.host().etcd_calls["create"], 1);  // the first try failed, a retry landed
  EXPECT_EQ(h.get(Kind::kPod, "default", "during-election").status.code, Code::kOk);
}

TEST(Store, EtcdErrorsAsKubeApiserverAnswersThem) {
  EXPECT_EQ(from_etcd(etcd::ClientError::kTimeout).code, Code::kInternalError);
  EXPECT_EQ(from_etcd(etcd::ClientError::kTimeout).message, "etcdserver: request timed out");
  EXPECT_EQ(from_etcd(etcd::ClientError::kNoLeader).message, "etcdserver: no leader");
  EXPECT_EQ(from_etcd(etcd::ClientError::kClientTimeout).code, Code::kGatewayTimeout);
  EXPECT_EQ(from_etcd(etcd::ClientError::kClientTimeout).reason, Reason::kTimeout);
}

}  // namespace
}  // namespace kcsim::apiserver::storage
