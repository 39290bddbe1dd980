// The world a scenario describes, built in a Simulation: hosts spread over zones, the
// network's links, and the cluster's components, with the names the scenario's timeline
// and checks use.
//
// Contract:
//  - The components present in the scenario are built in the registry's order (the
//    built-in one: ping mesh, then etcd) so that process ids, and with them the run,
//    depend only on the scenario. Each build returns the component's Instance, which
//    the world keeps for the run (the timeline driver applies actions through it).
//  - `resolve_process("etcd/leader")` names the process holding a role at the moment it
//    is asked (kNoProcess when none does); components register their roles.
//  - `value(name)` answers a check's names: a state a component publishes
//    ("etcd.has_leader"), else a windowed histogram statistic (histogram_windows.h), else
//    a metric query (sim::Metrics::query), else the sum over a metric's labelled series.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/component/registry.h"
#include "model/runner/histogram_windows.h"
#include "model/scenario/lookup.h"
#include "model/scenario/scenario.h"
#include "sim/random.h"
#include "sim/simulation.h"

namespace kcsim::runner {

class World final : public scenario::Lookup {
 public:
  // `keep_outputs`: the components keep what their outputs need (etcd: the clients'
  // history), which grows with the run; without it they keep only what checks need.
  World(sim::Simulation& simulation, const scenario::Scenario& scenario,
        const component::Registry& registry, bool keep_outputs = false);
  ~World() override;

  sim::Simulation& simulation() { return simulation_; }
  const std::vector<std::string>& zones() const { return zones_; }

  // Roles and states: what components publish.
  using RoleResolver = std::function<sim::ProcessId(sim::Rng&)>;
  void add_role(std::string role, RoleResolver resolver);
  void add_state(std::string name, std::function<double()> read);

  sim::ProcessId resolve_process(std::string_view name_or_role);
  std::vector<sim::HostId> resolve_hosts(std::string_view name_or_role);

  std::optional<double> value(std::string_view name) const override;
  // A histogram statistic over [from, until], for a check `over` a window after a
  // timeline entry (histogram_windows.h); nullopt for every other name.
  std::optional<double> value_over(std::string_view name, sim::Time from,
                                   sim::Time until) const override;
  // A timeline entry fired now: the windows of the checks after it open.
  void on_timeline_entry(const scenario::TimelineEntry& entry);
  // Whether a component publishes the state `name`; every state's name, in name order.
  bool has_state(std::string_view name) const { return states_.contains(name); }
  std::vector<std::string> state_names() const;

  // A line of the run's digest (what happened, in a few lines: tools print it after every
  // run), written at the end of the run by `line`. Components add theirs when built.
  void add_digest(std::string topic, std::function<std::string()> line);
  // Each digest line as "topic: text", in the order added (empty texts left out).
  std::vector<std::string> digest() const;

  bool keep_outputs() const { return keep_outputs_; }
  // Whether a check of the scenario reads `name` (a component attaches a costly checker,
  // such as etcd's linearizability search, only then).
  bool checked(std::string_view name) const { return checked_names_.contains(name); }

  // Traces a timeline entry whose target resolved to nothing when it fired.
  void note_skipped();

  const component::Registry& registry() const { return registry_; }
  // The run's part of the component that declares `action_key`, or nullptr when the
  // scenario does not run that component.
  component::Instance* action_owner(std::string_view action_key);
  // Every built component's outputs, in the registry's order (at the end of the run).
  std::vector<component::RunOutput> outputs() const;

 private:
  void build_network(const scenario::Scenario& scenario);

  sim::Simulation& simulation_;
  std::vector<std::string> zones_;
  std::map<std::string, RoleResolver, std::less<>> roles_;
  std::map<std::string, std::function<double()>, std::less<>> states_;
  std::vector<std::pair<std::string, std::function<std::string()>>> digest_;
  std::unique_ptr<HistogramWindows> windows_;  // checks' windowed statistics
  sim::Rng role_rng_;
  const component::Registry& registry_;
  bool keep_outputs_ = false;
  std::set<std::string, std::less<>> checked_names_;
  // The built components, by key, in the registry's order.
  std::vector<std::pair<std::string_view, std::unique_ptr<component::Instance>>> instances_;
};

}  // namespace kcsim::runner
