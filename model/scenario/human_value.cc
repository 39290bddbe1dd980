#include "model/scenario/human_value.h"

#include <fmt/format.h>

#include <cmath>

namespace kcsim::scenario {
namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Three significant digits, without trailing zeros ("21.9", "100", "1.5").
std::string three_digits(double value) {
  std::string out = fmt::format("{:.3g}", value);
  if (out.find('e') != std::string::npos) out = fmt::format("{:.0f}", value);
  return out;
}

}  // namespace

ValueUnit unit_of(std::string_view name) {
  name = name.substr(0, name.find(" over ["));  // a window does not change the unit
  std::string_view base = name.substr(0, name.find('{'));
  std::string_view stat;
  if (const std::size_t close = name.rfind('}'); close != std::string_view::npos) {
    const std::string_view rest = name.substr(close + 1);
    if (!rest.empty() && rest[0] == '.') stat = rest.substr(1);
  } else if (const std::size_t dot = base.rfind('.'); dot != std::string_view::npos) {
    const std::string_view head = base.substr(0, dot);
    if (ends_with(head, "_seconds") || ends_with(head, "_bytes")) {
      stat = base.substr(dot + 1);
      base = head;
    }
  }
  if (stat == "count") return ValueUnit::kNumber;
  if (ends_with(base, "_seconds") || base.find(".seconds_") != std::string_view::npos) {
    return ValueUnit::kSeconds;
  }
  if (ends_with(base, "_bytes")) return ValueUnit::kBytes;
  return ValueUnit::kNumber;
}

std::string format_number(double value) {
  if (std::isnan(value)) return "none";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  if (value == std::floor(value) && std::fabs(value) < 1e15) return fmt::format("{:.0f}", value);
  const double magnitude = std::fabs(value);
  if (magnitude >= 1000) return fmt::format("{:.0f}", value);
  if (magnitude >= 0.001) return three_digits(value);
  return fmt::format("{:.3g}", value);
}

std::string format_seconds(double seconds) {
  if (std::isnan(seconds)) return "none";
  if (seconds == 0) return "0s";
  const double magnitude = std::fabs(seconds);
  if (magnitude < 1e-6) return three_digits(seconds * 1e9) + "ns";
  if (magnitude < 1e-3) return three_digits(seconds * 1e6) + "us";
  if (magnitude < 1) return three_digits(seconds * 1e3) + "ms";
  if (magnitude < 60) return three_digits(seconds) + "s";
  if (magnitude < 3600) return three_digits(seconds / 60) + "min";
  return three_digits(seconds / 3600) + "h";
}

std::string format_bytes(double bytes) {
  if (std::isnan(bytes)) return "none";
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  std::size_t unit = 0;
  double value = bytes;
  while (std::fabs(value) >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  return (unit == 0 ? format_number(value) : three_digits(value)) + kUnits[unit];
}

std::string human_value(std::string_view name, double value) {
  switch (unit_of(name)) {
    case ValueUnit::kSeconds:
      return format_seconds(value);
    case ValueUnit::kBytes:
      return format_bytes(value);
    case ValueUnit::kNumber:
      break;
  }
  return format_number(value);
}

}  // namespace kcsim::scenario
