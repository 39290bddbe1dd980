#include "sim/time.h"

#include <cmath>
#include <cstdint>

namespace kcsim::sim {
namespace {

struct Unit {
  std::string_view name;
  Time scale;
};

// Longest names first so that "ms" is not read as "m" followed by "s".
constexpr Unit kUnits[] = {{"ns", kNanosecond},  {"us", kMicrosecond}, {"\u00b5s", kMicrosecond},
                           {"ms", kMillisecond}, {"s", kSecond},       {"m", kMinute},
                           {"h", kHour}};

std::optional<Time> parse_unit(std::string_view text, std::size_t& pos) {
  for (const Unit& unit : kUnits) {
    if (text.substr(pos, unit.name.size()) == unit.name) {
      // "m" must not swallow the "m" of "ms": kUnits lists "ms" before "m".
      pos += unit.name.size();
      return unit.scale;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<Time> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (text == "0") return Time{0};  // Go accepts a bare zero; so do we.
  std::size_t pos = 0;
  long double total = 0;
  while (pos < text.size()) {
    const std::size_t number_start = pos;
    std::uint64_t whole = 0;
    bool any_digit = false;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (whole > (UINT64_MAX - 9) / 10) return std::nullopt;
      whole = whole * 10 + static_cast<std::uint64_t>(text[pos] - '0');
      any_digit = true;
      ++pos;
    }
    long double fraction = 0;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      long double place = 0.1L;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        fraction += place * (text[pos] - '0');
        place /= 10;
        any_digit = true;
        ++pos;
      }
    }
    if (!any_digit || pos == number_start) return std::nullopt;
    const std::optional<Time> scale = parse_unit(text, pos);
    if (!scale) return std::nullopt;
    total += (static_cast<long double>(whole) + fraction) * static_cast<long double>(*scale);
    if (total > static_cast<long double>(INT64_MAX)) return std::nullopt;
  }
  return static_cast<Time>(std::llround(total));
}

std::string format_duration(Time t) {
  if (t == 0) return "0s";
  std::string out;
  if (t < 0) {
    out = "-";
    t = -t;
  }
  if (t % kSecond != 0 && t < kSecond) {
    if (t % kMillisecond == 0) return out + std::to_string(t / kMillisecond) + "ms";
    if (t % kMicrosecond == 0) return out + std::to_string(t / kMicrosecond) + "us";
    return out + std::to_string(t) + "ns";
  }
  const Time hours = t / kHour;
  const Time minutes = (t % kHour) / kMinute;
  const Time rest = t % kMinute;
  if (hours > 0) out += std::to_string(hours) + "h";
  if (minutes > 0) out += std::to_string(minutes) + "m";
  if (rest > 0) {
    out += std::to_string(rest / kSecond);
    Time fraction = rest % kSecond;
    if (fraction > 0) {
      std::string digits = std::to_string(fraction);
      digits.insert(0, 9 - digits.size(), '0');
      while (!digits.empty() && digits.back() == '0')
        digits.pop_back();
      out += "." + digits;
    }
    out += "s";
  }
  return out;
}

}  // namespace kcsim::sim
