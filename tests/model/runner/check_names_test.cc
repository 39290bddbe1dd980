// Every name and statistic of a scenario's checks is checked before the run, with a
// "did you mean" when a known name is close.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/runner/run.h"
#include "model/scenario/load.h"

namespace kcsim::runner {
namespace {

std::vector<std::string> errors_for(const std::string& predicate) {
  const std::string text = R"(apiVersion: kcsim/v1
kind: Scenario
metadata: {name: names}
spec:
  duration: 3s
  cluster:
    etcd: {members: 3, clients: {count: 2, qps: 10}}
  checks:
    - {name: c, expect: ")" +
                           predicate + R"("}
)";
  auto loaded = scenario::parse_scenario(text, "n.yaml");
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().format());
  if (!loaded.ok()) return {"(did not load)"};
  return unknown_check_names(loaded.value());
}

TEST(CheckNames, KnownNamesAndStatisticsPass) {
  EXPECT_TRUE(errors_for("etcd.has_leader").empty());
  EXPECT_TRUE(errors_for("etcd_request_duration_seconds.p99 < 50ms").empty());
  EXPECT_TRUE(errors_for("etcd_request_duration_seconds.p999 < 1s").empty());
  EXPECT_TRUE(errors_for("etcd_server_leader_changes_seen_total > 0").empty());
  EXPECT_TRUE(
      errors_for("etcd_client_request_duration_seconds{operation=\\\"put\\\"}.p99 < 1s").empty());
  EXPECT_TRUE(
      errors_for("etcd_client_request_failures_total{reason=\\\"no_leader_boot\\\"} >= 0").empty());
}

TEST(CheckNames, AnUnknownStatisticIsAnErrorBeforeTheRunWithDidYouMean) {
  const std::vector<std::string> errors = errors_for("etcd_request_duration_seconds.avg < 50ms");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("n.yaml:9:26: spec.checks[0].expect: "), std::string::npos) << errors[0];
  EXPECT_NE(errors[0].find("unknown statistic \"avg\" of the histogram "
                           "etcd_request_duration_seconds"),
            std::string::npos)
      << errors[0];
}

TEST(CheckNames, AHistogramNeedsAStatisticAndACounterHasNone) {
  const std::vector<std::string> bare = errors_for("etcd_request_duration_seconds < 50ms");
  ASSERT_EQ(bare.size(), 1u);
  EXPECT_NE(bare[0].find("is a histogram: name one of its statistics"), std::string::npos)
      << bare[0];
  const std::vector<std::string> stat = errors_for("etcd_client_requests_failed_total.p99 > 0");
  ASSERT_EQ(stat.size(), 1u);
  EXPECT_NE(stat[0].find("is a counter, which has no statistics"), std::string::npos) << stat[0];
}

TEST(CheckNames, ATypoSuggestsTheClosestName) {
  const std::vector<std::string> errors = errors_for("etcd.has_leadr");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("no metric or state of this scenario is named \"etcd.has_leadr\" "
                           "(did you mean \"etcd.has_leader\"?)"),
            std::string::npos)
      << errors[0];
  const std::vector<std::string> metric = errors_for("etcd_request_duraton_seconds.p99 < 1s");
  ASSERT_EQ(metric.size(), 1u);
  EXPECT_NE(metric[0].find("(did you mean \"etcd_request_duration_seconds.p99\"?)"),
            std::string::npos)
      << metric[0];
}

TEST(CheckNames, ADurationComparedWithABareNumberIsAnErrorAtLoad) {
  const std::string text = R"(apiVersion: kcsim/v1
kind: Scenario
metadata: {name: units}
spec:
  duration: 3s
  cluster:
    etcd: {members: 3}
  checks:
    - {name: c, expect: "etcd_request_duration_seconds.p99 < 100"}
)";
  auto loaded = scenario::parse_scenario(text, "u.yaml");
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().format().find("u.yaml:9:62: spec.checks[0].expect: "
                                         "etcd_request_duration_seconds.p99 is a duration"),
            std::string::npos)
      << loaded.error().format();
}

}  // namespace
}  // namespace kcsim::runner
