#include "model/apiserver/server/selection.h"

namespace kcsim::apiserver {

watchcache::Selection selection_of(const api::ApiRequest& request) {
  watchcache::Selection selection;
  selection.scope.namespace_ = request.namespace_;
  selection.scope.name = request.name;
  selection.has_label_selector = !request.options.label_selector.empty();
  selection.has_field_selector = !request.options.field_selector.empty();
  return selection;
}

}  // namespace kcsim::apiserver
