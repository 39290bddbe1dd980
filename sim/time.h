// Virtual time: an int64 count of nanoseconds since the start of a run.
//
// Contract:
//  - `Time` is both an instant and a duration; arithmetic is plain integer arithmetic.
//  - Virtual time never comes from the wall clock: only the event loop advances it.
//  - Durations in scenario files always carry a unit ("150ms", "2s", "1m30s");
//    `parse_duration` rejects a bare number so that a unit is never guessed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kcsim::sim {

using Time = std::int64_t;

inline constexpr Time kNanosecond = 1;
inline constexpr Time kMicrosecond = 1'000;
inline constexpr Time kMillisecond = 1'000'000;
inline constexpr Time kSecond = 1'000'000'000;
inline constexpr Time kMinute = 60 * kSecond;
inline constexpr Time kHour = 60 * kMinute;
inline constexpr Time kTimeNever = INT64_MAX;

constexpr double to_seconds(Time t) {
  return static_cast<double>(t) / 1e9;
}
constexpr Time from_seconds(double s) {
  return static_cast<Time>(s * 1e9);
}

// Parses a Go-style duration: one or more <number><unit> groups, units
// ns, us (or µs), ms, s, m, h; a fractional number is allowed ("1.5s").
// Returns nullopt for anything else: empty text, a bare number, an unknown unit,
// a negative value, or a value beyond int64 nanoseconds.
std::optional<Time> parse_duration(std::string_view text);

// The shortest exact text form: "0s", "150ms", "1m30s", "2.5s", "1h0m0.000000001s"
// is never produced; sub-unit remainders use the largest unit that divides exactly.
std::string format_duration(Time t);

}  // namespace kcsim::sim
