#include "model/scenario/load.h"

#include <fstream>
#include <iterator>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "model/scenario/overrides.h"
#include "model/scenario/parse_context.h"
#include "model/scenario/parse_sections.h"
#include "model/scenario/yaml_document.h"

namespace kcsim::scenario {
namespace {

Result<Scenario, ScenarioError> walk(const component::Registry& registry, std::string_view text,
                                     std::string_view file, std::vector<Override> overrides) {
  Result<YAML::Node, ScenarioError> document = read_one_document(text, file);
  if (!document) return document.error();
  YAML::Node root = document.value();
  if (root.IsMap()) {
    for (const Override& override : overrides) {
      if (std::optional<ScenarioError> error = apply_override(root, override)) return *error;
    }
  }
  ParseContext ctx(std::string(file), std::move(overrides));
  ctx.set_source(text);
  Field field;
  field.node = root;
  field.present = true;
  field.key_mark = root.Mark();
  field.map_mark = root.Mark();
  Scenario scenario;
  scenario.file = std::string(file);
  parse_document(ctx, registry, field, scenario);
  if (std::optional<ScenarioError> error = ctx.take_error()) return *error;
  return scenario;
}

}  // namespace

Result<Scenario, ScenarioError> parse_scenario(const component::Registry& registry,
                                               std::string_view text, std::string_view file_name,
                                               const std::vector<std::string>& sets) {
  std::vector<Override> overrides;
  for (const std::string& set : sets) {
    Result<Override, ScenarioError> override = parse_override(set);
    if (!override) return override.error();
    overrides.push_back(std::move(override).value());
  }
  try {
    return walk(registry, text, file_name, std::move(overrides));
  } catch (const YAML::Exception& e) {
    // The walker checks types before every read; this is a last line of defence.
    return error_at_mark(file_name, e.mark, "internal error while reading the YAML tree: " + e.msg);
  }
}

Result<Scenario, ScenarioError> load_scenario(const component::Registry& registry,
                                              const std::string& path,
                                              const std::vector<std::string>& sets) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return ScenarioError{path, 0, 0, "", "cannot open the file"};
  std::string text;
  text.resize(kScenarioFileBytesMax + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) return ScenarioError{path, 0, 0, "", "cannot read the file"};
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kScenarioFileBytesMax) {
    return ScenarioError{
        path, 0, 0, "",
        "the file is larger than " + std::to_string(kScenarioFileBytesMax) + " bytes"};
  }
  return parse_scenario(registry, text, path, sets);
}

}  // namespace kcsim::scenario
