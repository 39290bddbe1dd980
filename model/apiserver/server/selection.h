// A request's selection: its label and field selectors parsed (objects/selector.h), and
// the form the watch cache takes (watchcache/requests.h): the scope (namespace and name
// from the URL, narrowed by an exact metadata.namespace / metadata.name field selector,
// as the cacher narrows its key), the predicate of both selectors, and the value of the
// resource's indexed trigger when the field selector pins it (pods: spec.nodeName=X,
// pkg/registry/core/pod/storage NodeNameTriggerFunc).
//
// Contract: a selector that does not parse is the request's 400 BadRequest, with the
// parser's message (labels.Parse's "unable to parse requirement: ...", or the field
// selector's "field label not supported: <f>"); nothing reads storage or the cache.
// LISTs from etcd filter with `labels` and `fields` (storage::ListRequest), LISTs and
// WATCHes from the cache with `selection`: the same selectors either way.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "model/apiserver/api/wire.h"
#include "model/apiserver/objects/selector.h"
#include "model/apiserver/watchcache/requests.h"

namespace kcsim::apiserver {

struct Selectors {
  api::LabelSelector labels;
  std::optional<api::FieldSelector> fields;  // none: no field selector
  watchcache::Selection selection;
};

// The request's selectors, or the message of its 400 BadRequest.
std::variant<Selectors, std::string> selection_of(const api::ApiRequest& request);

}  // namespace kcsim::apiserver
