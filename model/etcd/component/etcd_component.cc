#include "model/etcd/component/etcd_component.h"

#include "model/etcd/component/etcd_actions.h"
#include "model/etcd/component/etcd_instance.h"
#include "model/etcd/component/etcd_names.h"
#include "model/etcd/component/etcd_schema.h"

namespace kcsim::etcd {

EtcdComponent::EtcdComponent() : actions_(etcd_actions()) {}

scenario::Schema<EtcdSpec> EtcdComponent::schema() const {
  return etcd_schema();
}

void EtcdComponent::add_names(const EtcdSpec& spec,
                              const std::vector<component::RawAction>& timeline,
                              scenario::Targets& targets) const {
  add_etcd_targets(spec, timeline, targets);
}

std::unique_ptr<component::Instance> EtcdComponent::make(runner::World& world,
                                                         const EtcdSpec& spec) const {
  return std::make_unique<EtcdInstance>(world, spec);
}

}  // namespace kcsim::etcd
