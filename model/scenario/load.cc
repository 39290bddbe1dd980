#include "model/scenario/load.h"

#include <fstream>
#include <iterator>
#include <sstream>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "model/scenario/overrides.h"
#include "model/scenario/parse_context.h"
#include "model/scenario/parse_sections.h"

namespace kcsim::scenario {
namespace {

ScenarioError at_mark(std::string_view file, const YAML::Mark& mark, std::string message) {
  const int line = mark.line >= 0 ? mark.line + 1 : 1;
  const int column = mark.column >= 0 ? mark.column + 1 : 1;
  return ScenarioError{std::string(file), line, column, "", std::move(message)};
}

// Counts a stream's documents, up to two, building nothing: yaml-cpp 0.7's LoadAll never
// returns on some inputs (",N1", found by the fuzzer: its parser yields an empty document
// for a stray flow entry without consuming it, forever, and LoadAll keeps them all).
class DocumentCounter final : public YAML::EventHandler {
 public:
  std::size_t documents = 0;
  YAML::Mark second = YAML::Mark::null_mark();  // the second document's first node

  void OnDocumentStart(const YAML::Mark&) override { ++documents; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string&) override {
    node(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnMapEnd() override {}

 private:
  void node(const YAML::Mark& mark) {
    if (documents == 2 && second.is_null()) second = mark;
  }
};

// The first document (none for an empty stream); a second one is an error.
Result<std::vector<YAML::Node>, ScenarioError> load_documents(std::string_view text,
                                                              std::string_view file) {
  try {
    std::istringstream stream{std::string(text)};
    YAML::Parser parser(stream);
    DocumentCounter counter;
    while (counter.documents < 2 && parser.HandleNextDocument(counter)) {
    }
    if (counter.documents == 0) return std::vector<YAML::Node>{};
    YAML::Node first = YAML::Load(std::string(text));
    if (counter.documents > 1 && !first.IsNull()) {
      return at_mark(file, counter.second, "expected one YAML document, found a second one");
    }
    return std::vector<YAML::Node>{first};
  } catch (const YAML::Exception& e) {
    return at_mark(file, e.mark, "not valid YAML: " + e.msg);
  }
}

Result<Scenario, ScenarioError> walk(const component::Registry& registry, std::string_view text,
                                     std::string_view file, std::vector<Override> overrides) {
  Result<std::vector<YAML::Node>, ScenarioError> documents = load_documents(text, file);
  if (!documents) return documents.error();
  std::vector<YAML::Node>& docs = documents.value();
  if (docs.empty() || docs[0].IsNull()) {
    return ScenarioError{std::string(file), 1, 1, "",
                         "the file is empty: expected a Scenario with apiVersion, kind, metadata "
                         "and spec"};
  }
  if (docs.size() > 1) {
    return at_mark(file, docs[1].Mark(), "expected one YAML document, found a second one");
  }
  YAML::Node root = docs[0];
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
    return at_mark(file_name, e.mark, "internal error while reading the YAML tree: " + e.msg);
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
