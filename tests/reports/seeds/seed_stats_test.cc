// Aggregates across seeds: the statistics, a check's timing read from its detail, and
// the files' contents.
#include "reports/seeds/seed_stats.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "reports/seeds/seeds_report.h"

namespace kcsim::reports {
namespace {

TEST(SeedStats, MeanStdevConfidenceIntervalAndPercentiles) {
  const std::optional<Stats> s = stats_of({2, 4, 4, 4, 5, 5, 7, 9});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->n, 8u);
  EXPECT_DOUBLE_EQ(s->mean, 5.0);
  EXPECT_NEAR(s->stdev, std::sqrt(32.0 / 7.0), 1e-12);  // Bessel: sum of squares 32, n-1 = 7
  const double half = 2.365 * std::sqrt(32.0 / 7.0) / std::sqrt(8.0);
  EXPECT_NEAR(s->ci95_low, 5.0 - half, 1e-12);
  EXPECT_NEAR(s->ci95_high, 5.0 + half, 1e-12);
  EXPECT_EQ(s->min, 2);
  EXPECT_EQ(s->max, 9);
  EXPECT_EQ(s->p50, 4);  // nearest rank 4 of 8
  EXPECT_EQ(s->p90, 9);  // rank ceil(7.2) = 8
  const std::optional<Stats> one = stats_of({3});
  ASSERT_TRUE(one);
  EXPECT_EQ(one->stdev, 0);
  EXPECT_EQ(one->ci95_low, 3);
  EXPECT_FALSE(stats_of({}));
  EXPECT_DOUBLE_EQ(t_975(1), 12.706);
  EXPECT_DOUBLE_EQ(t_975(30), 2.042);
  EXPECT_DOUBLE_EQ(t_975(200), 1.96);
}

scenario::CheckResult check(std::string detail, bool passed = true) {
  scenario::CheckResult c;
  c.name = "c";
  c.detail = std::move(detail);
  c.passed = passed;
  c.status = passed ? scenario::CheckStatus::kPassed : scenario::CheckStatus::kFailed;
  return c;
}

TEST(SeedStats, ACheckTimingFromItsDetail) {
  EXPECT_DOUBLE_EQ(*check_timing_s(check("true at 12.5s, 2.5s after leader crash")), 2.5);
  EXPECT_DOUBLE_EQ(*check_timing_s(check(
                       "true at 11s, 800ms after leader crash (and within 4s after each of 2)")),
                   0.8);
  EXPECT_DOUBLE_EQ(*check_timing_s(check("true at 3.1s: etcd.has_leader=1")), 3.1);
  EXPECT_DOUBLE_EQ(*check_timing_s(check("true at 1m2s")), 62);
  EXPECT_FALSE(check_timing_s(check("true at all 30 evaluations from 0s to 30s")));
  EXPECT_FALSE(check_timing_s(check("true at the end (30s)")));
  EXPECT_FALSE(check_timing_s(check("never true by 4s", false)));
}

TEST(SeedsReport, FilesListEverySeedAndTheFailingOnes) {
  SeedsInput input;
  input.scenario = "s";
  input.first_seed = 1;
  input.last_seed = 3;
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    SeedRun run;
    run.seed = seed;
    run.passed = seed != 2;
    run.trace_hash = "00000000000000" + std::to_string(seed) + "0";
    run.checks = {check("true at " + std::to_string(seed) + "s", seed != 2)};
    run.checks[0].name = "a, \"quoted\" check";
    run.metrics = {{"m", static_cast<double>(seed)}};
    input.runs.push_back(run);
  }
  std::ostringstream csv;
  write_seeds_csv(input, csv);
  const std::string text = csv.str();
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "seed,passed,interrupted,trace_hash,sim_time_s,events,wall_time_s,"
            "\"a, \"\"quoted\"\" check:status\",\"a, \"\"quoted\"\" check:timing_s\",m");
  EXPECT_NE(text.find("\n2,false,false,"), std::string::npos);
  const nlohmann::ordered_json summary = seeds_summary_json(input);
  EXPECT_EQ(summary["runs"], 3);
  EXPECT_EQ(summary["runs_passed"], 2);
  EXPECT_EQ(summary["failing_seeds"], nlohmann::ordered_json::array({2}));
  EXPECT_EQ(summary["checks"][0]["failing_seeds"], nlohmann::ordered_json::array({2}));
  EXPECT_NEAR(summary["checks"][0]["pass_rate"].get<double>(), 2.0 / 3.0, 1e-12);
  EXPECT_EQ(summary["metrics"]["m"]["mean"], 2.0);
  EXPECT_EQ(summary["checks"][0]["timing_s"]["n"], 3);
  std::ostringstream html;
  std::string warning;
  write_seeds_report(input, html, warning);
  EXPECT_NE(html.str().find("kcsim-data"), std::string::npos);
  EXPECT_EQ(html.str().find("\"quoted\" check:status"), std::string::npos);  // CSV only
}

}  // namespace
}  // namespace kcsim::reports
