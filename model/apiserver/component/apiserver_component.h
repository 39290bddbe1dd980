// The API server component: spec.cluster.apiServers, registered in the built-in
// registry after etcd (it stores into etcd's cluster).
//
// Declares (see component.h for what each part is for):
//  - settings: ApiServerSpec (apiserver_spec.h) read with apiserver_schema(), kept in
//    ClusterSpec::components under "apiServers";
//  - names: apiserver_names.h; action: rollingRestart (apiserver_actions.h);
//  - build: the replicas and their compactors (server/apiserver_cluster.h), the role
//    apiserver/any, and the states checks read (apiserver_instance.h lists them); its
//    metrics are the replicas' (apiserver_*, under kube-apiserver's names).
#pragma once

#include <memory>

#include "model/apiserver/component/apiserver_spec.h"
#include "model/component/component_of.h"

namespace kcsim::apiserver {

class ApiServerComponent final : public component::ComponentOf<ApiServerSpec> {
 public:
  ApiServerComponent();

  std::string_view key() const override { return "apiServers"; }
  const std::vector<component::ActionSpec>& actions() const override { return actions_; }
  scenario::Schema<ApiServerSpec> schema() const override;

 protected:
  void add_names(const ApiServerSpec& spec, const std::vector<component::RawAction>& timeline,
                 scenario::Targets& targets) const override;
  std::unique_ptr<component::Instance> make(runner::World& world,
                                            const ApiServerSpec& spec) const override;

 private:
  std::vector<component::ActionSpec> actions_;
};

}  // namespace kcsim::apiserver
