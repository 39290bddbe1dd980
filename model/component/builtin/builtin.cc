#include "model/component/builtin.h"

#include "model/apiserver/component/apiserver_component.h"
#include "model/etcd/component/etcd_component.h"
#include "model/loadgen/api_clients_component.h"
#include "model/netprobe/ping_mesh_component.h"

namespace kcsim::component {
namespace {

Registry make_builtin() {
  Registry registry;
  registry.add(std::make_unique<netprobe::PingMeshComponent>());
  registry.add(std::make_unique<etcd::EtcdComponent>());
  registry.add(std::make_unique<apiserver::ApiServerComponent>());
  // After apiServers: its clients find the replicas by name (apiserver-N).
  registry.add(std::make_unique<loadgen::ApiClientsComponent>());
  return registry;
}

}  // namespace

const Registry& builtin_components() {
  static const Registry registry = make_builtin();
  return registry;
}

}  // namespace kcsim::component
