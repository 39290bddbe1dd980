// The strict YAML walker's state and its mapping reader (internal to model/scenario).
//
// Contract:
//  - ParseContext keeps the FIRST error only: later calls to fail() are ignored, so the
//    walker can carry on with fallback values without producing a cascade. Callers check
//    `failed()` before steps that would be meaningless after an error (cross-references).
//  - Positions come from yaml-cpp marks (0-based) and are reported 1-based. A value that
//    is empty ("key:") is reported at its key, since yaml-cpp marks it at the next token.
//  - An error whose key path is at or beneath an override's path is reported against
//    "--set" (line 1, the column inside "path=value").
//  - MapReader keeps the known keys as views: their text must outlive it.
//  - MapReader checks a mapping's keys up front: the first duplicate or unknown key (in
//    file order) is reported before any value is read; unknown keys get a suggestion.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "model/scenario/overrides.h"
#include "model/scenario/scenario_error.h"

namespace kcsim::scenario {

// A value in the tree with where it came from. `present` is false for a missing key,
// and then `node` is undefined and `map_mark` is where the enclosing mapping starts.
struct Field {
  YAML::Node node;
  std::string path;
  bool present = false;
  YAML::Mark key_mark = YAML::Mark::null_mark();
  YAML::Mark map_mark = YAML::Mark::null_mark();

  // Where to point an error about this field's value.
  YAML::Mark value_mark() const;
  // The child of a list at `index`.
  Field element(const YAML::Node& child, std::size_t index) const;
};

class ParseContext {
 public:
  ParseContext(std::string file, std::vector<Override> overrides)
      : file_(std::move(file)), overrides_(std::move(overrides)) {}

  bool failed() const { return error_.has_value(); }
  const std::string& file() const { return file_; }

  void fail(const Field& field, std::string message) {
    fail_at(field.value_mark(), field.path, std::move(message));
  }
  void fail_at(const YAML::Mark& mark, std::string key_path, std::string message);
  void fail_at_pos(const SourcePos& pos, std::string key_path, std::string message);

  // The 1-based position of `mark` (attributed to --set as fail_at does for `key_path`).
  SourcePos position(const YAML::Mark& mark, std::string_view key_path) const;

  std::optional<ScenarioError> take_error() { return std::move(error_); }

  // The file's text, to look at the character a mark points to (is a scalar quoted?).
  void set_source(std::string_view text);
  // The character at `mark` in the file's text, or '\0' when outside it.
  char char_at(const YAML::Mark& mark) const;

 private:
  std::string_view source_;
  std::vector<std::size_t> line_starts_;
  std::string file_;
  std::vector<Override> overrides_;
  std::optional<ScenarioError> error_;
};

// `"text"` for a scalar (cut at 60 characters), "a mapping", "a list", or "nothing".
std::string describe(const YAML::Node& node);
// The same for a field's value ("nothing" when absent): what components use, so that
// they need no yaml-cpp call of their own.
inline std::string describe(const Field& field) {
  return field.present ? describe(field.node) : "nothing";
}

class MapReader {
 public:
  // `what` names the expected mapping in the error when the field is not one
  // ("the etcd settings"). An absent field gives an empty reader (every key absent).
  MapReader(ParseContext& ctx, const Field& field, std::vector<std::string_view> known,
            std::string_view what);
  MapReader(ParseContext& ctx, const Field& field, std::initializer_list<std::string_view> known,
            std::string_view what)
      : MapReader(ctx, field, std::vector<std::string_view>(known), what) {}

  bool valid() const { return valid_; }
  // The value under `key` (which must be one of the known keys), absent if not there.
  Field get(std::string_view key) const;
  // Like get(), and reports a missing key; `what` describes the expected value.
  Field require(std::string_view key, std::string_view what) const;
  bool has(std::string_view key) const { return get(key).present; }
  const std::string& path() const { return field_.path; }
  const Field& field() const { return field_; }

 private:
  std::string child_path(std::string_view key) const;

  ParseContext& ctx_;
  Field field_;
  std::vector<std::string_view> known_;
  bool valid_ = false;
};

}  // namespace kcsim::scenario
