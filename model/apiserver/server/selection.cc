#include "model/apiserver/server/selection.h"

#include <utility>

namespace kcsim::apiserver {

std::variant<Selectors, std::string> selection_of(const api::ApiRequest& request) {
  Selectors out;
  auto labels = api::LabelSelector::parse(request.options.label_selector);
  if (const auto* error = std::get_if<std::string>(&labels)) return *error;
  out.labels = std::get<api::LabelSelector>(std::move(labels));
  if (!request.options.field_selector.empty()) {
    auto fields = api::FieldSelector::parse(request.kind, request.options.field_selector);
    if (const auto* error = std::get_if<std::string>(&fields)) return *error;
    out.fields = std::get<api::FieldSelector>(std::move(fields));
    if (out.fields->empty()) out.fields.reset();
  }

  watchcache::Selection& selection = out.selection;
  selection.scope.namespace_ = request.namespace_;
  selection.scope.name = request.name;
  if (out.fields) {
    for (const api::FieldRequirement& r : out.fields->requirements()) {
      if (!r.equals) continue;
      // An exact namespace or name narrows the scope (the predicate still checks it: a
      // URL namespace and a different metadata.namespace select nothing).
      if (r.field == api::Field::kNamespace && selection.scope.namespace_.empty()) {
        selection.scope.namespace_ = r.value;
      } else if (r.field == api::Field::kName && selection.scope.name.empty()) {
        selection.scope.name = r.value;
      } else if (r.field == api::Field::kNodeName && request.kind == api::Kind::kPod) {
        selection.trigger_value = r.value;
      }
    }
  }
  selection.has_label_selector = !out.labels.empty();
  selection.has_field_selector = out.fields.has_value();
  if (!selection.empty()) {
    selection.predicate = [labels = out.labels, fields = out.fields](const api::Object& object) {
      return labels.matches(object.meta.labels) && (!fields || fields->matches(object));
    };
  }
  return out;
}

}  // namespace kcsim::apiserver
