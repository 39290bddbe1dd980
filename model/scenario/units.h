// Scalar texts with explicit units, and strict numbers, as scenario files write them.
//
// Contract:
//  - Every parser takes the whole text and returns nullopt unless all of it is valid:
//    no leading or trailing spaces, no sign (quantities here are never negative), no
//    bare number where a unit is expected, so a unit is never guessed.
//  - Sizes: <number><unit>, unit one of B, kB (=KB), MB, GB, TB (powers of 1000) or
//    KiB, MiB, GiB, TiB (powers of 1024); a fraction is allowed ("1.5MiB") and the byte
//    count is rounded to the nearest whole byte. Result in bytes, at most 2^63 - 1.
//  - Bandwidths: <number><unit>, unit one of bps, Kbps (=kbps), Mbps, Gbps, Tbps, all
//    decimal (networking quotes link rates in powers of 1000). Result in bits per second.
//  - Numbers are parsed with std::from_chars: locale-independent, the same everywhere.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kcsim::scenario {

std::optional<std::uint64_t> parse_size(std::string_view text);
std::optional<std::uint64_t> parse_bandwidth(std::string_view text);
// The texts parse_size and parse_bandwidth accept, as ECMA-262 regular expressions built
// from the same unit tables (for the JSON Schema, shape.h).
std::string size_pattern();
std::string bandwidth_pattern();

// Decimal digits only ("0", "42"; not "+1", "1.0", "0x10", "1e3").
std::optional<std::uint64_t> parse_unsigned(std::string_view text);

// A finite decimal number, optionally with a fraction and exponent ("0.25", "3", "1e-3");
// a leading '-' is accepted here, the caller range-checks.
std::optional<double> parse_real(std::string_view text);

// The shortest text that reads back as the same double ("0.1", "30", "1e-09"):
// deterministic on every platform, used in check details.
std::string format_real(double value);

}  // namespace kcsim::scenario
