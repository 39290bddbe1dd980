#include "tools/scenario_files.h"

#include <algorithm>
#include <filesystem>

#include "model/runner/run.h"
#include "model/scenario/load.h"

namespace kcsim::tools {

std::vector<std::string> scenario_files(const std::string& path, std::string& error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return {path};
  if (!fs::is_directory(path, ec)) {
    error = path + ": no such file or directory";
    return {};
  }
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
    const std::string ext = entry.path().extension().string();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) {
      files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) error = path + ": no scenario files (*.yaml) below this folder";
  return files;
}

std::optional<scenario::Scenario> load_checked(const std::string& file,
                                               const std::vector<std::string>& sets,
                                               std::vector<std::string>& errors) {
  auto loaded = scenario::load_scenario(file, sets);
  if (!loaded.ok()) {
    errors.push_back(loaded.error().format());
    return std::nullopt;
  }
  std::vector<std::string> unknown = runner::unknown_check_names(loaded.value());
  if (!unknown.empty()) {
    errors.insert(errors.end(), unknown.begin(), unknown.end());
    return std::nullopt;
  }
  return std::move(loaded.value());
}

}  // namespace kcsim::tools
