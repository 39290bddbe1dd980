// kcsim schema: prints a JSON Schema (draft-07) of the scenario format, so that editors
// with YAML support (yaml-language-server: `# yaml-language-server: $schema=FILE`)
// complete keys, show each key's type, range and default, and flag errors as you type.
//
// The schema is rendered from scenario_shape() (model/scenario/load.h): the parser's own
// declarations, so a component's new key is in it with no edit here. Draft-07 rather
// than 2020-12 because it is the draft editors' YAML tooling supports best; nothing
// here needs a later one.
//
// How a Shape becomes JSON Schema (YAML 1.2 core types, as yaml-language-server reads
// the file): a text is a string, number or boolean (the parser reads any scalar as
// text); a duration is a string with the pattern of sim::parse_duration, or the bare 0;
// sizes and bandwidths are strings with their pattern; a mapping accepts only its
// keys (additionalProperties: false); "exactly one of" is a oneOf of `required`s; "a
// needs b" is `dependencies`.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>
#include <map>
#include <string>
#include <variant>

#include "model/component/builtin.h"
#include "model/scenario/load.h"
#include "tools/commands.h"

namespace kcsim::tools {
namespace {

using Json = nlohmann::ordered_json;
using scenario::Shape;

Json default_json(const Shape::Default& value) {
  return std::visit(
      [](const auto& v) -> Json {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::monostate>) {
          return Json();
        } else {
          return Json(v);
        }
      },
      value);
}

bool all_digits(const std::string& text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
}

Json render(const Shape& shape);

void render_text(const Shape& shape, Json& out) {
  if (shape.enum_values.empty()) {
    out["type"] = Json::array({"string", "number", "boolean"});
    if (!shape.pattern.empty()) out["pattern"] = shape.pattern;
    return;
  }
  Json values = Json::array();
  for (const std::string& value : shape.enum_values) {
    values.push_back(value);
    // A plain 0 in YAML is a number; the parser reads it as the text "0".
    if (all_digits(value)) values.push_back(std::stoull(value));
  }
  out["enum"] = std::move(values);
}

void render_mapping(const Shape& shape, Json& out) {
  out["type"] = "object";
  Json properties = Json::object();
  Json required = Json::array();
  for (const Shape& property : shape.properties) {
    properties[property.key] = render(property);
    if (property.required) required.push_back(property.key);
  }
  out["properties"] = std::move(properties);
  out["additionalProperties"] = false;
  if (!required.empty()) out["required"] = std::move(required);
  Json groups = Json::array();
  for (const std::vector<std::string>& group : shape.exactly_one_of) {
    Json one_of = Json::array();
    for (const std::string& key : group)
      one_of.push_back(Json{{"required", Json::array({key})}});
    groups.push_back(Json{{"oneOf", std::move(one_of)}});
  }
  if (groups.size() == 1) out["oneOf"] = groups.front()["oneOf"];
  if (groups.size() > 1) out["allOf"] = std::move(groups);
  if (shape.requires_key.empty()) return;
  std::map<std::string, Json> dependencies;
  for (const auto& [key, needed] : shape.requires_key) {
    Json& list = dependencies[key];
    if (list.is_null()) list = Json::array();
    list.push_back(needed);
  }
  out["dependencies"] = Json(dependencies);
}

void render_type(const Shape& shape, Json& out) {
  switch (shape.type) {
    case Shape::Type::kAny:
      if (!shape.any_of.empty()) {
        Json forms = Json::array();
        for (const Shape& form : shape.any_of)
          forms.push_back(render(form));
        out["anyOf"] = std::move(forms);
      }
      return;
    case Shape::Type::kText:
      render_text(shape, out);
      return;
    case Shape::Type::kInteger:
      out["type"] = "integer";
      if (shape.minimum) out["minimum"] = static_cast<std::uint64_t>(*shape.minimum);
      if (shape.maximum_count) out["maximum"] = *shape.maximum_count;
      return;
    case Shape::Type::kNumber:
      out["type"] = "number";
      if (shape.minimum) out["minimum"] = *shape.minimum;
      if (shape.maximum) out["maximum"] = *shape.maximum;
      return;
    case Shape::Type::kBoolean:
      out["type"] = "boolean";
      return;
    case Shape::Type::kDuration:
      // A string with the pattern; where 0 is allowed, also an integer that must be 0
      // (the pattern applies only to strings, the bounds only to numbers).
      if (shape.minimum.value_or(0) > 0) {
        out["type"] = "string";
      } else {
        out["type"] = Json::array({"string", "integer"});
        out["minimum"] = 0;
        out["maximum"] = 0;
      }
      out["pattern"] = shape.pattern;
      return;
    case Shape::Type::kSize:
    case Shape::Type::kBandwidth:
      out["type"] = "string";
      out["pattern"] = shape.pattern;
      return;
    case Shape::Type::kMapping:
      render_mapping(shape, out);
      return;
    case Shape::Type::kList:
      out["type"] = "array";
      if (!shape.items.empty()) out["items"] = render(shape.items.front());
      if (shape.min_items > 0) out["minItems"] = shape.min_items;
      if (shape.max_items) out["maxItems"] = *shape.max_items;
      return;
  }
}

Json render(const Shape& shape) {
  Json out = Json::object();
  if (!shape.description.empty()) out["description"] = shape.description;
  render_type(shape, out);
  if (!std::holds_alternative<std::monostate>(shape.default_value)) {
    out["default"] = default_json(shape.default_value);
  }
  return out;
}

}  // namespace

std::string scenario_json_schema() {
  Json schema = Json::object();
  schema["$schema"] = "http://json-schema.org/draft-07/schema#";
  schema["title"] = "kcsim scenario";
  const Json document = render(scenario::scenario_shape(component::builtin_components()));
  for (const auto& [key, value] : document.items())
    schema[key] = value;
  return schema.dump(2) + "\n";
}

CLI::App* add_schema_command(CLI::App& app, std::function<int(const std::atomic<bool>&)>& work) {
  CLI::App* cmd = app.add_subcommand(
      "schema", "Print a JSON Schema (draft-07) of the scenario format, for editors");
  cmd->footer(
      "Exit codes: 0 printed.\n"
      "Example: kcsim schema > kcsim-scenario.schema.json, then in a scenario file:\n"
      "  # yaml-language-server: $schema=kcsim-scenario.schema.json");
  cmd->callback([&work] {
    work = [](const std::atomic<bool>&) {
      std::cout << scenario_json_schema();
      return kExitPassed;
    };
  });
  return cmd;
}

}  // namespace kcsim::tools
