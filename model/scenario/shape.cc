#include "model/scenario/shape.h"

#include <algorithm>

#include "model/scenario/units.h"
#include "sim/invariant.h"

namespace kcsim::scenario {
namespace {

// sim::parse_duration's grammar: one or more <number><unit>, the number digits with an
// optional fraction (or only a fraction), the unit one of sim/time.cc's kUnits.
constexpr const char* kDurationPattern =
    "^(([0-9]+\\.?[0-9]*|\\.[0-9]+)(ns|us|\u00b5s|ms|s|m|h))+$";

}  // namespace

Shape Shape::any(std::string description) {
  Shape shape;
  shape.description = std::move(description);
  return shape;
}

Shape Shape::text(std::string description) {
  Shape shape;
  shape.type = Type::kText;
  shape.description = std::move(description);
  return shape;
}

Shape Shape::one_of_texts(std::string description, std::vector<std::string> values) {
  Shape shape = text(std::move(description));
  shape.enum_values = std::move(values);
  return shape;
}

Shape Shape::integer(std::uint64_t min, std::uint64_t max) {
  Shape shape;
  shape.type = Type::kInteger;
  shape.description = "an integer from " + std::to_string(min) + " to " + std::to_string(max);
  shape.minimum = static_cast<double>(min);
  shape.maximum_count = max;
  return shape;
}

Shape Shape::number(double min, double max) {
  Shape shape;
  shape.type = Type::kNumber;
  shape.description = "a number from " + format_real(min) + " to " + format_real(max);
  shape.minimum = min;
  shape.maximum = max;
  return shape;
}

Shape Shape::boolean() {
  Shape shape;
  shape.type = Type::kBoolean;
  shape.description = "true or false";
  return shape;
}

Shape Shape::duration(sim::Time min) {
  Shape shape;
  shape.type = Type::kDuration;
  shape.description = "a duration with a unit (ns, us, ms, s, m, h) such as 150ms or 1m30s";
  if (min > 0) shape.description += ", at least " + sim::format_duration(min);
  shape.pattern = kDurationPattern;
  shape.minimum = static_cast<double>(min);  // in ns: a bare 0 is accepted only when 0
  return shape;
}

Shape Shape::size(std::uint64_t min) {
  Shape shape;
  shape.type = Type::kSize;
  shape.description = "a size with a unit (B, kB, MB, GB, TB, KiB, MiB, GiB, TiB) such as 64MiB";
  if (min > 0) shape.description += ", at least " + size_text(min);
  shape.pattern = size_pattern();
  return shape;
}

Shape Shape::bandwidth() {
  Shape shape;
  shape.type = Type::kBandwidth;
  shape.description = "a bandwidth with a unit (bps, Kbps, Mbps, Gbps, Tbps) such as 10Gbps";
  shape.pattern = bandwidth_pattern();
  return shape;
}

Shape Shape::mapping(std::string description, std::vector<Shape> properties) {
  Shape shape;
  shape.type = Type::kMapping;
  shape.description = std::move(description);
  shape.properties = std::move(properties);
  return shape;
}

Shape Shape::list(Shape item, std::size_t min, std::optional<std::size_t> max) {
  Shape shape;
  shape.type = Type::kList;
  shape.description = item.description.empty() ? "a list" : "a list of " + item.description;
  shape.items.push_back(std::move(item));
  shape.min_items = min;
  shape.max_items = max;
  return shape;
}

const Shape* Shape::property(std::string_view name) const {
  for (const Shape& candidate : properties) {
    if (candidate.key == name) return &candidate;
  }
  return nullptr;
}

std::string size_text(std::uint64_t bytes) {
  constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  std::size_t unit = 0;
  while (bytes != 0 && bytes % 1024 == 0 && unit + 1 < std::size(kUnits)) {
    bytes /= 1024;
    ++unit;
  }
  return std::to_string(bytes) + kUnits[unit];
}

void assert_same_keys(const Shape& mapping, const std::vector<std::string_view>& known) {
  KCSIM_ASSERT(mapping.type == Shape::Type::kMapping);
  KCSIM_ASSERT(mapping.properties.size() == known.size());
  for (std::string_view key : known) {
    KCSIM_ASSERT(mapping.property(key) != nullptr);
  }
}

}  // namespace kcsim::scenario
