#include "model/apiserver/server/patch.h"

#include <utility>

#include "model/apiserver/objects/build.h"
#include "sim/invariant.h"

namespace kcsim::apiserver {
namespace {

void merge_map(api::StringMap& into, const api::StringMap& patch) {
  for (const auto& [key, value] : patch)
    api::set_label(into, key, value);
}

}  // namespace

storage::UpdateFunction patch_update(api::ObjectPtr patch) {
  KCSIM_ASSERT(patch != nullptr);
  return [patch](const api::Versioned& current) -> storage::UpdateOutcome {
    const api::Object& before = *current.object;
    const std::int64_t precondition = patch->meta.resource_version;
    if (precondition != 0 && precondition != current.resource_version) {
      return {storage::conflict(before.kind(), before.meta.name), nullptr};
    }
    api::Object merged = before;
    merge_map(merged.meta.labels, patch->meta.labels);
    merge_map(merged.meta.annotations, patch->meta.annotations);
    if (!patch->meta.finalizers.empty()) merged.meta.finalizers = patch->meta.finalizers;
    if (patch->kind() == before.kind() && patch->body != api::blank(patch->kind(), "", "").body) {
      merged.body = patch->body;
    }
    if (merged == before) return {storage::ok_status(), current.object};  // nothing changes
    return {storage::ok_status(), storage::reseal(std::move(merged), before)};
  };
}

}  // namespace kcsim::apiserver
