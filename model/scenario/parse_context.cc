#include "model/scenario/parse_context.h"

#include "model/scenario/edit_distance.h"
#include "sim/invariant.h"

#include <algorithm>
#include <set>

namespace kcsim::scenario {
namespace {

bool is_null_mark(const YAML::Mark& mark) {
  return mark.line < 0 || mark.column < 0;
}

bool is_at_or_below(std::string_view path, std::string_view prefix) {
  if (path.substr(0, prefix.size()) != prefix) return false;
  if (path.size() == prefix.size()) return true;
  return path[prefix.size()] == '.' || path[prefix.size()] == '[';
}

}  // namespace

YAML::Mark Field::value_mark() const {
  if (!present) return map_mark;
  if (node.IsNull() || is_null_mark(node.Mark())) return key_mark;
  return node.Mark();
}

Field Field::element(const YAML::Node& child, std::size_t index) const {
  Field out;
  out.node = child;
  out.path = path + "[" + std::to_string(index) + "]";
  out.present = true;
  out.key_mark = is_null_mark(child.Mark()) ? value_mark() : child.Mark();
  out.map_mark = out.key_mark;
  return out;
}

SourcePos ParseContext::position(const YAML::Mark& mark, std::string_view key_path) const {
  // The last override wins on a path, so it is the one to blame.
  for (auto it = overrides_.rbegin(); it != overrides_.rend(); ++it) {
    // At or below the override's path; or above it, at a key the override created (a
    // typo in its path: no mark in the file).
    if (!is_at_or_below(key_path, it->path) &&
        !(is_null_mark(mark) && is_at_or_below(it->path, key_path))) {
      continue;
    }
    // A value node parsed from the override's text has a mark inside it (line 0).
    const int column = (!is_null_mark(mark) && mark.line == 0)
                           ? static_cast<int>(it->path.size()) + 2 + mark.column
                           : 1;
    return SourcePos{"--set", 1, column};
  }
  if (is_null_mark(mark)) return SourcePos{file_, 1, 1};
  return SourcePos{file_, mark.line + 1, mark.column + 1};
}

void ParseContext::fail_at(const YAML::Mark& mark, std::string key_path, std::string message) {
  if (error_) return;
  const SourcePos pos = position(mark, key_path);
  error_ = ScenarioError{pos.file, pos.line, pos.column, std::move(key_path), std::move(message)};
}

void ParseContext::set_source(std::string_view text) {
  source_ = text;
  line_starts_.assign(1, 0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_starts_.push_back(i + 1);
  }
}

char ParseContext::char_at(const YAML::Mark& mark) const {
  if (is_null_mark(mark)) return '\0';
  const auto line = static_cast<std::size_t>(mark.line);
  if (line >= line_starts_.size()) return '\0';
  const std::size_t offset = line_starts_[line] + static_cast<std::size_t>(mark.column);
  return offset < source_.size() ? source_[offset] : '\0';
}

void ParseContext::fail_at_pos(const SourcePos& pos, std::string key_path, std::string message) {
  if (error_) return;
  error_ = ScenarioError{pos.file, pos.line, pos.column, std::move(key_path), std::move(message)};
}

std::string describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  constexpr std::size_t kShownMax = 60;
  std::string text = node.Scalar();
  if (text.size() > kShownMax) text = text.substr(0, kShownMax) + "...";
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

MapReader::MapReader(ParseContext& ctx, const Field& field, std::vector<std::string_view> known,
                     std::string_view what)
    : ctx_(ctx), field_(field), known_(std::move(known)) {
  if (!field.present) return;
  if (!field.node.IsMap()) {
    ctx.fail(field,
             "expected " + std::string(what) + " (a mapping), found " + describe(field.node));
    return;
  }
  std::set<std::string, std::less<>> seen;
  for (auto it = field.node.begin(); it != field.node.end(); ++it) {
    const YAML::Node key = it->first;  // a copy: `it->` yields a temporary proxy
    if (!key.IsScalar()) {
      ctx.fail_at(key.Mark(), field.path, "expected a key name, found " + describe(key));
      return;
    }
    const std::string& name = key.Scalar();
    if (!seen.insert(name).second) {
      ctx.fail_at(key.Mark(), child_path(name), "duplicate key \"" + name + "\"");
      return;
    }
    if (std::find(known_.begin(), known_.end(), name) != known_.end()) continue;
    std::string message = "unknown key \"" + name + "\"; expected one of:";
    std::string_view best;
    std::size_t best_distance = 3;  // suggest only close matches
    for (std::string_view candidate : known_) {
      message += " " + std::string(candidate);
      const std::size_t distance = edit_distance(name, candidate);
      if (distance < best_distance) {
        best_distance = distance;
        best = candidate;
      }
    }
    if (!best.empty()) message += " (did you mean \"" + std::string(best) + "\"?)";
    ctx.fail_at(key.Mark(), child_path(name), std::move(message));
    return;
  }
  valid_ = true;
}

std::string MapReader::child_path(std::string_view key) const {
  if (field_.path.empty()) return std::string(key);
  return field_.path + "." + std::string(key);
}

Field MapReader::get(std::string_view key) const {
  KCSIM_ASSERT(std::find(known_.begin(), known_.end(), key) != known_.end());
  Field out;
  out.path = child_path(key);
  out.map_mark = field_.value_mark();
  if (!valid_) return out;
  for (auto it = field_.node.begin(); it != field_.node.end(); ++it) {
    if (it->first.Scalar() != key) continue;
    out.node = it->second;
    out.present = true;
    out.key_mark = it->first.Mark();
    if (is_null_mark(out.key_mark)) out.key_mark = out.map_mark;
    return out;
  }
  return out;
}

Field MapReader::require(std::string_view key, std::string_view what) const {
  Field out = get(key);
  if (!out.present && valid_) {
    ctx_.fail(out, "missing required key \"" + std::string(key) + "\" (" + std::string(what) + ")");
  }
  return out;
}

}  // namespace kcsim::scenario
