#include "model/apiserver/server/patch.h"

#include <string>
#include <utility>
#include <vector>

#include "model/apiserver/admission/admit.h"
#include "model/apiserver/objects/build.h"
#include "sim/invariant.h"

namespace kcsim::apiserver {
namespace {

void merge_map(api::StringMap& into, const api::StringMap& patch,
               const std::vector<std::string>& nulls) {
  for (const auto& [key, value] : patch)
    api::set_label(into, key, value);
  for (const std::string& key : nulls) {
    std::erase_if(into, [&key](const auto& entry) { return entry.first == key; });
  }
}

}  // namespace

storage::UpdateFunction patch_update(api::ObjectPtr patch, api::PatchNulls nulls,
                                     bool subresource) {
  KCSIM_ASSERT(patch != nullptr);
  return [patch, nulls = std::move(nulls),
          subresource](const api::Versioned& current) -> storage::UpdateOutcome {
    const api::Object& before = *current.object;
    const std::int64_t precondition = patch->meta.resource_version;
    if (precondition != 0 && precondition != current.resource_version) {
      return {storage::conflict(before.kind(), before.meta.name), nullptr};
    }
    api::Object merged = before;
    merge_map(merged.meta.labels, patch->meta.labels, nulls.labels);
    merge_map(merged.meta.annotations, patch->meta.annotations, nulls.annotations);
    if (!patch->meta.finalizers.empty()) merged.meta.finalizers = patch->meta.finalizers;
    if (patch->kind() == before.kind() && patch->body != api::blank(patch->kind(), "", "").body) {
      merged.body = patch->body;
    }
    // The patched object is decoded (defaulted) and admitted as an update.
    const api::ObjectPtr admitted =
        admission::admit(std::make_shared<const api::Object>(std::move(merged)),
                         admission::Operation::kUpdate, subresource);
    if (*admitted == before) return {storage::ok_status(), current.object};  // nothing changes
    return {storage::ok_status(), storage::reseal(api::Object(*admitted), before)};
  };
}

}  // namespace kcsim::apiserver
