// Resources, sizes and versions of the typed objects.
#include <gtest/gtest.h>

#include "model/apiserver/objects/build.h"
#include "model/apiserver/objects/resource.h"
#include "model/apiserver/objects/size.h"
#include "tests/model/apiserver/objects/typical.h"

namespace kcsim::api {
namespace {

TEST(Resource, NamesGroupsAndScope) {
  EXPECT_EQ(resource_of(Kind::kPod).resource, "pods");
  EXPECT_TRUE(is_namespaced(Kind::kPod));
  EXPECT_FALSE(is_namespaced(Kind::kNode));
  EXPECT_EQ(resource_of(Kind::kNode).etcd_prefix, "minions");
  EXPECT_EQ(qualified_resource(Kind::kLease), "leases.coordination.k8s.io");
  EXPECT_EQ(qualified_resource(Kind::kPod), "pods");
  EXPECT_EQ(kind_of_resource("endpointslices"), Kind::kEndpointSlice);
  EXPECT_EQ(kind_of_resource("deployments.apps"), Kind::kDeployment);
  EXPECT_EQ(kind_of_resource("deployments.batch"), std::nullopt);
  EXPECT_EQ(kind_of_resource("pod"), std::nullopt);
  for (std::size_t i = 0; i < kKindCount; ++i) {
    const Kind kind = static_cast<Kind>(i);
    EXPECT_EQ(kind_of_resource(resource_of(kind).resource), kind);
  }
}

// The figures size.h is built to: a running pod 3-4 KiB, a node with 50 images
// 10-15 KiB, a node lease about 400 B (250-450).
TEST(Size, TypicalObjectsHaveRealSizes) {
  const ObjectPtr pod = testing::running_pod();
  EXPECT_GE(pod->encoded_bytes, 3u * 1024);
  EXPECT_LE(pod->encoded_bytes, 4u * 1024);
  const ObjectPtr node = testing::full_node();
  EXPECT_GE(node->encoded_bytes, 10u * 1024);
  EXPECT_LE(node->encoded_bytes, 15u * 1024);
  const ObjectPtr lease = testing::node_lease();
  EXPECT_GE(lease->encoded_bytes, 250u);
  EXPECT_LE(lease->encoded_bytes, 450u);
}

TEST(Size, FollowsTheFields) {
  const ObjectPtr pod = testing::running_pod();
  EXPECT_EQ(pod->encoded_bytes, encoded_bytes(*pod));
  const ObjectPtr labelled =
      with(*pod, [](Object& o) { set_label(o.meta.labels, "tier", "frontend"); });
  // A map entry: tag + length + (tag + len + "tier") + (tag + len + "frontend") = 18,
  // plus one byte if metadata's own length varint grows past a 7-bit boundary.
  EXPECT_GE(labelled->encoded_bytes, pod->encoded_bytes + 18);
  EXPECT_LE(labelled->encoded_bytes, pod->encoded_bytes + 19);
  const ObjectPtr fewer_images =
      with(*testing::full_node(), [](Object& o) { std::get<NodeBody>(o.body).images_count = 10; });
  EXPECT_EQ(testing::full_node()->encoded_bytes - fewer_images->encoded_bytes,
            40 * kNodeImageBytes);
}

TEST(Build, WithMakesANewVersionAndKeepsTheOld) {
  const ObjectPtr pod = testing::running_pod();
  const ObjectPtr moved = with_node_name(*pod, "node-3");
  EXPECT_NE(moved, pod);
  EXPECT_EQ(pod->as<PodBody>().node_name, "node-17");
  EXPECT_EQ(moved->as<PodBody>().node_name, "node-3");
  EXPECT_EQ(moved->encoded_bytes, encoded_bytes(*moved));
}

TEST(Build, SpecEqualSeparatesSpecFromStatus) {
  const ObjectPtr pod = testing::running_pod();
  EXPECT_TRUE(spec_equal(*pod, *with_phase(*pod, "Succeeded")));
  EXPECT_FALSE(spec_equal(*pod, *with_node_name(*pod, "node-3")));
  EXPECT_TRUE(spec_equal(*pod, *with_labels(*pod, {{"a", "b"}})));
  EXPECT_TRUE(tracks_generation(Kind::kDeployment));
  EXPECT_FALSE(tracks_generation(Kind::kLease));
}

TEST(Build, BlankHasTheKindsBody) {
  for (std::size_t i = 0; i < kKindCount; ++i) {
    const Kind kind = static_cast<Kind>(i);
    EXPECT_EQ(blank(kind, "ns", "x").kind(), kind);
  }
}

TEST(Build, LabelsStaySorted) {
  StringMap labels;
  set_label(labels, "b", "2");
  set_label(labels, "a", "1");
  set_label(labels, "b", "3");
  ASSERT_EQ(labels.size(), 2u);
  EXPECT_EQ(labels[0].first, "a");
  EXPECT_EQ(label_value(labels, "b"), "3");
  EXPECT_EQ(label_value(labels, "c"), std::nullopt);
}

}  // namespace
}  // namespace kcsim::api
