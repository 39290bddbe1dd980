// Schema<T>: the declarative settings schema the components use (schema.h).
#include "model/scenario/schema.h"

#include <gtest/gtest.h>

#include <yaml-cpp/yaml.h>

#include <regex>

#include "model/etcd/component/etcd_schema.h"
#include "model/scenario/load.h"
#include "model/scenario/units.h"

namespace kcsim::scenario {
namespace {

struct Inner {
  std::uint64_t size = 1;
};

struct Toy {
  std::uint64_t count = 2;
  sim::Time every = 100 * sim::kMillisecond;
  bool on = true;
  double share = 0.5;
  Inner inner;
};

Schema<Inner> inner_schema(std::uint64_t limit) {
  return Schema<Inner>("the inner settings")
      .count("size", &Inner::size, 1, 100)
      .rule([limit](ParseContext& ctx, const MapReader& map, Inner& out) {
        if (out.size > limit) ctx.fail(map.get("size"), "expected size <= count");
      });
}

Schema<Toy> toy_schema(int* rule_runs) {
  return Schema<Toy>("the toy settings")
      .count("count", &Toy::count, 1, 10)
      .rule([rule_runs](ParseContext&, const MapReader&, Toy&) { ++*rule_runs; })
      .duration("every", &Toy::every, sim::kMillisecond)
      .boolean("on", &Toy::on)
      .real("share", &Toy::share, 0.0, 1.0)
      .section<Inner>("inner", &Toy::inner, [](const Toy& toy) { return inner_schema(toy.count); });
}

// Parses `text` as the mapping at key path "toy"; returns the error text or "".
std::string parse(const std::string& text, Toy& out, int* rule_runs) {
  ParseContext ctx("t.yaml", {});
  ctx.set_source(text);
  Field field;
  field.node = YAML::Load(text);
  field.path = "toy";
  field.present = true;
  field.key_mark = field.node.Mark();
  field.map_mark = field.node.Mark();
  toy_schema(rule_runs).parse(ctx, field, out);
  const std::optional<ScenarioError> error = ctx.take_error();
  return error ? error->format() : "";
}

TEST(Schema, AbsentKeysKeepTheStructDefaults) {
  Toy toy;
  int runs = 0;
  EXPECT_EQ(parse("{share: 0.25}", toy, &runs), "");
  EXPECT_EQ(toy.count, 2u);
  EXPECT_EQ(toy.every, 100 * sim::kMillisecond);
  EXPECT_TRUE(toy.on);
  EXPECT_DOUBLE_EQ(toy.share, 0.25);
  EXPECT_EQ(toy.inner.size, 1u);
  EXPECT_EQ(runs, 1);
}

TEST(Schema, ErrorsNameTheKeyPathAndRulesStopAfterAnError) {
  Toy toy;
  int runs = 0;
  EXPECT_EQ(parse("{count: 11}", toy, &runs),
            "t.yaml:1:9: toy.count: expected an integer from 1 to 10, found \"11\"");
  EXPECT_EQ(runs, 0);  // the first error wins: later rules do not run
  EXPECT_EQ(parse("{cuont: 1}", toy, &runs),
            "t.yaml:1:2: toy.cuont: unknown key \"cuont\"; expected one of: count every on share "
            "inner (did you mean \"count\"?)");
}

TEST(Schema, ASectionSeesTheValuesReadBeforeIt) {
  Toy toy;
  int runs = 0;
  EXPECT_EQ(parse("{count: 3, inner: {size: 3}}", toy, &runs), "");
  EXPECT_EQ(parse("{count: 3, inner: {size: 5}}", toy, &runs),
            "t.yaml:1:26: toy.inner.size: expected size <= count");
}

TEST(Schema, EntriesDescribeKeysTypesAndDefaults) {
  int runs = 0;
  const Schema<Toy> schema = toy_schema(&runs);
  std::vector<std::string> keys;
  for (const auto& entry : schema.entries()) {
    if (!entry.key.empty())
      keys.push_back(entry.key + ": " + entry.type + " = " + entry.default_text);
  }
  EXPECT_EQ(keys,
            (std::vector<std::string>{"count: integer 1..10 = 2", "every: duration >= 1ms = 100ms",
                                      "on: true or false = true", "share: number 0..1 = 0.5",
                                      "inner: mapping = {}"}));
}

// shape() describes the same keys as data, for `kcsim schema`: types, ranges, defaults
// (T{}'s, as a file writes them), and a section's own keys.
TEST(Schema, ShapeDescribesKeysTypesRangesAndDefaults) {
  int runs = 0;
  const Shape shape = toy_schema(&runs).shape();
  EXPECT_EQ(shape.type, Shape::Type::kMapping);
  EXPECT_EQ(shape.description, "the toy settings");
  std::vector<std::string> keys;
  for (const Shape& property : shape.properties)
    keys.push_back(property.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"count", "every", "on", "share", "inner"}));
  const Shape& count = *shape.property("count");
  EXPECT_EQ(count.type, Shape::Type::kInteger);
  EXPECT_EQ(count.minimum, 1.0);
  EXPECT_EQ(count.maximum_count, 10u);
  EXPECT_EQ(std::get<std::uint64_t>(count.default_value), 2u);
  const Shape& every = *shape.property("every");
  EXPECT_EQ(every.type, Shape::Type::kDuration);
  EXPECT_EQ(std::get<std::string>(every.default_value), "100ms");
  EXPECT_EQ(every.minimum, static_cast<double>(sim::kMillisecond));
  EXPECT_EQ(std::get<bool>(shape.property("on")->default_value), true);
  EXPECT_EQ(shape.property("share")->maximum, 1.0);
  const Shape& inner = *shape.property("inner");
  ASSERT_EQ(inner.properties.size(), 1u);
  EXPECT_EQ(inner.properties[0].key, "size");
  EXPECT_EQ(inner.properties[0].maximum_count, 100u);
}

// The unit patterns come from the parsers' unit tables.
TEST(Schema, SizeAndBandwidthPatternsNameEveryUnit) {
  EXPECT_EQ(size_pattern(), "^[0-9]+(\\.[0-9]+)?(B|kB|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$");
  EXPECT_EQ(bandwidth_pattern(), "^[0-9]+(\\.[0-9]+)?(bps|Kbps|kbps|Mbps|Gbps|Tbps)$");
  EXPECT_EQ(size_text(64 * 1024 * 1024), "64MiB");
  EXPECT_EQ(size_text(1000), "1000B");
}

// The patterns accept exactly what the parsers accept (the bare 0 of a duration is the
// schema's integer case, not its pattern's).
TEST(Schema, UnitPatternsAgreeWithTheParsers) {
  const std::regex duration(Shape::duration(0).pattern, std::regex::ECMAScript);
  for (const char* text : {"1s", "1.5s", ".5s", "5.s", "1m30s", "150ms", "1h2m3s", "2us", "3ns",
                           "10", "ms", "1.2.3s", "-1s", " 1s", "1sm", "1m s", "1d", "", "1.s5"}) {
    EXPECT_EQ(std::regex_match(text, duration), sim::parse_duration(text).has_value()) << text;
  }
  const std::regex size(size_pattern(), std::regex::ECMAScript);
  for (const char* text : {"1.5MiB", "64B", "10kB", "10KB", "1TiB", "1.MiB", ".5MiB", "10 kB", "8G",
                           "10", "1.2.3B", "1e3B", "-1B"}) {
    EXPECT_EQ(std::regex_match(text, size), parse_size(text).has_value()) << text;
  }
  const std::regex bandwidth(bandwidth_pattern(), std::regex::ECMAScript);
  for (const char* text : {"10Gbps", "1.5Mbps", "100kbps", "10Gb", "10", "1.Gbps"}) {
    EXPECT_EQ(std::regex_match(text, bandwidth), parse_bandwidth(text).has_value()) << text;
  }
}

// etcd's schema lists its keys in the order its "unknown key" message always has, and
// reads them in the order it always has: walFsync is reported before writeCpu.
TEST(Schema, EtcdKeysInTheirDocumentedOrder) {
  std::string keys;
  const Schema<etcd::EtcdSpec> schema = etcd::etcd_schema();
  for (std::string_view key : schema.listed_keys())
    keys += (keys.empty() ? "" : " ") + std::string(key);
  EXPECT_EQ(keys,
            "members heartbeatInterval electionTimeout snapshotCount snapshotCatchUpEntries "
            "quotaBackendBytes maxRequestBytes cpus writeCpu readCpu applyCpu replicateCpu "
            "walFsync backendCommit "
            "preVote strictReconfigCheck maxLearners clients watchers compactors leases "
            "experiments");
}

TEST(Schema, EtcdReportsTheFirstErrorInItsReadingOrder) {
  const std::string text =
      "apiVersion: kcsim/v1\nkind: Scenario\nmetadata: {name: t}\nspec:\n  duration: 60s\n"
      "  cluster:\n    etcd: {writeCpu: 5, walFsync: 7}\n";
  const Result<Scenario, ScenarioError> result = parse_scenario(text, "a.yaml");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().key_path, "spec.cluster.etcd.walFsync") << result.error().format();
}

}  // namespace
}  // namespace kcsim::scenario
