// PATCH's merge (server/patch.h) as a pure function of the current version: labels and
// annotations merge, a null removes a key, the merged pod is defaulted and admitted as
// an update, and the new version's size follows what changed.
#include "model/apiserver/server/patch.h"

#include <gtest/gtest.h>

#include <string>

#include "model/apiserver/admission/admit.h"
#include "model/apiserver/objects/build.h"
#include "model/apiserver/objects/size.h"

namespace kcsim::apiserver {
namespace {

// A pod as a replica stores it: created through admission (defaults, tolerations).
api::Versioned stored_pod() {
  api::Object pod =
      *api::make_pod("default", "p", api::PodBody{}, {{"app", "web"}, {"tier", "front"}});
  api::set_label(pod.meta.annotations, "note", "keep me");
  const api::ObjectPtr created =
      admission::admit(api::seal(std::move(pod)), admission::Operation::kCreate, false);
  return {created, 7};
}

api::ObjectPtr label_patch(const std::string& key, const std::string& value) {
  api::Object patch = api::blank(api::Kind::kPod, "default", "p");
  if (!key.empty()) api::set_label(patch.meta.labels, key, value);
  return api::seal(std::move(patch));
}

TEST(Patch, ANullRemovesALabelAndTheSizeShrinks) {
  const api::Versioned current = stored_pod();
  api::PatchNulls nulls;
  nulls.labels = {"tier", "absent"};  // removing a key that is not there is no error
  nulls.annotations = {"note"};
  const storage::UpdateOutcome out =
      patch_update(label_patch("track", "stable"), nulls, false)(current);
  ASSERT_TRUE(out.status.ok());
  ASSERT_NE(out.object, nullptr);
  const api::Object& merged = *out.object;
  EXPECT_EQ(api::label_value(merged.meta.labels, "app"), "web");
  EXPECT_EQ(api::label_value(merged.meta.labels, "track"), "stable");
  EXPECT_FALSE(api::label_value(merged.meta.labels, "tier").has_value());
  EXPECT_TRUE(merged.meta.annotations.empty());
  // Resealed against the current version: its size plus what the merge changed.
  const std::int64_t delta = static_cast<std::int64_t>(api::encoded_bytes(merged)) -
                             static_cast<std::int64_t>(api::encoded_bytes(*current.object));
  EXPECT_LT(delta, 0);  // "tier: front" and the annotation out, "track: stable" in
  EXPECT_EQ(static_cast<std::int64_t>(merged.encoded_bytes),
            static_cast<std::int64_t>(current.object->encoded_bytes) + delta);
}

TEST(Patch, RemovingOnlyAbsentKeysWritesNothing) {
  const api::Versioned current = stored_pod();
  api::PatchNulls nulls;
  nulls.labels = {"absent"};
  const storage::UpdateOutcome out = patch_update(label_patch("", ""), nulls, false)(current);
  ASSERT_TRUE(out.status.ok());
  EXPECT_EQ(out.object, current.object);  // the current version: no write
}

// A patch whose body drops the pod's tolerations and scheduler name: the patched object
// is defaulted and admitted as an update, so both come back (DefaultTolerationSeconds
// takes updates); a patch of pods/status is defaulted but not admitted.
TEST(Patch, ThePatchedPodIsDefaultedAndAdmittedAsAnUpdate) {
  const api::Versioned current = stored_pod();
  ASSERT_EQ(current.object->as<api::PodBody>().tolerations.size(), 2u);
  api::Object patch = api::blank(api::Kind::kPod, "default", "p");
  api::PodBody body;
  body.node_name = "node-b";  // not the default body: it replaces the current one
  body.scheduler_name.clear();
  patch.body = body;
  const storage::UpdateOutcome out = patch_update(api::seal(std::move(patch)), {}, false)(current);
  ASSERT_TRUE(out.status.ok());
  const api::PodBody& merged = out.object->as<api::PodBody>();
  EXPECT_EQ(merged.node_name, "node-b");
  EXPECT_EQ(merged.scheduler_name, "default-scheduler");
  EXPECT_EQ(merged.tolerations, current.object->as<api::PodBody>().tolerations);

  api::Object status_patch = api::blank(api::Kind::kPod, "default", "p");
  status_patch.body = body;
  const storage::UpdateOutcome status =
      patch_update(api::seal(std::move(status_patch)), {}, true)(current);
  ASSERT_TRUE(status.status.ok());
  EXPECT_TRUE(status.object->as<api::PodBody>().tolerations.empty());
  EXPECT_EQ(status.object->as<api::PodBody>().scheduler_name, "default-scheduler");
}

}  // namespace
}  // namespace kcsim::apiserver
