#include "model/netprobe/ping_mesh_component.h"

#include "model/netprobe/ping_mesh.h"
#include "model/runner/world.h"

namespace kcsim::netprobe {

scenario::Schema<PingMeshSpec> PingMeshComponent::schema() const {
  return scenario::Schema<PingMeshSpec>("the ping mesh settings")
      .count("hosts", &PingMeshSpec::hosts, 2, kPingHostsMax)
      .duration("interval", &PingMeshSpec::interval, sim::kMillisecond)
      .size("payload", &PingMeshSpec::payload_bytes, 1);
}

void PingMeshComponent::add_names(const PingMeshSpec& spec,
                                  const std::vector<component::RawAction>&,
                                  scenario::Targets& targets) const {
  targets.add_numbered("ping", spec.hosts);
}

std::unique_ptr<component::Instance> PingMeshComponent::make(runner::World& world,
                                                             const PingMeshSpec& spec) const {
  PingMeshConfig config;
  config.interval = spec.interval;
  config.timeout = 2 * spec.interval;
  config.payload_bytes = spec.payload_bytes;
  add_ping_mesh(world.simulation(), spec.hosts, config, world.zones());
  return std::make_unique<component::Instance>();
}

}  // namespace kcsim::netprobe
