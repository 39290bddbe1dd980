// DistSpec: a latency distribution as a scenario file names it, not yet samplable.
//
// Contract:
//  - A plain value: which kind, and its parameters in a fixed order. Times are in
//    nanoseconds (as double, so that an empirical list or a Pareto scale keeps its
//    fraction); the Pareto shape is dimensionless.
//      kConstant     {value_ns}            from a scalar: "2ms"
//      kLognormal    {median_ns, p99_ns}   {median: 2ms, p99: 10ms}, 0 < median <= p99
//      kUniform      {low_ns, high_ns}     {uniform: [1ms, 3ms]}, low <= high
//      kExponential  {mean_ns}             {exponential: 2ms}, mean > 0
//      kNormal       {mean_ns, stddev_ns}  {normal: {mean: 2ms, stddev: 500us}}
//      kPareto       {scale_ns, shape}     {pareto: {scale: 1ms, shape: 1.5}}, both > 0
//      kEmpirical    {sample_ns...}        {empirical: [1ms, 2ms, 9ms]}, sorted ascending
//                                          by the parser, 1..kEmpiricalSamplesMax values
//  - The parser (model/scenario) validates these constraints; the run maps a DistSpec to
//    sim::Distribution, so this header depends on nothing in the kernel.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace kcsim::scenario {

inline constexpr std::size_t kEmpiricalSamplesMax = 100'000;

struct DistSpec {
  enum class Kind : std::uint8_t {
    kConstant,
    kLognormal,
    kUniform,
    kExponential,
    kNormal,
    kPareto,
    kEmpirical,
  };
  Kind kind = Kind::kConstant;
  std::vector<double> params;

  static DistSpec constant(double value_ns) { return {Kind::kConstant, {value_ns}}; }
  static DistSpec lognormal(double median_ns, double p99_ns) {
    return {Kind::kLognormal, {median_ns, p99_ns}};
  }

  bool operator==(const DistSpec&) const = default;
};

// "constant", "lognormal", ...: the kind's name as documentation and messages use it.
const char* dist_kind_name(DistSpec::Kind kind);

}  // namespace kcsim::scenario
