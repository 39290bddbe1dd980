#include "model/apiserver/admission/admit.h"

#include "model/apiserver/admission/default_toleration_seconds.h"
#include "model/apiserver/admission/defaults.h"
#include "sim/invariant.h"

namespace kcsim::apiserver::admission {

api::ObjectPtr admit(const api::ObjectPtr& object, Operation operation, bool subresource) {
  KCSIM_ASSERT(object != nullptr);
  api::ObjectPtr out = apply_defaults(object);
  if (operation == Operation::kCreate) out = prepare_for_create(out);
  if (!subresource) out = DefaultTolerationSeconds{}.admit(out);
  return out;
}

}  // namespace kcsim::apiserver::admission
