// The three answers of a linearizability check.
//
// Contract:
//  - kOk: a linearization was found (and is returned as a witness).
//  - kIllegal: the search was exhaustive and no linearization exists.
//  - kUnknown: the search hit its bound (steps or memory) first. A bounded checker must say
//    "I don't know" rather than guess, so that a verdict is never false.
#pragma once

#include <string_view>

namespace kcsim::checker {

enum class Verdict { kOk, kIllegal, kUnknown };

constexpr std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::kOk:
      return "ok";
    case Verdict::kIllegal:
      return "illegal";
    case Verdict::kUnknown:
      return "unknown";
  }
  return "?";
}

}  // namespace kcsim::checker
