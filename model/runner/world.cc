#include "model/runner/world.h"

#include "model/runner/distribution.h"
#include "sim/metrics.h"
#include "sim/network.h"

namespace kcsim::runner {

World::World(sim::Simulation& simulation, const scenario::Scenario& scenario,
             const component::Registry& registry, bool keep_outputs)
    : simulation_(simulation),
      role_rng_(simulation.rng("runner/roles")),
      registry_(registry),
      keep_outputs_(keep_outputs) {
  for (const scenario::CheckSpec& check : scenario.spec.checks) {
    for (const scenario::NameRef& ref : scenario::names(check.predicate))
      checked_names_.insert(ref.name);
  }
  for (std::uint64_t i = 0; i < scenario.spec.network.zones; ++i) {
    zones_.push_back(std::string("zone-") + static_cast<char>('a' + i));
  }
  build_network(scenario);
  windows_ = std::make_unique<HistogramWindows>(simulation_, scenario);
  for (const auto& component : registry.components()) {
    if (!component->present(scenario.spec.cluster)) continue;
    instances_.emplace_back(component->key(), component->build(*this, scenario.spec.cluster));
  }
  // Local clocks, set before a process boots (boots are events of the run): now for the
  // processes built, and when it starts for one the timeline adds later (memberAdd).
  std::map<std::string, sim::ClockSpec, std::less<>> clocks;
  for (const scenario::ClockEntry& clock : scenario.spec.clocks)
    clocks[clock.process] = sim::ClockSpec{clock.offset, clock.drift_ppm * 1e-6};
  for (const auto& [name, clock] : clocks) {
    if (const std::optional<sim::ProcessId> process = simulation_.find_process(name)) {
      simulation_.set_clock(*process, clock);
    }
  }
  if (!clocks.empty()) {
    sim::Simulation* sim = &simulation_;
    simulation_.add_observer(sim::LifecycleObserver{
        [sim, clocks](sim::ProcessId process) {
          if (auto it = clocks.find(sim->process_name(process)); it != clocks.end()) {
            sim->set_clock(process, it->second);
          }
        },
        {}});
  }
}

World::~World() = default;

void World::build_network(const scenario::Scenario& scenario) {
  const scenario::NetworkSpec& spec = scenario.spec.network;
  sim::NetworkSpec net;
  net.intra_zone.latency = to_distribution(spec.intra_zone_latency);
  net.inter_zone.latency = to_distribution(spec.inter_zone_latency);
  net.intra_zone.loss = spec.loss;
  net.inter_zone.loss = spec.loss;
  net.intra_zone.bandwidth_bits_per_s = static_cast<double>(spec.bandwidth_bps);
  net.inter_zone.bandwidth_bits_per_s = static_cast<double>(spec.bandwidth_bps);
  simulation_.network().set_spec(std::move(net));
}

void World::add_role(std::string role, RoleResolver resolver) {
  roles_.insert_or_assign(std::move(role), std::move(resolver));
}

void World::add_state(std::string name, std::function<double()> read) {
  states_.insert_or_assign(std::move(name), std::move(read));
}

std::vector<std::string> World::state_names() const {
  std::vector<std::string> names;
  for (const auto& [name, read] : states_)
    names.push_back(name);
  return names;
}

void World::add_digest(std::string topic, std::function<std::string()> line) {
  digest_.emplace_back(std::move(topic), std::move(line));
}

std::vector<std::string> World::digest() const {
  std::vector<std::string> lines;
  for (const auto& [topic, line] : digest_) {
    std::string text = line();
    if (!text.empty()) lines.push_back(topic + ": " + text);
  }
  return lines;
}

sim::ProcessId World::resolve_process(std::string_view name_or_role) {
  if (auto it = roles_.find(name_or_role); it != roles_.end()) return it->second(role_rng_);
  return simulation_.find_process(name_or_role).value_or(sim::kNoProcess);
}

std::vector<sim::HostId> World::resolve_hosts(std::string_view name_or_role) {
  if (auto host = simulation_.find_host(name_or_role)) return {*host};
  const sim::ProcessId process = resolve_process(name_or_role);
  if (process == sim::kNoProcess) return {};
  return {simulation_.process_info(process).host};
}

void World::note_skipped() {
  static constexpr sim::Label kSkipped{"timeline.skipped"};
  simulation_.note(sim::TraceKind::kFault, kSkipped, sim::kNoProcess);
}

component::Instance* World::action_owner(std::string_view action_key) {
  const std::optional<component::Registry::ActionRef> action = registry_.find_action(action_key);
  if (!action) return nullptr;
  for (auto& [key, instance] : instances_) {
    if (key == action->component->key()) return instance.get();
  }
  return nullptr;
}

std::vector<component::RunOutput> World::outputs() const {
  std::vector<component::RunOutput> out;
  for (const auto& [key, instance] : instances_) {
    for (component::RunOutput& output : instance->outputs())
      out.push_back(std::move(output));
  }
  return out;
}

std::optional<double> World::value_over(std::string_view name, sim::Time from,
                                        sim::Time until) const {
  if (states_.contains(name)) return std::nullopt;
  return windows_->value_over(name, from, until);
}

void World::on_timeline_entry(const scenario::TimelineEntry& entry) {
  windows_->on_entry(entry);
}

std::optional<double> World::value(std::string_view name) const {
  if (auto it = states_.find(name); it != states_.end()) return it->second();
  if (auto v = windows_->value(name)) return v;
  if (auto v = simulation_.metrics().query(name)) return v;
  return simulation_.metrics().sum_over(name);
}

}  // namespace kcsim::runner
