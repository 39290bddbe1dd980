// A request's selection as the watch cache takes it (watchcache/requests.h): its scope
// (namespace and name from the URL, or from an exact metadata.namespace /
// metadata.name field selector), the predicate of its label and field selectors, and
// the value of the resource's indexed trigger when the field selector pins it (pods:
// spec.nodeName=X).
#pragma once

#include "model/apiserver/api/wire.h"
#include "model/apiserver/watchcache/requests.h"

namespace kcsim::apiserver {

watchcache::Selection selection_of(const api::ApiRequest& request);

}  // namespace kcsim::apiserver
