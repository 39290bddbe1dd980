// Lookup: where a check's names get their values at evaluation time.
//
// Contract:
//  - `value(name)` returns the current value of a metric or state ("etcd.has_leader",
//    "etcd_request_duration_seconds.p99", "apiserver_requests{code=\"429\"}"), or nullopt
//    when the name is unknown. Booleans are 1 or 0; durations are in seconds; sizes in
//    bytes. A name with a label set is passed whole, braces included.
//  - A state may answer "no verdict": `kUndecidedValue`, a quiet NaN with a payload of its own
//    (`is_undecided` tells it apart from every other value, other NaNs included). A checker
//    that gave up (the linearizability search hit its bound) answers it, so that a check
//    over it is neither passed nor failed but undecided (predicate.h, check_monitor.h). A
//    NaN convention rather than a richer return type keeps every Lookup a plain
//    `double` source; the value must be returned as is, never computed with.
//  - `value_over(name, from, until)` reads `name` over a window of the run: a histogram
//    statistic over the samples recorded in [from, until] (a check `over` a window after
//    an event, check_spec.h). nullopt: the name has no windowed reading, and value(name)
//    answers (a state, a counter, a gauge: their value now).
//  - It must be a pure read: evaluating a check never changes the run.
//  - `MapLookup` is the simplest implementation, over an ordered map: tests use it, and a
//    runner may fill one from its metrics at each evaluation.
#pragma once

#include <bit>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "sim/time.h"

namespace kcsim::scenario {

// The bits of kUndecidedValue: a quiet NaN whose payload no arithmetic produces.
inline constexpr std::uint64_t kUndecidedBits = 0x7ff8'0000'0bad'dec1ULL;
inline constexpr double kUndecidedValue = std::bit_cast<double>(kUndecidedBits);

constexpr bool is_undecided(double value) {
  return std::bit_cast<std::uint64_t>(value) == kUndecidedBits;
}

struct Lookup {
  virtual ~Lookup() = default;
  virtual std::optional<double> value(std::string_view name) const = 0;
  virtual std::optional<double> value_over(std::string_view /*name*/, sim::Time /*from*/,
                                           sim::Time /*until*/) const {
    return std::nullopt;
  }
};

// Reads through `base` with every windowed reading over [from, until].
class WindowLookup final : public Lookup {
 public:
  WindowLookup(const Lookup& base, sim::Time from, sim::Time until)
      : base_(base), from_(from), until_(until) {}
  std::optional<double> value(std::string_view name) const override {
    if (std::optional<double> windowed = base_.value_over(name, from_, until_)) return windowed;
    return base_.value(name);
  }

 private:
  const Lookup& base_;
  sim::Time from_;
  sim::Time until_;
};

class MapLookup final : public Lookup {
 public:
  MapLookup() = default;
  explicit MapLookup(std::map<std::string, double, std::less<>> values)
      : values_(std::move(values)) {}

  void set(std::string_view name, double value) {
    values_.insert_or_assign(std::string(name), value);
  }
  void set_undecided(std::string_view name) { set(name, kUndecidedValue); }
  void erase(std::string_view name) {
    const auto it = values_.find(name);
    if (it != values_.end()) values_.erase(it);
  }

  std::optional<double> value(std::string_view name) const override {
    const auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::map<std::string, double, std::less<>> values_;
};

}  // namespace kcsim::scenario
