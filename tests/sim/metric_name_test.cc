#include "sim/metric_name.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace kcsim::sim {
namespace {

TEST(Labeled, SortsLabelsByKey) {
  EXPECT_EQ(labeled("etcd_server_has_leader", {{"member", "etcd-0"}}),
            "etcd_server_has_leader{member=\"etcd-0\"}");
  EXPECT_EQ(labeled("requests_total", {{"verb", "GET"}, {"code", "200"}}),
            "requests_total{code=\"200\",verb=\"GET\"}");
}

TEST(Labeled, WithoutLabelsIsTheBareName) {
  EXPECT_EQ(labeled("etcd.leader_changes", {}), "etcd.leader_changes");
}

TEST(Labeled, AddsToLabelsAlreadyInTheName) {
  EXPECT_EQ(labeled("x{b=\"2\"}", {{"a", "1"}}), "x{a=\"1\",b=\"2\"}");
}

TEST(Labeled, EscapesQuotesBackslashesAndNewlines) {
  EXPECT_EQ(labeled("x", {{"path", "a\"b\\c\nd"}}), "x{path=\"a\\\"b\\\\c\\nd\"}");
  // The escaped form parses back to the same canonical name.
  const std::string name = labeled("x", {{"path", "a\"b\\c\nd"}});
  EXPECT_EQ(canonical_metric_name(name), name);
}

TEST(Labeled, RejectsBadNamesKeysAndDuplicates) {
  EXPECT_THROW(labeled("", {}), std::logic_error);
  EXPECT_THROW(labeled("9lives", {}), std::logic_error);
  EXPECT_THROW(labeled("x", {{"bad-key", "v"}}), std::logic_error);
  EXPECT_THROW(labeled("x", {{"", "v"}}), std::logic_error);
  EXPECT_THROW(labeled("x", {{"a", "1"}, {"a", "2"}}), std::logic_error);
  EXPECT_THROW(labeled("x{a=\"1\"}", {{"a", "2"}}), std::logic_error);
}

TEST(CanonicalMetricName, NormalizesOrderSpacesAndTrailingComma) {
  EXPECT_EQ(canonical_metric_name("x{b=\"2\", a=\"1\",}"), "x{a=\"1\",b=\"2\"}");
  EXPECT_EQ(canonical_metric_name("x{ a = \"1\" }"), "x{a=\"1\"}");
  EXPECT_EQ(canonical_metric_name("x{}"), "x");
  EXPECT_EQ(canonical_metric_name("apiserver:rate.5m"), "apiserver:rate.5m");
}

TEST(CanonicalMetricName, RejectsMalformedNames) {
  for (const char* bad :
       {"", "{a=\"1\"}", "x{", "x{a}", "x{a=1}", "x{a=\"1\"", "x{a=\"1\"}y", "x{a=\"1\"b=\"2\"}",
        "x y", "x{a=\"\\q\"}", "x{a=\"1\"}}", "x{a=\"1\",a=\"2\"}", ".x", "x-y"}) {
    EXPECT_EQ(canonical_metric_name(bad), std::nullopt) << bad;
  }
}

TEST(MetricBaseName, IsThePartBeforeTheBrace) {
  EXPECT_EQ(metric_base_name("x{a=\"1\"}"), "x");
  EXPECT_EQ(metric_base_name("etcd.leader_changes"), "etcd.leader_changes");
}

}  // namespace
}  // namespace kcsim::sim
