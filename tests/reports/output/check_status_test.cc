// How each check status reaches summary.json and junit.xml.
#include <gtest/gtest.h>

#include <sstream>

#include "reports/output/junit_xml.h"
#include "reports/output/summary_json.h"

namespace kcsim::reports {
namespace {

using scenario::CheckResult;
using scenario::CheckStatus;

runner::RunResult three_checks() {
  runner::RunResult result;
  result.scenario = "s";
  result.checks.push_back(CheckResult{"ok", true, "true at the end", CheckStatus::kPassed});
  result.checks.push_back(CheckResult{"bad", false, "false at the end", CheckStatus::kFailed});
  result.checks.push_back(
      CheckResult{"lin", false, "undecided at the end", CheckStatus::kUndecided});
  return result;
}

TEST(CheckStatus, SummaryJsonHasAStatusPerCheckAndPassedFalseWhenUndecided) {
  const nlohmann::ordered_json summary = summary_json(three_checks());
  EXPECT_FALSE(summary["passed"].get<bool>());
  const auto& checks = summary["checks"];
  ASSERT_EQ(checks.size(), 3u);
  EXPECT_EQ(checks[0]["status"], "passed");
  EXPECT_TRUE(checks[0]["passed"].get<bool>());
  EXPECT_EQ(checks[1]["status"], "failed");
  EXPECT_EQ(checks[2]["status"], "undecided");
  EXPECT_FALSE(checks[2]["passed"].get<bool>());
}

TEST(CheckStatus, AnUndecidedRunDoesNotPass) {
  runner::RunResult result;
  result.checks.push_back(CheckResult{"lin", false, "undecided", CheckStatus::kUndecided});
  EXPECT_FALSE(result.passed());
}

TEST(CheckStatus, JunitGivesAFailureForAFailedCheckAndAnErrorForAnUndecidedOne) {
  const runner::RunResult result = three_checks();
  std::ostringstream out;
  write_junit_xml({JunitSuite{"s.yaml", &result, "", ""}}, out);
  const std::string xml = out.str();
  EXPECT_NE(xml.find("<testsuites name=\"kcsim\" tests=\"3\" failures=\"1\" errors=\"1\" "
                     "skipped=\"0\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("failures=\"1\" errors=\"1\" skipped=\"0\" time="), std::string::npos) << xml;
  EXPECT_NE(xml.find("<failure message=\"false at the end\"/>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<error message=\"undecided: undecided at the end\"/>"), std::string::npos)
      << xml;
}

TEST(CheckStatus, JunitSkipsACheckNotEvaluatedAndAScenarioNotReached) {
  runner::RunResult result;
  result.scenario = "s";
  result.interrupted = true;
  result.wall_time_s = 2;
  result.checks.push_back(CheckResult{"ok", true, "true at 1s", CheckStatus::kPassed});
  result.checks.push_back(CheckResult{"end", false,
                                      "not evaluated: meant for the end of the run; the run "
                                      "was interrupted at 3s",
                                      CheckStatus::kNotEvaluated});
  std::ostringstream out;
  write_junit_xml({JunitSuite{"s.yaml", &result, "", ""},
                   JunitSuite{"t.yaml", nullptr, "", "not run: the test run was interrupted"}},
                  out, Provenance{"0.1.0", "abc", {"spec.seed=3"}});
  const std::string xml = out.str();
  EXPECT_NE(xml.find("<testsuites name=\"kcsim\" tests=\"3\" failures=\"0\" errors=\"0\" "
                     "skipped=\"2\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testcase name=\"end\" classname=\"s\" time=\"1.000\">\n      <skipped "
                     "message=\"not evaluated: meant for the end"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<skipped message=\"not run: the test run was interrupted\"/>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<property name=\"kcsim_commit\" value=\"abc\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<property name=\"set\" value=\"spec.seed=3\"/>"), std::string::npos);
  EXPECT_EQ(xml.find("<failure"), std::string::npos) << xml;
  const nlohmann::ordered_json summary = summary_json(result);
  EXPECT_EQ(summary["checks"][1]["status"], "not evaluated");
}

}  // namespace
}  // namespace kcsim::reports
