#include "model/scenario/units.h"

#include <array>
#include <charconv>
#include <cmath>
#include <system_error>

namespace kcsim::scenario {
namespace {

struct Unit {
  std::string_view name;
  double scale;
};

constexpr std::array<Unit, 10> kSizeUnits = {{{"B", 1.0},
                                              {"kB", 1e3},
                                              {"KB", 1e3},
                                              {"MB", 1e6},
                                              {"GB", 1e9},
                                              {"TB", 1e12},
                                              {"KiB", 1024.0},
                                              {"MiB", 1024.0 * 1024},
                                              {"GiB", 1024.0 * 1024 * 1024},
                                              {"TiB", 1024.0 * 1024 * 1024 * 1024}}};

constexpr std::array<Unit, 6> kBandwidthUnits = {
    {{"bps", 1.0}, {"Kbps", 1e3}, {"kbps", 1e3}, {"Mbps", 1e6}, {"Gbps", 1e9}, {"Tbps", 1e12}}};

// Splits "<digits[.digits]><unit>" and scales it; the unit must be one of `units`.
template <std::size_t N>
std::optional<std::uint64_t> parse_with_unit(std::string_view text,
                                             const std::array<Unit, N>& units) {
  std::size_t pos = 0;
  while (pos < text.size() && ((text[pos] >= '0' && text[pos] <= '9') || text[pos] == '.')) {
    ++pos;
  }
  const std::string_view number = text.substr(0, pos);
  const std::string_view unit = text.substr(pos);
  if (number.empty() || number.front() == '.' || number.back() == '.') return std::nullopt;
  if (number.find('.') != number.rfind('.')) return std::nullopt;
  const std::optional<double> value = parse_real(number);
  if (!value) return std::nullopt;
  for (const Unit& candidate : units) {
    if (candidate.name != unit) continue;
    const double scaled = std::round(*value * candidate.scale);
    // 2^63: the first value that does not fit in int64, exactly representable.
    if (!(scaled < 9223372036854775808.0)) return std::nullopt;
    return static_cast<std::uint64_t>(scaled);
  }
  return std::nullopt;
}

// "^[0-9]+(\\.[0-9]+)?(B|kB|...)$": digits, an optional fraction, one of `units`.
template <std::size_t N>
std::string unit_pattern(const std::array<Unit, N>& units) {
  std::string alternatives;
  for (const Unit& unit : units)
    alternatives += (alternatives.empty() ? "" : "|") + std::string(unit.name);
  return "^[0-9]+(\\.[0-9]+)?(" + alternatives + ")$";
}

}  // namespace

std::string size_pattern() {
  return unit_pattern(kSizeUnits);
}

std::string bandwidth_pattern() {
  return unit_pattern(kBandwidthUnits);
}

std::optional<std::uint64_t> parse_size(std::string_view text) {
  return parse_with_unit(text, kSizeUnits);
}

std::optional<std::uint64_t> parse_bandwidth(std::string_view text) {
  return parse_with_unit(text, kBandwidthUnits);
}

std::optional<std::uint64_t> parse_unsigned(std::string_view text) {
  if (text.empty()) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<double> parse_real(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (text.front() == '+') return std::nullopt;
  double value = 0;
  const auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::general);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

std::string format_real(double value) {
  std::array<char, 64> buffer{};
  const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (error != std::errc{}) return "?";
  return std::string(buffer.data(), end);
}

}  // namespace kcsim::scenario
