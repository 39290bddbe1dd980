#include "model/scenario/yaml_document.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <sstream>
#include <string>
#include <utility>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

namespace kcsim::scenario {
namespace {

constexpr const char* kExpected = "a Scenario with apiVersion, kind, metadata and spec";

// Where a document starts and what its first node is.
struct DocumentStart {
  YAML::Mark start = YAML::Mark::null_mark();
  YAML::Mark first_node = YAML::Mark::null_mark();
  bool first_is_null = false;
};

// Notes the first documents of a stream, building nothing, and stops at the parser's
// no-progress loop (yaml_document.h).
class DocumentCounter final : public YAML::EventHandler {
 public:
  static constexpr std::size_t kDocumentsMax = 3;

  std::size_t documents = 0;
  std::array<DocumentStart, kDocumentsMax> starts;
  // The position of a token that yaml-cpp cannot start a node with and does not consume.
  YAML::Mark stuck = YAML::Mark::null_mark();

  bool more() const { return documents < kDocumentsMax && stuck.is_null(); }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (documents > 0) {
      const DocumentStart& last = starts[documents - 1];
      if (last.first_is_null && last.start.pos == mark.pos && last.first_node.pos == mark.pos) {
        stuck = mark;
      }
    }
    if (documents < kDocumentsMax) starts[documents].start = mark;
    ++documents;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark, true); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(mark, false); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string&) override {
    node(mark, false);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    node(mark, false);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    node(mark, false);
  }
  void OnMapEnd() override {}

 private:
  void node(const YAML::Mark& mark, bool is_null) {
    if (documents == 0 || documents > kDocumentsMax) return;
    DocumentStart& current = starts[documents - 1];
    if (!current.first_node.is_null()) return;
    current.first_node = mark;
    current.first_is_null = is_null;
  }
};

// What the token at `pos` is, for a document yaml-cpp could not start.
std::string stuck_message(std::string_view text, std::size_t pos) {
  const char c = pos < text.size() ? text[pos] : '\0';
  if (c == ',') {
    return "not valid YAML: a ',' outside a flow collection (it separates the entries of "
           "[a, b] or {a: 1, b: 2}); quote a value that starts with ','";
  }
  return std::string("not valid YAML: expected a node (a mapping, a list or a value), found '") +
         c + "'";
}

// True when nothing but white space, comments and document markers ("---", "...")
// follows `pos`: a null there is an empty document, not a written null.
bool only_markers_from(std::string_view text, std::size_t pos) {
  std::istringstream rest{std::string(text.substr(std::min(pos, text.size())))};
  std::string line;
  while (std::getline(rest, line)) {
    const std::size_t comment = line.find(" #");
    if (!line.empty() && line.front() == '#') continue;
    if (comment != std::string::npos) line.resize(comment);
    const std::size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;
    const std::size_t last = line.find_last_not_of(" \t\r");
    const std::string_view content = std::string_view(line).substr(first, last - first + 1);
    if (content != "---" && content != "...") return false;
  }
  return true;
}

}  // namespace

ScenarioError error_at_mark(std::string_view file, const YAML::Mark& mark, std::string message) {
  const int line = mark.line >= 0 ? mark.line + 1 : 1;
  const int column = mark.column >= 0 ? mark.column + 1 : 1;
  return ScenarioError{std::string(file), line, column, "", std::move(message)};
}

Result<YAML::Node, ScenarioError> read_one_document(std::string_view text, std::string_view file) {
  try {
    std::istringstream stream{std::string(text)};
    YAML::Parser parser(stream);
    DocumentCounter counter;
    while (counter.more() && parser.HandleNextDocument(counter)) {
    }
    if (!counter.stuck.is_null()) {
      return error_at_mark(file, counter.stuck,
                           stuck_message(text, static_cast<std::size_t>(counter.stuck.pos)));
    }
    if (counter.documents == 0) {
      return ScenarioError{std::string(file), 1, 1, "",
                           std::string("the file is empty: expected ") + kExpected};
    }
    if (counter.documents > 1) {
      return error_at_mark(file, counter.starts[1].first_node,
                           "expected one YAML document, found a second one");
    }
    const DocumentStart& only = counter.starts[0];
    if (only.first_is_null) {
      if (only_markers_from(text, static_cast<std::size_t>(only.start.pos))) {
        return error_at_mark(file, only.start,
                             std::string("the document is empty: expected ") + kExpected);
      }
      return error_at_mark(file, only.first_node,
                           std::string("expected ") + kExpected + " (a mapping), found null");
    }
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return error_at_mark(file, e.mark, "not valid YAML: " + e.msg);
  }
}

}  // namespace kcsim::scenario
