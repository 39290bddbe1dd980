// The document, metadata, spec and network sections.
#include <cstdint>
#include <string>
#include <vector>

#include "model/scenario/load.h"
#include "model/scenario/parse_sections.h"
#include "model/scenario/read_values.h"
#include "model/scenario/units.h"

namespace kcsim::scenario {
namespace {

constexpr std::size_t kNameLengthMax = 63;

// The keys of each section, as the parser and the shape (kcsim schema) both list them.
std::vector<std::string_view> document_keys() {
  return {"apiVersion", "kind", "metadata", "spec"};
}
std::vector<std::string_view> metadata_keys() {
  return {"name", "description"};
}
std::vector<std::string_view> spec_keys() {
  return {"seed",    "duration",   "checkInterval", "metricsInterval", "warmUp", "network",
          "cluster", "keepSeries", "clocks",        "timeline",        "checks"};
}
std::vector<std::string_view> clock_keys() {
  return {"process", "offset", "driftPpm"};
}
std::vector<std::string_view> network_keys() {
  return {"zones", "intraZoneLatency", "interZoneLatency", "loss", "bandwidth"};
}

// DNS-1123 label, as Kubernetes requires for most object names.
bool is_dns_label(std::string_view name) {
  if (name.empty() || name.size() > kNameLengthMax) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(name.front()) || !alnum(name.back())) return false;
  for (char c : name) {
    if (!alnum(c) && c != '-') return false;
  }
  return true;
}

void require_exact(ParseContext& ctx, const Field& field, std::string_view expected) {
  const std::string value = read_string(ctx, field, std::string(expected));
  if (!ctx.failed() && value != expected) {
    ctx.fail(field, "expected " + std::string(expected) + ", found " + describe(field.node));
  }
}

void parse_metadata(ParseContext& ctx, const Field& field, Metadata& out) {
  MapReader map(ctx, field, metadata_keys(), "the scenario's metadata");
  const Field name = map.require("name", "a DNS-1123 label such as etcd-leader-crash");
  out.name = read_string(ctx, name, "");
  if (!ctx.failed() && !is_dns_label(out.name)) {
    ctx.fail(name,
             "expected a DNS-1123 label (lower-case letters, digits and '-', starting and "
             "ending with a letter or digit, at most 63 characters), found " +
                 describe(name.node));
  }
  out.description = read_string(ctx, map.get("description"), "");
}

// The interval must leave at most kEvaluationsMax evaluations over the run.
void check_interval_bound(ParseContext& ctx, const Field& field, sim::Time interval,
                          sim::Time duration) {
  if (ctx.failed() || !field.present || interval <= 0) return;
  const auto evaluations = static_cast<std::uint64_t>(duration / interval);
  if (evaluations <= kEvaluationsMax) return;
  const auto evaluations_max = static_cast<sim::Time>(kEvaluationsMax);
  const sim::Time smallest = (duration + evaluations_max - 1) / evaluations_max;
  ctx.fail(field, "expected an interval of at least " + sim::format_duration(smallest) +
                      " (at most " + std::to_string(kEvaluationsMax) + " per run of " +
                      sim::format_duration(duration) + "), found " + describe(field.node));
}

// The (key, scalar value) pairs of the timeline's raw entries, so that the components
// may name what the timeline creates (memberAdd: etcd-3 is a target of every entry;
// targets.h). Reads only what has the expected shape: the timeline parser reports the
// rest, with positions.
std::vector<RawAction> raw_actions(const Field& timeline) {
  std::vector<RawAction> raw;
  if (!timeline.present || !timeline.node.IsSequence()) return raw;
  for (const YAML::Node& entry : timeline.node) {
    if (!entry.IsMap()) continue;
    for (const auto& item : entry) {
      if (item.first.IsScalar() && item.second.IsScalar()) {
        raw.push_back(RawAction{item.first.Scalar(), item.second.Scalar()});
      }
    }
  }
  return raw;
}

void parse_clocks(ParseContext& ctx, const Field& field, const Targets& targets,
                  std::vector<ClockEntry>& out) {
  if (!field.present) return;
  if (!field.node.IsSequence() || field.node.size() > kClocksMax) {
    ctx.fail(field, "expected a list of up to " + std::to_string(kClocksMax) +
                        " clocks such as - {process: etcd-0, offset: 2s, driftPpm: 100}, found " +
                        describe(field.node));
    return;
  }
  for (std::size_t i = 0; i < field.node.size() && !ctx.failed(); ++i) {
    const Field entry = field.element(field.node[i], i);
    MapReader map(ctx, entry, clock_keys(),
                  "a clock such as {process: etcd-0, offset: 2s, driftPpm: 100}");
    if (!map.valid()) return;
    ClockEntry clock;
    const Field process = map.require("process", "a process the cluster names, such as etcd-0");
    clock.process = read_string(ctx, process, "");
    if (!ctx.failed() && !targets.processes.contains(clock.process)) {
      ctx.fail(process, "expected a process the cluster names, found " + describe(process.node));
    }
    clock.offset = read_duration(ctx, map.get("offset"), 0);
    clock.drift_ppm = read_real(ctx, map.get("driftPpm"), 0, -kClockDriftPpmMax, kClockDriftPpmMax);
    out.push_back(std::move(clock));
  }
}

void parse_kept_series(ParseContext& ctx, const Field& field, std::vector<KeptSeries>& out) {
  if (!field.present) return;
  if (!field.node.IsSequence() || field.node.size() > kKeptSeriesMax) {
    ctx.fail(field, "expected a list of up to " + std::to_string(kKeptSeriesMax) +
                        " metric names such as [ping_rtt_seconds, 'etcd_server_is_leader{member=" +
                        "\"etcd-0\"}'], found " + describe(field.node));
    return;
  }
  for (std::size_t i = 0; i < field.node.size() && !ctx.failed(); ++i) {
    const Field item = field.element(field.node[i], i);
    if (!item.node.IsScalar() || item.node.Scalar().empty()) {
      ctx.fail(item, "expected a metric name, found " + describe(item.node));
      return;
    }
    out.push_back(
        KeptSeries{item.node.Scalar(), ctx.position(item.value_mark(), item.path), item.path});
  }
}

void parse_spec(ParseContext& ctx, const component::Registry& registry, const Field& field,
                Spec& out) {
  MapReader map(ctx, field, spec_keys(), "the scenario's spec");
  out.seed = read_count(ctx, map.get("seed"), out.seed, 0, UINT64_MAX);
  out.duration =
      read_duration(ctx, map.require("duration", "a duration such as 120s"), 0, sim::kMillisecond);
  const Field check_interval = map.get("checkInterval");
  out.check_interval = read_duration(ctx, check_interval, out.check_interval, sim::kMicrosecond);
  check_interval_bound(ctx, check_interval, out.check_interval, out.duration);
  const Field metrics_interval = map.get("metricsInterval");
  out.metrics_interval =
      read_duration(ctx, metrics_interval, out.metrics_interval, sim::kMicrosecond);
  check_interval_bound(ctx, metrics_interval, out.metrics_interval, out.duration);
  const Field warm_up = map.get("warmUp");
  out.warm_up = read_duration(ctx, warm_up, out.warm_up, 0);
  if (!ctx.failed() && out.warm_up >= out.duration) {
    ctx.fail(warm_up, "expected a warm-up shorter than the run (duration " +
                          sim::format_duration(out.duration) + "), found " +
                          describe(warm_up.node));
  }
  parse_network(ctx, map.get("network"), out.network);
  parse_cluster(ctx, registry, map.get("cluster"), out.cluster);
  if (ctx.failed()) return;
  const Field timeline = map.get("timeline");
  const Targets targets = known_targets(registry, out.cluster, raw_actions(timeline));
  parse_timeline(ctx, registry, timeline, out.cluster, targets, out.duration, out.timeline);
  if (ctx.failed()) return;
  parse_clocks(ctx, map.get("clocks"), targets, out.clocks);
  if (ctx.failed()) return;
  parse_kept_series(ctx, map.get("keepSeries"), out.keep_series);
  if (ctx.failed()) return;
  parse_checks(ctx, map.get("checks"), out.timeline, out.duration, out.checks);
}

}  // namespace

void parse_network(ParseContext& ctx, const Field& field, NetworkSpec& out) {
  MapReader map(ctx, field, network_keys(), "the network settings");
  out.zones = read_count(ctx, map.get("zones"), out.zones, 1, kZonesMax);
  out.intra_zone_latency = read_dist(ctx, map.get("intraZoneLatency"), out.intra_zone_latency);
  out.inter_zone_latency = read_dist(ctx, map.get("interZoneLatency"), out.inter_zone_latency);
  out.loss = read_real(ctx, map.get("loss"), out.loss, 0.0, 1.0);
  out.bandwidth_bps = read_bandwidth(ctx, map.get("bandwidth"), out.bandwidth_bps);
}

void parse_document(ParseContext& ctx, const component::Registry& registry, const Field& root,
                    Scenario& out) {
  MapReader map(ctx, root, document_keys(), "a Scenario with apiVersion, kind, metadata and spec");
  require_exact(ctx, map.require("apiVersion", "kcsim/v1"), "kcsim/v1");
  require_exact(ctx, map.require("kind", "Scenario"), "Scenario");
  parse_metadata(ctx, map.require("metadata", "a mapping with at least a name"), out.metadata);
  parse_spec(ctx, registry, map.require("spec", "a mapping with at least a duration"), out.spec);
}

Shape network_shape() {
  const NetworkSpec defaults;
  Shape shape = Shape::mapping(
      "the network settings",
      {Shape::integer(1, kZonesMax).named("zones").defaulting(defaults.zones),
       dist_shape()
           .named("intraZoneLatency")
           .described("one-way latency within a zone (default {median: 250us, p99: 1ms}): " +
                      dist_shape().description),
       dist_shape()
           .named("interZoneLatency")
           .described("one-way latency across zones (default {median: 1ms, p99: 4ms}): " +
                      dist_shape().description),
       Shape::number(0.0, 1.0)
           .named("loss")
           .described("drop probability per message, 0 to 1")
           .defaulting(defaults.loss),
       Shape::bandwidth().named("bandwidth").defaulting(std::string("10Gbps"))});
  assert_same_keys(shape, network_keys());
  return shape;
}

Shape scenario_shape(const component::Registry& registry) {
  const Spec defaults;
  const std::string interval_rule = " (at most " + std::to_string(kEvaluationsMax) + " per run)";
  Shape clock = Shape::mapping(
      "a clock such as {process: etcd-0, offset: 2s, driftPpm: 100}",
      {Shape::text("a process the cluster names, such as etcd-0").named("process").must(),
       Shape::duration(0).named("offset").defaulting(std::string("0s")),
       Shape::number(-kClockDriftPpmMax, kClockDriftPpmMax).named("driftPpm").defaulting(0.0)});
  assert_same_keys(clock, clock_keys());
  Shape spec = Shape::mapping(
      "the scenario's spec",
      {Shape::integer(0, UINT64_MAX)
           .named("seed")
           .described("the run's seed, 0 to 2^64-1 (kcsim run --seed overrides it)")
           .defaulting(defaults.seed),
       Shape::duration(sim::kMillisecond)
           .named("duration")
           .described("how long the run lasts in virtual time, such as 120s")
           .must(),
       Shape::duration(sim::kMicrosecond)
           .named("checkInterval")
           .described("how often checks are evaluated" + interval_rule)
           .defaulting(sim::format_duration(defaults.check_interval)),
       Shape::duration(sim::kMicrosecond)
           .named("metricsInterval")
           .described("how often metrics.csv samples" + interval_rule)
           .defaulting(sim::format_duration(defaults.metrics_interval)),
       Shape::duration(0)
           .named("warmUp")
           .described("latency statistics in checks count samples from this time on; shorter "
                      "than the run")
           .defaulting(sim::format_duration(defaults.warm_up)),
       network_shape().named("network"), cluster_shape(registry).named("cluster"),
       Shape::list(Shape::text("a metric name such as ping_rtt_seconds"), 0, kKeptSeriesMax)
           .named("keepSeries")
           .described("metrics kept in full in metrics.csv"),
       Shape::list(std::move(clock), 0, kClocksMax)
           .named("clocks")
           .described("processes whose clocks are offset or drift"),
       Shape::list(timeline_entry_shape(registry), 0, kTimelineEntriesMax)
           .named("timeline")
           .described("the scheduled faults, repairs and operator actions"),
       Shape::list(check_shape(), 0, kChecksMax)
           .named("checks")
           .described("what must hold, and when")});
  assert_same_keys(spec, spec_keys());
  Shape metadata =
      Shape::mapping("the scenario's metadata",
                     {Shape::text("a DNS-1123 label such as etcd-leader-crash")
                          .named("name")
                          .matching("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
                          .must(),
                      Shape::text("one line on what the scenario shows").named("description")});
  assert_same_keys(metadata, metadata_keys());
  Shape document = Shape::mapping(
      "a kcsim scenario (scenarios/README.md)",
      {Shape::one_of_texts("the format's version", {"kcsim/v1"}).named("apiVersion").must(),
       Shape::one_of_texts("the document's kind", {"Scenario"}).named("kind").must(),
       std::move(metadata).named("metadata").must(), std::move(spec).named("spec").must()});
  assert_same_keys(document, document_keys());
  return document;
}

}  // namespace kcsim::scenario
