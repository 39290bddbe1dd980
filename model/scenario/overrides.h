// `--set path.to.key=value` overrides, applied to the YAML tree before the strict parse.
//
// Contract:
//  - A path is dotted keys with optional list indices: "spec.cluster.etcd.members",
//    "spec.timeline[2].at". The value is read as YAML ("5", "2s", "{members: 5}", "[a, b]").
//  - Missing mappings along the path are created; a list index must already exist; a path
//    that crosses a scalar or a list without an index is an error naming the path.
//  - The strict parse then sees the overridden tree, so an override is held to exactly the
//    same rules as the file; an error beneath an override's path is reported against
//    "--set" rather than the file (see ParseContext).
//  - Overrides apply in order; a later one wins over an earlier one on the same path.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/scenario/result.h"
#include "model/scenario/scenario_error.h"

namespace YAML {
class Node;
}

namespace kcsim::scenario {

struct Override {
  std::string path;   // "spec.cluster.etcd.members"
  std::string value;  // "5", as YAML
  std::string text() const { return path + "=" + value; }
};

inline constexpr std::size_t kOverridePathSegmentsMax = 32;

// Splits "path=value" at the first '='; the path must be non-empty.
Result<Override, ScenarioError> parse_override(std::string_view text);

// Applies `override` to `root` (a mapping). Errors are reported against "--set".
std::optional<ScenarioError> apply_override(YAML::Node& root, const Override& override);

}  // namespace kcsim::scenario
