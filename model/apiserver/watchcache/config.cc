#include "model/apiserver/watchcache/config.h"

#include <algorithm>
#include <cmath>

#include "model/apiserver/watchcache/requests.h"

namespace kcsim::apiserver::watchcache {

TriggerFunc pod_node_name_trigger() {
  return [](const api::Object& object) -> std::string {
    if (object.kind() != api::Kind::kPod) return {};
    return object.as<api::PodBody>().node_name;
  };
}

std::int64_t retry_after_for_unready_cache(sim::Time downtime) {
  const double result = std::exp(0.06 * sim::to_seconds(downtime));
  return static_cast<std::int64_t>(std::min(30.0, std::max(1.0, result)));
}

bool Selection::matches(const api::Object& object) const {
  if (!scope.namespace_.empty() && object.meta.namespace_ != scope.namespace_) return false;
  if (!scope.name.empty() && object.meta.name != scope.name) return false;
  return !predicate || predicate(object);
}

}  // namespace kcsim::apiserver::watchcache
