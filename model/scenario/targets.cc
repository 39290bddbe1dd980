#include "model/scenario/targets.h"

#include <charconv>

#include "model/component/registry.h"

namespace kcsim::scenario {

std::optional<std::uint64_t> name_number(std::string_view name, std::string_view prefix) {
  if (!name.starts_with(prefix)) return std::nullopt;
  const std::string_view digits = name.substr(prefix.size());
  if (digits.empty() || (digits.size() > 1 && digits.front() == '0')) return std::nullopt;
  std::uint64_t number = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return number;
}

Targets known_targets(const component::Registry& registry, const ClusterSpec& cluster,
                      const std::vector<RawAction>& timeline) {
  Targets targets;
  for (const auto& component : registry.components()) {
    component->add_targets(cluster, timeline, targets);
  }
  return targets;
}

}  // namespace kcsim::scenario
