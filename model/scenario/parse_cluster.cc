// The cluster section: which components run, and their settings. The keys are the
// registry's components; each reads its own section (component.h).
#include <string_view>
#include <vector>

#include "model/component/registry.h"
#include "model/scenario/parse_sections.h"

namespace kcsim::scenario {

void parse_cluster(ParseContext& ctx, const component::Registry& registry, const Field& field,
                   ClusterSpec& out) {
  std::vector<std::string_view> keys;
  for (const auto& component : registry.components())
    keys.push_back(component->key());
  MapReader map(ctx, field, keys, "the cluster's components");
  for (const auto& component : registry.components()) {
    const Field section = map.get(component->key());
    if (section.present) component->parse(ctx, section, out);
  }
}

Shape cluster_shape(const component::Registry& registry) {
  std::vector<Shape> properties;
  for (const auto& component : registry.components())
    properties.push_back(component->shape().named(std::string(component->key())));
  return Shape::mapping("the cluster's components", std::move(properties));
}

}  // namespace kcsim::scenario
