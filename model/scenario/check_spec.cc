#include "model/scenario/check_spec.h"

namespace kcsim::scenario {

const char* check_kind_name(CheckKind kind) {
  switch (kind) {
    case CheckKind::kAlways:
      return "always";
    case CheckKind::kBy:
      return "by";
    case CheckKind::kWithin:
      return "within";
    case CheckKind::kAtEnd:
      return "at end";
    case CheckKind::kOver:
      return "over";
  }
  return "?";
}

ScenarioError name_error(const CheckSpec& check, const NameRef& ref, std::string_view message) {
  return ScenarioError{check.predicate_pos.file, check.predicate_pos.line,
                       check.predicate_pos.column + static_cast<int>(ref.offset),
                       check.predicate_key_path, std::string(message) + " \"" + ref.name + "\""};
}

}  // namespace kcsim::scenario
