// spec.keepSeries: series recorded in metrics.csv beside the family aggregates.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/runner/run.h"
#include "model/scenario/load.h"

namespace kcsim::runner {
namespace {

const char* const kEtcd = R"(apiVersion: kcsim/v1
kind: Scenario
metadata: {name: keep-series}
spec:
  duration: 3s
  cluster:
    etcd: {members: 3}
)";

scenario::Scenario load_text(const std::string& text) {
  auto loaded = scenario::parse_scenario(text, "keep.yaml");
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().format());
  return std::move(loaded.value());
}

const std::string kMember0 = "etcd_server_is_leader{member=\"etcd-0\"}";

TEST(KeepSeries, AKeptSeriesHasItsOwnColumnAndOthersDoNot) {
  const RunResult plain = run_scenario(load_text(kEtcd));
  EXPECT_EQ(plain.metrics->series().column(kMember0), nullptr);
  EXPECT_NE(plain.metrics->series().column("etcd_server_is_leader"), nullptr);

  const RunResult kept = run_scenario(load_text(std::string(kEtcd) + "  keepSeries: ['" + kMember0 +
                                                "', etcd_server_has_leader]\n"));
  const std::vector<double>* column = kept.metrics->series().column(kMember0);
  ASSERT_NE(column, nullptr);
  EXPECT_EQ(column->size(), kept.metrics->series().row_count());
  // The family kept whole: every member's series.
  for (int i = 0; i < 3; ++i) {
    const std::string name = "etcd_server_has_leader{member=\"etcd-" + std::to_string(i) + "\"}";
    EXPECT_NE(kept.metrics->series().column(name), nullptr) << name;
  }
  EXPECT_EQ(kept.metrics->series().column("etcd_server_is_leader{member=\"etcd-1\"}"), nullptr);
}

TEST(KeepSeries, AnUnknownNameIsAnErrorWithItsPosition) {
  const std::vector<std::string> errors =
      unknown_check_names(load_text(std::string(kEtcd) + "  keepSeries: [etcd_no_such_metric]\n"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "keep.yaml:8:16: spec.keepSeries[0]: no metric of this scenario is named "
            "\"etcd_no_such_metric\"");
}

}  // namespace
}  // namespace kcsim::runner
