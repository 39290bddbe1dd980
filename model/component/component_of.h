// ComponentOf<Spec>: the usual shape of a Component whose settings are one struct Spec
// read with a Schema<Spec>.
//
// Contract:
//  - A subclass gives schema(), add_names() (its targets) and make() (its build); this
//    class does the parse (default Spec, then the schema), present(), and the dispatch.
//  - Where the settings live: by default in ClusterSpec::components under key() (a
//    std::any holding a Spec). The built-in components override emplace() and find() to
//    use their typed members of ClusterSpec (cluster.etcd, cluster.ping_mesh), which the
//    code and the tests that predate the registry read.
#pragma once

#include <any>

#include <memory>
#include <string>
#include <vector>
#include "sim/invariant.h"

#include "model/component/component.h"
#include "model/scenario/schema.h"

namespace kcsim::component {

template <class Spec>
class ComponentOf : public Component {
 public:
  bool present(const scenario::ClusterSpec& cluster) const final {
    return find(cluster) != nullptr;
  }

  void parse(scenario::ParseContext& ctx, const scenario::Field& field,
             scenario::ClusterSpec& cluster) const final {
    schema().parse(ctx, field, emplace(cluster));
  }

  void add_targets(const scenario::ClusterSpec& cluster, const std::vector<RawAction>& timeline,
                   scenario::Targets& targets) const final {
    if (const Spec* spec = find(cluster)) add_names(*spec, timeline, targets);
  }

  std::unique_ptr<Instance> build(runner::World& world,
                                  const scenario::ClusterSpec& cluster) const final {
    const Spec* spec = find(cluster);
    KCSIM_ASSERT(spec != nullptr);
    return make(world, *spec);
  }

  virtual scenario::Schema<Spec> schema() const = 0;

  scenario::Shape shape() const final { return schema().shape(); }

  // The settings in `cluster`, or nullptr when the file has no such section.
  virtual const Spec* find(const scenario::ClusterSpec& cluster) const {
    const auto it = cluster.components.find(key());
    return it == cluster.components.end() ? nullptr : std::any_cast<Spec>(&it->second);
  }

 protected:
  virtual void add_names(const Spec& spec, const std::vector<RawAction>& timeline,
                         scenario::Targets& targets) const = 0;
  virtual std::unique_ptr<Instance> make(runner::World& world, const Spec& spec) const = 0;

  // A default Spec in `cluster`, to be filled by the parse.
  virtual Spec& emplace(scenario::ClusterSpec& cluster) const {
    std::any& slot = cluster.components[std::string(key())];
    slot = Spec{};
    return std::any_cast<Spec&>(slot);
  }
};

}  // namespace kcsim::component
