#include "model/scenario/scenario_error.h"

namespace kcsim::scenario {

std::string ScenarioError::format() const {
  std::string out = file;
  if (line > 0) {
    out += ":" + std::to_string(line) + ":" + std::to_string(column);
  }
  out += ": ";
  if (!key_path.empty()) out += key_path + ": ";
  out += message;
  return out;
}

}  // namespace kcsim::scenario
