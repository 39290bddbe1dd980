// Loading a scenario file: text -> Scenario, or exactly one ScenarioError.
//
// Contract:
//  - Strict: an empty file, text that is not YAML, more than one YAML document, a
//    document that is not a mapping, an unknown or duplicate key anywhere, a missing
//    required key, a wrong type, a duration or size without a unit, an out-of-range
//    number, an unknown enum value, a target that names no process/host/role, an
//    `after:` that names no timeline entry, and a malformed predicate are all errors.
//  - Never throws and never crashes on any input: yaml-cpp's exceptions are caught and
//    reported at their mark; the walker checks every node's type before reading it.
//  - `sets` are "path.to.key=value" overrides (the CLI's --set), applied in order to the
//    YAML tree before the strict parse (overrides.h).
//  - Deterministic: the same text and sets give the same Scenario or the same error.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/scenario/result.h"
#include "model/scenario/scenario.h"
#include "model/scenario/scenario_error.h"
#include "model/scenario/shape.h"

namespace kcsim::component {
class Registry;
}

namespace kcsim::scenario {

inline constexpr std::size_t kScenarioFileBytesMax = 16 * 1024 * 1024;

// With the components of `registry` under spec.cluster and in the timeline.
Result<Scenario, ScenarioError> parse_scenario(const component::Registry& registry,
                                               std::string_view text, std::string_view file_name,
                                               const std::vector<std::string>& sets = {});
// Reads the file (at most kScenarioFileBytesMax bytes) and parses it.
Result<Scenario, ScenarioError> load_scenario(const component::Registry& registry,
                                              const std::string& path,
                                              const std::vector<std::string>& sets = {});

// What parse_scenario accepts, as data (shape.h), from the declarations it parses with:
// the sections' key lists, each component's Schema, the kernel's and the components'
// timeline actions. `kcsim schema` prints it as a JSON Schema.
Shape scenario_shape(const component::Registry& registry);

// The same with the built-in components (model/component/builtin.h), defined in
// model/component/builtin/ (the library that links every component).
Result<Scenario, ScenarioError> parse_scenario(std::string_view text, std::string_view file_name,
                                               const std::vector<std::string>& sets = {});
Result<Scenario, ScenarioError> load_scenario(const std::string& path,
                                              const std::vector<std::string>& sets = {});

}  // namespace kcsim::scenario
