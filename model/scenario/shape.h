// Shape: what the parser accepts for one value of the scenario file, as data, so that
// `kcsim schema` (tools/cmd_schema.cc) describes the format from the same declarations
// the parser reads with (Schema<T> entries, the sections' key lists, the registry).
//
// Contract:
//  - A Shape is a plain tree value: a type, what a person reads about it (description,
//    default as a file would write it), and the constraints the parser knows that a
//    JSON Schema can express (ranges, enums, patterns, list lengths, keys, which keys are
//    required, "exactly one of these keys"). Cross-key rules (electionTimeout >= 5 x
//    heartbeatInterval) stay in the parser; the description may mention them.
//  - A mapping lists its keys in `properties` (each a Shape with its `key`) and accepts
//    no other key, as MapReader does.
//  - kText is a scalar read as text (read_string): a YAML string, number or boolean.
//  - A value of several forms (a distribution: a duration or one of its mappings) is kAny
//    with its forms in `any_of`.
//  - kDuration, kSize and kBandwidth are text with a unit (units.h, sim/time.h); a bare 0
//    is also a duration (as Go's time.ParseDuration and sim::parse_duration accept).
//  - Builders return a Shape by value; they own nothing but strings and children.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/time.h"

namespace kcsim::scenario {

struct Shape {
  enum class Type : std::uint8_t {
    kAny,        // no constraint (a value read by code with no shape declared)
    kText,       // a scalar read as text
    kInteger,    // digits only, within [minimum, maximum]
    kNumber,     // a decimal number within [minimum, maximum]
    kBoolean,    // true or false
    kDuration,   // 150ms, 2s, 1m30s, or 0
    kSize,       // 64B, 1.5MiB, 10kB
    kBandwidth,  // 100Mbps
    kMapping,    // the keys in `properties`, no other
    kList,       // `items` (one element), between min_items and max_items of them
  };
  using Default = std::variant<std::monostate, std::string, std::uint64_t, double, bool>;

  Type type = Type::kAny;
  std::string key;          // the key of this value in its mapping; empty otherwise
  std::string description;  // what a person reads in an editor's hover
  Default default_value;    // monostate: none that a file could write
  bool required = false;    // as a property: the mapping must have it

  std::optional<double> minimum;               // kInteger, kNumber; kDuration in ns
  std::optional<double> maximum;               // kNumber
  std::optional<std::uint64_t> maximum_count;  // kInteger (exact up to 2^64 - 1)
  std::string pattern;                         // kText: an ECMA-262 regular expression
  std::vector<std::string> enum_values;        // kText: the only texts accepted

  std::vector<Shape> properties;                                  // kMapping
  std::vector<std::vector<std::string>> exactly_one_of;           // kMapping: one key of each group
  std::vector<std::pair<std::string, std::string>> requires_key;  // kMapping: a needs b
  std::vector<Shape> items;                                       // kList: one element
  std::vector<Shape> any_of;                                      // kAny: the value is one of these
  std::size_t min_items = 0;                                      // kList
  std::optional<std::size_t> max_items;                           // kList

  static Shape any(std::string description);
  static Shape text(std::string description);
  static Shape one_of_texts(std::string description, std::vector<std::string> values);
  static Shape integer(std::uint64_t min, std::uint64_t max);
  static Shape number(double min, double max);
  static Shape boolean();
  static Shape duration(sim::Time min);
  static Shape size(std::uint64_t min);
  static Shape bandwidth();
  static Shape mapping(std::string description, std::vector<Shape> properties);
  static Shape list(Shape item, std::size_t min, std::optional<std::size_t> max);

  // Chained setters, for declarations that read as one expression.
  Shape&& named(std::string name) && {
    key = std::move(name);
    return std::move(*this);
  }
  Shape&& described(std::string text) && {
    description = std::move(text);
    return std::move(*this);
  }
  Shape&& defaulting(Default value) && {
    default_value = std::move(value);
    return std::move(*this);
  }
  Shape&& matching(std::string regex) && {
    pattern = std::move(regex);
    return std::move(*this);
  }
  Shape&& must() && {
    required = true;
    return std::move(*this);
  }

  // The property named `name`, or nullptr.
  const Shape* property(std::string_view name) const;
};

// A size as a file writes it: the largest binary unit that divides it ("64MiB"), else B.
std::string size_text(std::uint64_t bytes);

// Checks that a mapping shape declares exactly the keys a MapReader of the same section
// knows (no key without a shape, no shape without a key): the sections' shapes are
// written beside their parsers, and this keeps the two from drifting. Asserts.
void assert_same_keys(const Shape& mapping, const std::vector<std::string_view>& known);

}  // namespace kcsim::scenario
