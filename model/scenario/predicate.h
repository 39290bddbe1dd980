// Predicate: the small boolean language of a scenario's checks, parsed at load time.
//
//   predicate  := or
//   or         := and ( "||" and )*
//   and        := unary ( "&&" unary )*
//   unary      := "!" unary | "(" or ")" | comparison
//   comparison := operand [ ("<" | "<=" | ">" | ">=" | "==" | "!=") operand ]
//   operand    := number | duration | size | "true" | "false" | name
//   name       := [A-Za-z_][A-Za-z0-9_./:-]*  optionally followed by a label set {...}
//                 (and a statistic: {...}.p99), and by a window: "over" "[" duration "," duration
//                 "]"
//
// Contract:
//  - Operands are numbers: a duration ("50ms") is converted to seconds, a size ("1MiB")
//    to bytes, true/false to 1/0, and a name is looked up through `Lookup` when the
//    predicate is evaluated. A lone operand is true when it is non-zero (and not NaN).
//  - "!" binds looser than a comparison: "!x < 3" means "!(x < 3)". Comparisons do not
//    chain ("a < b < c" is an error). There is no arithmetic, so '-' may appear in names.
//  - A label set is kept as part of the name, braces and all: "req{code=\"429\"}".
//  - A window is kept as part of the name too, in canonical form: "h.p99 over [20s, 30s]"
//    (the runner computes a histogram statistic over the samples recorded in the window;
//    runner/histogram_windows.h).
//  - Every node keeps its byte offset in the text, so errors and unknown names can be
//    reported at a line and column of the scenario file.
//  - A name that reads kUndecidedValue (lookup.h) makes the predicate three-valued, as in
//    Kleene's logic: a comparison or "!" over an undecided value is undecided; "a && b" is
//    false if either side is false, else undecided if either is; "a || b" is true if
//    either side is true, else undecided if either is. `evaluate_truth` gives the three
//    values; `evaluate` is true only for a decided true.
//  - Evaluation visits every name (no short-circuit), so an unknown name is reported
//    whatever the other values are, and the same predicate always reads the same names.
//  - Bounded: at most kPredicateTextMax bytes and kPredicateDepthMax levels of nesting;
//    evaluation recursion is bounded by the same depth.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/scenario/lookup.h"
#include "model/scenario/result.h"

namespace kcsim::scenario {

inline constexpr std::size_t kPredicateTextMax = 4096;
inline constexpr int kPredicateDepthMax = 64;

enum class CompareOp : std::uint8_t {
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kEqual,
  kNotEqual
};

struct PredicateNode {
  enum class Kind : std::uint8_t { kNumber, kName, kNot, kAnd, kOr, kCompare };
  Kind kind = Kind::kNumber;
  CompareOp op = CompareOp::kEqual;  // kCompare only
  double number = 0;                 // kNumber only
  bool bare = false;                 // kNumber only: written without a unit ("100", not "100ms")
  std::string name;                  // kName only
  std::size_t offset = 0;            // byte offset in the predicate text
  std::size_t left = 0;              // child index (kNot, kAnd, kOr, kCompare)
  std::size_t right = 0;             // child index (kAnd, kOr, kCompare)
};

struct Predicate {
  std::string text;
  std::vector<PredicateNode> nodes;  // children before parents; the root is the last node
  std::size_t root() const { return nodes.size() - 1; }
};

struct PredicateError {
  std::size_t offset = 0;  // byte offset in the text where the problem is
  std::string message;
};

// A name used in a predicate, with its offset: the runner checks every name before a run.
struct NameRef {
  std::string name;
  std::size_t offset = 0;
};

Result<Predicate, PredicateError> parse_predicate(std::string_view text);

// Every name, in order of appearance (a name used twice appears twice).
std::vector<NameRef> names(const Predicate& predicate);

// The predicate's truth under `lookup`; the error is the first unknown name.
struct UnknownName {
  std::string name;
  std::size_t offset = 0;
};
enum class Truth : std::uint8_t { kFalse, kTrue, kUndecided };
Result<Truth, UnknownName> evaluate_truth(const Predicate& predicate, const Lookup& lookup);
Result<bool, UnknownName> evaluate(const Predicate& predicate, const Lookup& lookup);

// "a = 1, b = 0.25": each distinct name once, in order of first appearance, with its
// value ("?" when unknown, "undecided" when it reads kUndecidedValue). Empty when the predicate
// names nothing.
std::string describe_values(const Predicate& predicate, const Lookup& lookup);

const char* compare_op_text(CompareOp op);

// A bare number compared with a duration ("x_seconds.p99 < 100": 100 what?) is an error
// unless the number is 0: the unit must be written ("100ms"). The unit of a name is read
// from its name (human_value.h: `_seconds`). The error is at the number.
std::optional<PredicateError> check_units(const Predicate& predicate);

}  // namespace kcsim::scenario
