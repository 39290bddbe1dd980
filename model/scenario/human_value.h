// Values as a person reads them: with their unit and three significant digits
// ("21.9ms", "1.5MiB", "0.25", "1234"). Machine outputs (summary.json, metrics.csv) keep
// full precision; check details, the console and the run's digest use these.
//
// Contract:
//  - The unit of a name follows Prometheus' naming convention, the one the metrics use:
//    a base name (before any label set and any ".stat") ending in `_seconds` is a
//    duration in seconds, in `_bytes` a size in bytes; its `.count` statistic is a plain
//    number. A state may say so in its name too ("etcd.seconds_since_ack"). Anything else
//    is a plain number.
//  - format_seconds picks ns, us, ms or s (then m and h beyond a minute) so that the
//    figure is below 1000; format_bytes B, KiB, MiB, GiB or TiB. A whole number is
//    written whole ("1234", not "1.23e+03"); NaN is "none".
//  - Deterministic: fmt's formatting, the same on every platform.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kcsim::scenario {

enum class ValueUnit : std::uint8_t { kNumber, kSeconds, kBytes };

ValueUnit unit_of(std::string_view name);

std::string format_seconds(double seconds);
std::string format_bytes(double bytes);
std::string format_number(double value);
// By the unit of `name`.
std::string human_value(std::string_view name, double value);

}  // namespace kcsim::scenario
