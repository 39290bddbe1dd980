#include "model/scenario/read_values.h"

#include <algorithm>

#include "model/scenario/units.h"
#include "sim/invariant.h"

namespace kcsim::scenario {
namespace {

constexpr std::size_t kNamesMax = 10'000;
constexpr std::size_t kGroupsMax = 64;

bool is_plain_scalar(const YAML::Node& node) {
  return node.IsScalar() && node.Tag() == "?";
}

// A quoted scalar is a string: say so, so that "3" vs 3 is not a mystery.
std::string found(const YAML::Node& node) {
  if (node.IsScalar() && !is_plain_scalar(node)) return "the quoted string " + describe(node);
  return describe(node);
}

std::string duration_text(sim::Time t) {
  return sim::format_duration(t);
}

}  // namespace

std::string read_string(ParseContext& ctx, const Field& field, std::string fallback) {
  if (!field.present) return fallback;
  if (!field.node.IsScalar()) {
    ctx.fail(field, "expected a string, found " + describe(field.node));
    return fallback;
  }
  return field.node.Scalar();
}

sim::Time read_duration(ParseContext& ctx, const Field& field, sim::Time fallback, sim::Time min) {
  if (!field.present) return fallback;
  const std::optional<sim::Time> value =
      field.node.IsScalar() ? sim::parse_duration(field.node.Scalar()) : std::nullopt;
  if (!value) {
    ctx.fail(field,
             "expected a duration with a unit such as 150ms or 2s, found " + describe(field.node));
    return fallback;
  }
  if (*value < min) {
    ctx.fail(field, "expected a duration of at least " + duration_text(min) + ", found " +
                        describe(field.node));
    return fallback;
  }
  return *value;
}

std::uint64_t read_count(ParseContext& ctx, const Field& field, std::uint64_t fallback,
                         std::uint64_t min, std::uint64_t max) {
  if (!field.present) return fallback;
  const std::optional<std::uint64_t> value =
      is_plain_scalar(field.node) ? parse_unsigned(field.node.Scalar()) : std::nullopt;
  if (!value || *value < min || *value > max) {
    ctx.fail(field, "expected an integer from " + std::to_string(min) + " to " +
                        std::to_string(max) + ", found " + found(field.node));
    return fallback;
  }
  return *value;
}

double read_real(ParseContext& ctx, const Field& field, double fallback, double min, double max) {
  if (!field.present) return fallback;
  const std::optional<double> value =
      is_plain_scalar(field.node) ? parse_real(field.node.Scalar()) : std::nullopt;
  if (!value || !(*value >= min) || !(*value <= max)) {
    ctx.fail(field, "expected a number from " + format_real(min) + " to " + format_real(max) +
                        ", found " + found(field.node));
    return fallback;
  }
  return *value;
}

bool read_bool(ParseContext& ctx, const Field& field, bool fallback) {
  if (!field.present) return fallback;
  if (is_plain_scalar(field.node)) {
    if (field.node.Scalar() == "true") return true;
    if (field.node.Scalar() == "false") return false;
  }
  ctx.fail(field, "expected true or false, found " + found(field.node));
  return fallback;
}

std::uint64_t read_size(ParseContext& ctx, const Field& field, std::uint64_t fallback,
                        std::uint64_t min) {
  if (!field.present) return fallback;
  const std::optional<std::uint64_t> value =
      field.node.IsScalar() ? parse_size(field.node.Scalar()) : std::nullopt;
  if (!value) {
    ctx.fail(field, "expected a size with a unit such as 64B, 512MiB, 1.5MiB or 10kB, found " +
                        describe(field.node));
    return fallback;
  }
  if (*value < min) {
    ctx.fail(field, "expected a size of at least " + std::to_string(min) + "B, found " +
                        describe(field.node));
    return fallback;
  }
  return *value;
}

std::uint64_t read_bandwidth(ParseContext& ctx, const Field& field, std::uint64_t fallback) {
  if (!field.present) return fallback;
  const std::optional<std::uint64_t> value =
      field.node.IsScalar() ? parse_bandwidth(field.node.Scalar()) : std::nullopt;
  if (!value || *value == 0) {
    ctx.fail(field, "expected a positive bandwidth with a unit such as 100Mbps or 10Gbps, found " +
                        describe(field.node));
    return fallback;
  }
  return *value;
}

namespace {

constexpr const char* kDistHelp =
    "a duration such as 2ms, or one of {median: D, p99: D}, {uniform: [D, D]}, "
    "{exponential: D}, {normal: {mean: D, stddev: D}}, {pareto: {scale: D, shape: X}}, "
    "{empirical: [D, ...]}";

double as_ns(sim::Time t) {
  return static_cast<double>(t);
}

std::vector<std::string_view> dist_keys() {
  return {"median", "p99", "uniform", "exponential", "normal", "pareto", "empirical"};
}

DistSpec read_dist_map(ParseContext& ctx, const Field& field, const DistSpec& fallback) {
  MapReader map(ctx, field, dist_keys(), "a distribution");
  if (!map.valid()) return fallback;
  const std::size_t kinds = (map.has("median") || map.has("p99") ? 1u : 0u) +
                            (map.has("uniform") ? 1u : 0u) + (map.has("exponential") ? 1u : 0u) +
                            (map.has("normal") ? 1u : 0u) + (map.has("pareto") ? 1u : 0u) +
                            (map.has("empirical") ? 1u : 0u);
  if (kinds != 1) {
    ctx.fail(field, std::string("expected exactly one distribution: ") + kDistHelp);
    return fallback;
  }
  if (map.has("median") || map.has("p99")) {
    const Field median_field = map.require("median", "the median latency, such as 2ms");
    const Field p99_field = map.require("p99", "the 99th percentile latency, such as 10ms");
    const sim::Time median = read_duration(ctx, median_field, 1, 1);
    const sim::Time p99 = read_duration(ctx, p99_field, median, 1);
    if (!ctx.failed() && p99 < median) {
      ctx.fail(p99_field, "expected p99 at least the median (" + duration_text(median) +
                              "), found " + describe(p99_field.node));
    }
    return DistSpec{DistSpec::Kind::kLognormal, {as_ns(median), as_ns(p99)}};
  }
  if (map.has("uniform")) {
    const Field range = map.get("uniform");
    if (!range.node.IsSequence() || range.node.size() != 2) {
      ctx.fail(range, "expected [low, high], two durations, found " + describe(range.node));
      return fallback;
    }
    const sim::Time low = read_duration(ctx, range.element(range.node[0], 0), 0);
    const Field high_field = range.element(range.node[1], 1);
    const sim::Time high = read_duration(ctx, high_field, low);
    if (!ctx.failed() && high < low) {
      ctx.fail(high_field, "expected high at least low (" + duration_text(low) + "), found " +
                               describe(high_field.node));
    }
    return DistSpec{DistSpec::Kind::kUniform, {as_ns(low), as_ns(high)}};
  }
  if (map.has("exponential")) {
    const sim::Time mean = read_duration(ctx, map.get("exponential"), 1, 1);
    return DistSpec{DistSpec::Kind::kExponential, {as_ns(mean)}};
  }
  if (map.has("normal")) {
    MapReader normal(ctx, map.get("normal"), {"mean", "stddev"}, "a normal distribution");
    const sim::Time mean = read_duration(ctx, normal.require("mean", "a duration"), 0);
    const sim::Time stddev = read_duration(ctx, normal.require("stddev", "a duration"), 0);
    return DistSpec{DistSpec::Kind::kNormal, {as_ns(mean), as_ns(stddev)}};
  }
  if (map.has("pareto")) {
    MapReader pareto(ctx, map.get("pareto"), {"scale", "shape"}, "a Pareto distribution");
    const sim::Time scale = read_duration(ctx, pareto.require("scale", "a duration"), 1, 1);
    const double shape = read_real(ctx, pareto.require("shape", "a number > 0"), 1, 1e-6, 1e6);
    return DistSpec{DistSpec::Kind::kPareto, {as_ns(scale), shape}};
  }
  const Field samples = map.get("empirical");
  if (!samples.node.IsSequence() || samples.node.size() == 0 ||
      samples.node.size() > kEmpiricalSamplesMax) {
    ctx.fail(samples, "expected a list of 1 to " + std::to_string(kEmpiricalSamplesMax) +
                          " durations, found " + describe(samples.node));
    return fallback;
  }
  DistSpec out{DistSpec::Kind::kEmpirical, {}};
  for (std::size_t i = 0; i < samples.node.size() && !ctx.failed(); ++i) {
    out.params.push_back(as_ns(read_duration(ctx, samples.element(samples.node[i], i), 0)));
  }
  std::sort(out.params.begin(), out.params.end());
  return out;
}

// One form of a distribution's mapping: the keys of `forms`, no other.
Shape dist_form(std::string description, std::vector<Shape> keys) {
  return Shape::mapping(std::move(description), std::move(keys));
}

}  // namespace

Shape dist_shape() {
  const auto d = [](sim::Time min) { return Shape::duration(min); };
  std::vector<Shape> forms = {
      d(0).described("a constant, such as 2ms"),
      dist_form("lognormal: {median: D, p99: D}, median <= p99",
                {d(1).named("median").must(), d(1).named("p99").must()}),
      dist_form("{uniform: [low, high]}", {Shape::list(d(0), 2, 2).named("uniform").must()}),
      dist_form("{exponential: mean}", {d(1).named("exponential").must()}),
      dist_form("{normal: {mean: D, stddev: D}}",
                {Shape::mapping("a normal distribution",
                                {d(0).named("mean").must(), d(0).named("stddev").must()})
                     .named("normal")
                     .must()}),
      dist_form(
          "{pareto: {scale: D, shape: X}}",
          {Shape::mapping("a Pareto distribution", {d(1).named("scale").must(),
                                                    Shape::number(1e-6, 1e6).named("shape").must()})
               .named("pareto")
               .must()}),
      dist_form("{empirical: [D, ...]}",
                {Shape::list(d(0), 1, kEmpiricalSamplesMax).named("empirical").must()})};
  Shape shape = Shape::any(std::string("a latency: ") + kDistHelp);
  shape.any_of = std::move(forms);
  // Every key read_dist_map knows is in one form.
  std::size_t keys = 0;
  for (const Shape& form : shape.any_of)
    keys += form.properties.size();
  KCSIM_ASSERT(keys == dist_keys().size());
  return shape;
}

DistSpec read_dist(ParseContext& ctx, const Field& field, DistSpec fallback) {
  if (!field.present) return fallback;
  if (field.node.IsScalar()) {
    const std::optional<sim::Time> value = sim::parse_duration(field.node.Scalar());
    if (!value) {
      ctx.fail(field, std::string("expected ") + kDistHelp + ", found " + describe(field.node));
      return fallback;
    }
    return DistSpec::constant(as_ns(*value));
  }
  if (!field.node.IsMap()) {
    ctx.fail(field, std::string("expected ") + kDistHelp + ", found " + describe(field.node));
    return fallback;
  }
  return read_dist_map(ctx, field, fallback);
}

std::vector<std::string> read_names(ParseContext& ctx, const Field& field) {
  std::vector<std::string> out;
  if (!field.present) return out;
  if (!field.node.IsSequence() || field.node.size() == 0 || field.node.size() > kNamesMax) {
    ctx.fail(field, "expected a non-empty list of names such as [etcd-0, etcd-1], found " +
                        describe(field.node));
    return out;
  }
  for (std::size_t i = 0; i < field.node.size(); ++i) {
    const Field item = field.element(field.node[i], i);
    if (!item.node.IsScalar() || item.node.Scalar().empty()) {
      ctx.fail(item, "expected a name, found " + describe(item.node));
      return out;
    }
    out.push_back(item.node.Scalar());
  }
  return out;
}

std::vector<Field> read_list(ParseContext& ctx, const Field& field, std::size_t min,
                             std::size_t max, std::string_view what) {
  std::vector<Field> out;
  if (!field.present) return out;
  if (!field.node.IsSequence() || field.node.size() < min || field.node.size() > max) {
    ctx.fail(field, "expected " + std::string(what) + " (" + std::to_string(min) + " to " +
                        std::to_string(max) + " entries), found " + describe(field.node));
    return out;
  }
  for (std::size_t i = 0; i < field.node.size(); ++i)
    out.push_back(field.element(field.node[i], i));
  return out;
}

Shape names_shape() {
  return Shape::list(Shape::text("a name"), 1, kNamesMax)
      .described("a non-empty list of names such as [etcd-0, etcd-1]");
}

Shape groups_shape(std::size_t groups_min, std::size_t groups_max) {
  return Shape::list(names_shape(), groups_min, std::min(groups_max, kGroupsMax))
      .described("groups of hosts such as [[etcd-0], [etcd-1, etcd-2]]");
}

HostGroups read_groups(ParseContext& ctx, const Field& field, std::size_t groups_min,
                       std::size_t groups_max) {
  HostGroups out;
  if (!field.present) return out;
  groups_max = std::min(groups_max, kGroupsMax);
  const std::string shape = "a list of " +
                            (groups_min == groups_max ? std::to_string(groups_min)
                                                      : std::to_string(groups_min) + " to " +
                                                            std::to_string(groups_max)) +
                            " groups of hosts such as [[etcd-0], [etcd-1, etcd-2]]";
  if (!field.node.IsSequence() || field.node.size() < groups_min ||
      field.node.size() > groups_max) {
    ctx.fail(field, "expected " + shape + ", found " + describe(field.node));
    return out;
  }
  for (std::size_t i = 0; i < field.node.size() && !ctx.failed(); ++i) {
    out.push_back(read_names(ctx, field.element(field.node[i], i)));
  }
  return out;
}

}  // namespace kcsim::scenario
