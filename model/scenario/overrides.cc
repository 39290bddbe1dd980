#include "model/scenario/overrides.h"

#include <yaml-cpp/yaml.h>

namespace kcsim::scenario {
namespace {

struct Segment {
  std::string key;
  std::optional<std::size_t> index;
};

ScenarioError set_error(const Override& override, int column, std::string message) {
  return ScenarioError{"--set", 1, column, override.path, std::move(message)};
}

bool is_key_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

// "spec.timeline[2].at" -> {spec}, {timeline, 2}, {at}; nullopt on bad syntax.
std::optional<std::vector<Segment>> split_path(std::string_view path) {
  std::vector<Segment> out;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    if (out.size() == kOverridePathSegmentsMax) return std::nullopt;
    Segment segment;
    while (pos < path.size() && is_key_char(path[pos])) {
      segment.key += path[pos++];
    }
    if (segment.key.empty()) return std::nullopt;
    if (pos < path.size() && path[pos] == '[') {
      const std::size_t close = path.find(']', pos);
      if (close == std::string_view::npos || close == pos + 1) return std::nullopt;
      std::size_t index = 0;
      for (std::size_t i = pos + 1; i < close; ++i) {
        if (path[i] < '0' || path[i] > '9' || index > 1'000'000) return std::nullopt;
        index = index * 10 + static_cast<std::size_t>(path[i] - '0');
      }
      segment.index = index;
      pos = close + 1;
    }
    out.push_back(std::move(segment));
    if (pos == path.size()) return out;
    if (path[pos] != '.') return std::nullopt;
    ++pos;
  }
  return std::nullopt;
}

std::string join(const std::vector<Segment>& segments, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += ".";
    out += segments[i].key;
    if (segments[i].index) out += "[" + std::to_string(*segments[i].index) + "]";
  }
  return out;
}

}  // namespace

Result<Override, ScenarioError> parse_override(std::string_view text) {
  const std::size_t equals = text.find('=');
  Override out;
  if (equals == std::string_view::npos) {
    out.path = std::string(text);
    return set_error(out, 1, "expected path.to.key=value, found no '=' in \"" + out.path + "\"");
  }
  out.path = std::string(text.substr(0, equals));
  out.value = std::string(text.substr(equals + 1));
  if (!split_path(out.path)) {
    return set_error(out, 1,
                     "expected a key path such as spec.cluster.etcd.members or "
                     "spec.timeline[0].at, found \"" +
                         out.path + "\"");
  }
  return out;
}

std::optional<ScenarioError> apply_override(YAML::Node& root, const Override& override) {
  const std::optional<std::vector<Segment>> segments = split_path(override.path);
  if (!segments) {
    return set_error(
        override, 1,
        "expected a key path such as spec.cluster.etcd.members, found \"" + override.path + "\"");
  }
  YAML::Node value;
  try {
    value = YAML::Load(override.value);
  } catch (const YAML::Exception& e) {
    return set_error(override,
                     static_cast<int>(override.path.size()) + 2 + std::max(0, e.mark.column),
                     "the value is not valid YAML: " + e.msg);
  }
  YAML::Node current;
  current.reset(root);
  for (std::size_t i = 0; i < segments->size(); ++i) {
    const Segment& segment = (*segments)[i];
    const bool last = i + 1 == segments->size();
    if (!current.IsDefined() || current.IsNull()) current = YAML::Node(YAML::NodeType::Map);
    if (!current.IsMap()) {
      return set_error(
          override, 1,
          "cannot set " + override.path + ": " + join(*segments, i) + " is not a mapping");
    }
    if (!segment.index) {
      if (last) {
        current[segment.key] = value;
        return std::nullopt;
      }
      YAML::Node child = current[segment.key];
      current.reset(child);
      continue;
    }
    YAML::Node list = current[segment.key];
    if (!list.IsSequence() || *segment.index >= list.size()) {
      return set_error(override, 1,
                       "cannot set " + override.path + ": " + join(*segments, i) + segment.key +
                           " has no element " + std::to_string(*segment.index));
    }
    if (last) {
      list[*segment.index] = value;
      return std::nullopt;
    }
    YAML::Node element = list[*segment.index];
    current.reset(element);
  }
  return std::nullopt;
}

}  // namespace kcsim::scenario
