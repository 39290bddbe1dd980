// The ping mesh component: spec.cluster.pingMesh, registered first in the built-in
// registry.
//
// Declares: settings PingMeshSpec (ping_mesh_spec.h), kept in ClusterSpec::ping_mesh;
// names: hosts and processes ping-0..N-1; no roles, states or timeline actions of its
// own (the kernel's actions apply to its hosts); metrics: ping_* (ping_mesh.h); build:
// add_ping_mesh() with a timeout of two intervals.
#pragma once

#include <memory>

#include "model/component/component_of.h"
#include "model/netprobe/ping_mesh_spec.h"

namespace kcsim::netprobe {

class PingMeshComponent final : public component::ComponentOf<PingMeshSpec> {
 public:
  std::string_view key() const override { return "pingMesh"; }
  scenario::Schema<PingMeshSpec> schema() const override;
  const PingMeshSpec* find(const scenario::ClusterSpec& cluster) const override {
    return cluster.ping_mesh ? &*cluster.ping_mesh : nullptr;
  }

 protected:
  void add_names(const PingMeshSpec& spec, const std::vector<component::RawAction>& timeline,
                 scenario::Targets& targets) const override;
  std::unique_ptr<component::Instance> make(runner::World& world,
                                            const PingMeshSpec& spec) const override;
  PingMeshSpec& emplace(scenario::ClusterSpec& cluster) const override {
    return cluster.ping_mesh.emplace();
  }
};

}  // namespace kcsim::netprobe
