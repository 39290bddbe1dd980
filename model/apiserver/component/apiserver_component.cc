#include "model/apiserver/component/apiserver_component.h"

#include "model/apiserver/component/apiserver_actions.h"
#include "model/apiserver/component/apiserver_instance.h"
#include "model/apiserver/component/apiserver_names.h"
#include "model/apiserver/component/apiserver_schema.h"

namespace kcsim::apiserver {

ApiServerComponent::ApiServerComponent() : actions_(apiserver_actions()) {}

scenario::Schema<ApiServerSpec> ApiServerComponent::schema() const {
  return apiserver_schema();
}

void ApiServerComponent::add_names(const ApiServerSpec& spec,
                                   const std::vector<component::RawAction>&,
                                   scenario::Targets& targets) const {
  add_apiserver_targets(spec, targets);
}

std::unique_ptr<component::Instance> ApiServerComponent::make(runner::World& world,
                                                              const ApiServerSpec& spec) const {
  return std::make_unique<ApiServerInstance>(world, spec);
}

}  // namespace kcsim::apiserver
