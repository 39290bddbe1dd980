#include "model/apiserver/admission/default_toleration_seconds.h"

#include <string>

#include "model/apiserver/objects/build.h"
#include "sim/invariant.h"

namespace kcsim::apiserver::admission {
namespace {

bool tolerates_no_execute(const std::vector<api::Toleration>& tolerations, std::string_view key) {
  for (const api::Toleration& t : tolerations) {
    const bool key_matches = t.key == key || t.key.empty();
    const bool effect_matches = !t.effect || *t.effect == api::TaintEffect::kNoExecute;
    if (key_matches && effect_matches) return true;
  }
  return false;
}

api::Toleration no_execute_for(std::string_view key, std::int64_t seconds) {
  return api::Toleration{std::string(key), api::Toleration::Operator::kExists, "",
                         api::TaintEffect::kNoExecute, seconds};
}

}  // namespace

api::ObjectPtr DefaultTolerationSeconds::admit(const api::ObjectPtr& object) const {
  KCSIM_ASSERT(object != nullptr);
  if (object->kind() != api::Kind::kPod) return object;
  const auto& tolerations = object->as<api::PodBody>().tolerations;
  const bool not_ready = tolerates_no_execute(tolerations, kTaintNodeNotReady);
  const bool unreachable = tolerates_no_execute(tolerations, kTaintNodeUnreachable);
  if (not_ready && unreachable) return object;
  return api::with(*object, [&](api::Object& o) {
    auto& added = std::get<api::PodBody>(o.body).tolerations;
    if (!not_ready) added.push_back(no_execute_for(kTaintNodeNotReady, not_ready_seconds));
    if (!unreachable) added.push_back(no_execute_for(kTaintNodeUnreachable, unreachable_seconds));
  });
}

}  // namespace kcsim::apiserver::admission
