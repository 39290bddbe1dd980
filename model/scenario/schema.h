// Schema<T>: a declarative description of one mapping of the scenario file, bound to the
// fields of a settings struct T, that the strict parser walks.
//
// A component declares its settings once: the struct T holds the defaults (its member
// initializers, naming the real flag), and its Schema lists each key with its type, unit
// and range, in the order the keys are read and listed in "unknown key" messages:
//
//   Schema<PingMeshSpec>("the ping mesh settings")
//       .count("hosts", &PingMeshSpec::hosts, 2, kPingHostsMax)
//       .duration("interval", &PingMeshSpec::interval, sim::kMillisecond)
//       .size("payload", &PingMeshSpec::payload_bytes, 1);
//
// Contract:
//  - parse() reads a mapping into `out`: unknown and duplicate keys first (MapReader),
//    then each entry in declaration order; an absent key keeps `out`'s value (the
//    default). With several errors the first in declaration order is reported. Errors are the typed
//    readers' (read_values.h), with the key path.
//  - rule() adds a check over the values read so far, run in declaration order and only
//    while no error has been reported (first error wins, as everywhere in the parser).
//  - section() nests a mapping; its schema is built from the values of the enclosing
//    struct read so far, so that a nested rule may depend on them (valueSize <=
//    maxRequestBytes).
//  - entries() lists the keys with a type and default text, for documentation and tests.
//  - shape() describes the mapping as data (shape.h) for `kcsim schema`: every key with
//    its type, range, unit and default (T{}'s), built from the same declarations the
//    parse walks, so a key added here is in the schema too. A section's shape is its
//    schema's, built from T{} (a rule that depends on the enclosing values stays in the
//    parser). custom() keys give their Shape, or are described only by their type text.
#pragma once

#include <algorithm>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>
#include "sim/invariant.h"

#include "model/scenario/dist_spec.h"
#include "model/scenario/parse_context.h"
#include "model/scenario/read_values.h"
#include "model/scenario/shape.h"
#include "sim/time.h"

namespace kcsim::scenario {

template <class T>
class Schema {
 public:
  using Step = std::function<void(ParseContext&, const MapReader&, T&)>;

  struct Entry {
    std::string key;           // empty for a rule
    std::string type;          // "integer 1..9", "duration >= 1ms", ...
    std::string default_text;  // T{}'s value, as a user would write it
    Step step;
    std::function<Shape()> shape;  // for shape(); empty for a rule
  };

  explicit Schema(std::string what) : what_(std::move(what)) {}

  Schema& count(std::string key, std::uint64_t T::*member, std::uint64_t min, std::uint64_t max) {
    const std::string name = key;
    return add(
        std::move(key), "integer " + std::to_string(min) + ".." + std::to_string(max),
        std::to_string(T{}.*member),
        [=](ParseContext& ctx, const MapReader& map, T& out) {
          out.*member = read_count(ctx, map.get(name), out.*member, min, max);
        },
        [=] { return Shape::integer(min, max).defaulting(T{}.*member); });
  }

  // `min` is also the resolution: 1ms accepts 150ms, rejects 150us.
  Schema& duration(std::string key, sim::Time T::*member, sim::Time min) {
    const std::string name = key;
    return add(
        std::move(key), "duration >= " + sim::format_duration(min),
        sim::format_duration(T{}.*member),
        [=](ParseContext& ctx, const MapReader& map, T& out) {
          out.*member = read_duration(ctx, map.get(name), out.*member, min);
        },
        [=] { return Shape::duration(min).defaulting(sim::format_duration(T{}.*member)); });
  }

  Schema& size(std::string key, std::uint64_t T::*member, std::uint64_t min = 0) {
    const std::string name = key;
    return add(
        std::move(key), "size in bytes >= " + std::to_string(min), std::to_string(T{}.*member),
        [=](ParseContext& ctx, const MapReader& map, T& out) {
          out.*member = read_size(ctx, map.get(name), out.*member, min);
        },
        [=] { return Shape::size(min).defaulting(size_text(T{}.*member)); });
  }

  Schema& real(std::string key, double T::*member, double min, double max) {
    const std::string name = key;
    return add(
        std::move(key), "number " + number_text(min) + ".." + number_text(max),
        number_text(T{}.*member),
        [=](ParseContext& ctx, const MapReader& map, T& out) {
          out.*member = read_real(ctx, map.get(name), out.*member, min, max);
        },
        [=] { return Shape::number(min, max).defaulting(T{}.*member); });
  }

  Schema& boolean(std::string key, bool T::*member) {
    const std::string name = key;
    return add(
        std::move(key), "true or false", T{}.*member ? "true" : "false",
        [=](ParseContext& ctx, const MapReader& map, T& out) {
          out.*member = read_bool(ctx, map.get(name), out.*member);
        },
        [=] { return Shape::boolean().defaulting(T{}.*member); });
  }

  Schema& distribution(std::string key, DistSpec T::*member) {
    const std::string name = key;
    return add(
        std::move(key), "distribution", "see the component's docs",
        [=](ParseContext& ctx, const MapReader& map, T& out) {
          out.*member = read_dist(ctx, map.get(name), out.*member);
        },
        [] { return dist_shape(); });
  }

  template <class S>
  Schema& section(std::string key, S T::*member, std::function<Schema<S>(const T&)> schema) {
    const std::string name = key;
    return add(
        std::move(key), "mapping", "{}",
        [=](ParseContext& ctx, const MapReader& map, T& out) {
          schema(out).parse(ctx, map.get(name), out.*member);
        },
        [=] { return schema(T{}).shape(); });
  }

  // A key read by the component's own step (a list of mappings with read_list, a
  // string with read_string, names with read_names): `type` and `default_text` are what
  // entries() lists.
  Schema& custom(std::string key, std::string type, std::string default_text, Step step) {
    std::string described = type + "; default " + default_text;
    return add(std::move(key), std::move(type), std::move(default_text), std::move(step),
               [described] { return Shape::any(described); });
  }

  // The same, with the value's Shape for `kcsim schema` (its description and default
  // are what entries() lists when the shape has them).
  Schema& custom(std::string key, std::string type, std::string default_text, Shape shape,
                 Step step) {
    return add(std::move(key), std::move(type), std::move(default_text), std::move(step),
               [shape = std::move(shape)] { return shape; });
  }

  Schema& rule(Step step) {
    entries_.push_back(
        Entry{"",
              "",
              "",
              [step = std::move(step)](ParseContext& ctx, const MapReader& map, T& out) {
                if (!ctx.failed()) step(ctx, map, out);
              },
              {}});
    return *this;
  }

  // Lists the keys in "unknown key" messages in this order rather than the order they
  // are read in (etcd keeps the listing its users have always seen). A permutation of
  // the declared keys.
  Schema& listing_order(std::vector<std::string> keys) {
    listing_order_ = std::move(keys);
    return *this;
  }

  // The keys as "unknown key" messages list them.
  std::vector<std::string_view> listed_keys() const {
    std::vector<std::string_view> keys;
    if (!listing_order_.empty()) {
      keys.assign(listing_order_.begin(), listing_order_.end());
      return keys;
    }
    for (const Entry& entry : entries_) {
      if (!entry.key.empty()) keys.push_back(entry.key);
    }
    return keys;
  }

  void parse(ParseContext& ctx, const Field& field, T& out) const {
    KCSIM_ASSERT(listing_order_.empty() || is_permutation_of_keys(listing_order_));
    const MapReader map(ctx, field, listed_keys(), what_);
    for (const Entry& entry : entries_)
      entry.step(ctx, map, out);
  }

  const std::string& what() const { return what_; }

  // The mapping's keys in listed_keys() order, each with its shape (see the contract).
  Shape shape() const {
    std::vector<Shape> properties;
    for (std::string_view key : listed_keys()) {
      for (const Entry& entry : entries_) {
        if (entry.key == key) properties.push_back(entry.shape().named(entry.key));
      }
    }
    return Shape::mapping(what_, std::move(properties));
  }
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  static std::string number_text(double value) {
    std::string text = std::to_string(value);
    while (text.size() > 1 && text.back() == '0')
      text.pop_back();
    if (!text.empty() && text.back() == '.') text.pop_back();
    return text;
  }

  bool is_permutation_of_keys(const std::vector<std::string>& keys) const {
    std::vector<std::string> declared;
    for (const Entry& entry : entries_) {
      if (!entry.key.empty()) declared.push_back(entry.key);
    }
    return std::is_permutation(declared.begin(), declared.end(), keys.begin(), keys.end());
  }

  Schema& add(std::string key, std::string type, std::string default_text, Step step,
              std::function<Shape()> shape) {
    entries_.push_back(Entry{std::move(key), std::move(type), std::move(default_text),
                             std::move(step), std::move(shape)});
    return *this;
  }

  std::string what_;
  std::vector<Entry> entries_;
  std::vector<std::string> listing_order_;  // empty: declaration order
};

}  // namespace kcsim::scenario
