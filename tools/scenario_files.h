// Loading scenarios for the commands: a file, or every *.yaml below a folder (sorted),
// with parse errors and unknown check names turned into messages.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/scenario/scenario.h"

namespace kcsim::tools {

// The scenario files a path names: itself if it is a file, else every *.yaml or *.yml
// below it, in sorted order. A path that does not exist gives an error message.
std::vector<std::string> scenario_files(const std::string& path, std::string& error);

// Loads and validates one scenario; on failure returns nullopt and sets `errors`.
std::optional<scenario::Scenario> load_checked(const std::string& file,
                                               const std::vector<std::string>& sets,
                                               std::vector<std::string>& errors);

}  // namespace kcsim::tools
