// Component: one kind of thing a scenario's cluster runs (the ping mesh, etcd, later the
// API servers, the controllers, the kubelets), declared in one place and registered once.
//
// A component declares, for the parser, the world, the timeline driver and the run:
//  - its settings: the key under spec.cluster (`key()`), parsed with a Schema (schema.h)
//    into a settings struct that holds the defaults (ComponentOf<Spec> does this part);
//  - its names: the processes, hosts and roles a timeline entry may target
//    (`add_targets`), given the cluster and the raw (key, scalar value) pairs of the
//    timeline, so that a name an action creates (memberAdd: etcd-3) is a target everywhere;
//  - its timeline actions (`actions()`): the keys, their options, whether they last
//    (`for:`), and how to read them; the kernel's actions (crash, partition, ...) are
//    not a component's and stay in the generic timeline;
//  - `build()`: makes its hosts and processes in the World, registers its roles and the
//    states checks read (World::add_role, World::add_state), and returns the run's
//    Instance, which applies its timeline actions and hands over its outputs.
//
// Contract:
//  - A component is a stateless declaration (const methods); one run's state lives in
//    its Instance. The Registry (registry.h) fixes the order in which components are
//    parsed and built: that order fixes process ids and with them the trace hash.
//  - parse() is called only when the file has the component's key; present() tells the
//    world and the targets whether it did.
//  - Errors are reported into the ParseContext with key paths, as every parser does.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/scenario/parse_context.h"
#include "model/scenario/scenario.h"
#include "model/scenario/shape.h"
#include "model/scenario/targets.h"
#include "model/scenario/timeline.h"

namespace kcsim::runner {
class World;
}

namespace kcsim::component {

// A timeline entry's key and scalar value before the strict parse ("memberAdd",
// "etcd-3"): what add_targets() may use to name what the timeline creates.
using RawAction = scenario::RawAction;

// What a component's action parser sees of one timeline entry.
struct ActionInput {
  const scenario::Field& value;                         // the action's value
  const scenario::MapReader& entry;                     // the entry, for its options
  const scenario::ClusterSpec& cluster;                 // as parsed
  const scenario::Targets& targets;                     // every known name
  const std::vector<scenario::TimelineEntry>& earlier;  // the entries before this one
};

using ActionParser =
    std::function<void(scenario::ParseContext&, const ActionInput&, scenario::TimelineEntry&)>;

// One timeline action of a component.
struct ActionSpec {
  std::string key;                                               // "memberAdd"
  scenario::ActionKind kind = scenario::ActionKind::kComponent;  // its enum value, if any
  std::vector<std::string> options;  // entry keys only this action takes ("learner")
  bool lasts = false;                // takes `for:`, undone after it
  ActionParser parse_value;          // reads the action's value into the entry
  ActionParser parse_options;        // reads the options, after the generic keys
  // What the action's value looks like, for `kcsim schema` (shape.h); options are
  // described as any value.
  scenario::Shape value_shape = scenario::Shape::text("the name the action applies to");
};

// A file a run writes beside summary.json ("history.porcupine.json"), made on demand.
struct RunOutput {
  std::string file;
  std::function<std::string()> text;
};

// One run's part of a component: what it built, as the timeline and the run need it.
class Instance {
 public:
  virtual ~Instance() = default;
  // Applies one of the component's actions; returns what undoes it (for `for:`), or
  // nothing. A target that resolves to nothing is the instance's to trace as skipped.
  virtual std::function<void()> apply(const scenario::TimelineEntry& entry, runner::World& world);
  // Called at the end of the run.
  virtual std::vector<RunOutput> outputs() const { return {}; }
};

inline std::function<void()> Instance::apply(const scenario::TimelineEntry&, runner::World&) {
  return {};
}

class Component {
 public:
  virtual ~Component() = default;

  virtual std::string_view key() const = 0;  // spec.cluster.<key>: "etcd"
  virtual bool present(const scenario::ClusterSpec& cluster) const = 0;
  virtual void parse(scenario::ParseContext& ctx, const scenario::Field& field,
                     scenario::ClusterSpec& cluster) const = 0;
  // What parse() accepts, for `kcsim schema` (shape.h); ComponentOf gives its schema's.
  virtual scenario::Shape shape() const {
    return scenario::Shape::any("the " + std::string(key()) + " settings");
  }
  // Adds the names of a present component to `targets`.
  virtual void add_targets(const scenario::ClusterSpec& cluster,
                           const std::vector<RawAction>& timeline,
                           scenario::Targets& targets) const = 0;
  virtual const std::vector<ActionSpec>& actions() const {
    static const std::vector<ActionSpec> kNone;
    return kNone;
  }
  // Builds a present component in the world.
  virtual std::unique_ptr<Instance> build(runner::World& world,
                                          const scenario::ClusterSpec& cluster) const = 0;
};

}  // namespace kcsim::component
