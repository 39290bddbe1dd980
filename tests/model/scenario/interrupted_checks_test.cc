// An interrupted run: checks whose verdict needed the rest of the run are "not
// evaluated", never failed; checks already decided, or whose range had ended, keep their
// verdicts.
#include <gtest/gtest.h>

#include "model/scenario/check_monitor.h"

namespace kcsim::scenario {
namespace {

using sim::kSecond;

CheckSpec check(std::string name, CheckKind kind, std::string_view predicate) {
  CheckSpec spec;
  spec.name = std::move(name);
  spec.kind = kind;
  spec.predicate = parse_predicate(predicate).value();
  return spec;
}

TEST(InterruptedChecks, ChecksMeantForLaterAreNotEvaluatedWithTheReason) {
  CheckSpec at_end = check("at end", CheckKind::kAtEnd, "x == 1");
  CheckSpec always = check("always", CheckKind::kAlways, "x == 1");
  always.until = 30 * kSecond;
  CheckSpec by = check("by", CheckKind::kBy, "x == 2");
  by.by = 20 * kSecond;
  CheckSpec within = check("within", CheckKind::kWithin, "x == 2");
  within.within = 5 * kSecond;
  within.after = "crash";
  CheckMonitor monitor({at_end, always, by, within});
  MapLookup lookup;
  lookup.set("x", 1);
  for (sim::Time t = 0; t <= 10 * kSecond; t += kSecond)
    monitor.evaluate(t, lookup);
  const std::vector<CheckResult> results = monitor.finish(10 * kSecond, lookup, true);
  ASSERT_EQ(results.size(), 4u);
  for (const CheckResult& result : results) {
    EXPECT_EQ(result.status, CheckStatus::kNotEvaluated) << result.name << ": " << result.detail;
    EXPECT_FALSE(result.passed);
    EXPECT_NE(result.detail.find("interrupted at 10s"), std::string::npos) << result.detail;
  }
  EXPECT_NE(results[0].detail.find("meant for the end"), std::string::npos);
  EXPECT_NE(results[1].detail.find("true at all 11 evaluations so far"), std::string::npos)
      << results[1].detail;
  EXPECT_NE(results[3].detail.find("before crash happened"), std::string::npos)
      << results[3].detail;
  EXPECT_EQ(to_string(CheckStatus::kNotEvaluated), "not evaluated");
}

TEST(InterruptedChecks, DecidedChecksAndEndedRangesKeepTheirVerdicts) {
  CheckSpec failed = check("failed", CheckKind::kAlways, "x == 2");
  failed.until = 30 * kSecond;
  CheckSpec passed = check("passed", CheckKind::kBy, "x == 1");
  passed.by = 30 * kSecond;
  CheckSpec ended = check("ended", CheckKind::kAlways, "x == 1");
  ended.until = 5 * kSecond;
  CheckSpec missed = check("missed", CheckKind::kBy, "x == 3");
  missed.by = 5 * kSecond;
  CheckMonitor monitor({failed, passed, ended, missed});
  MapLookup lookup;
  lookup.set("x", 1);
  for (sim::Time t = 0; t <= 10 * kSecond; t += kSecond)
    monitor.evaluate(t, lookup);
  const std::vector<CheckResult> results = monitor.finish(10 * kSecond, lookup, true);
  EXPECT_EQ(results[0].status, CheckStatus::kFailed);
  EXPECT_EQ(results[1].status, CheckStatus::kPassed);
  EXPECT_EQ(results[2].status, CheckStatus::kPassed);
  EXPECT_EQ(results[3].status, CheckStatus::kFailed);
}

TEST(InterruptedChecks, AnOpenWithinWindowIsNotEvaluatedButAClosedOneCounts) {
  CheckSpec within = check("within", CheckKind::kWithin, "x == 2");
  within.within = 5 * kSecond;
  within.after = "crash";
  CheckMonitor monitor({within});
  MapLookup lookup;
  lookup.set("x", 1);
  monitor.evaluate(0, lookup);
  monitor.on_event("crash", 8 * kSecond);
  monitor.evaluate(9 * kSecond, lookup);
  const std::vector<CheckResult> open = monitor.finish(10 * kSecond, lookup, true);
  EXPECT_EQ(open[0].status, CheckStatus::kNotEvaluated) << open[0].detail;
  EXPECT_NE(open[0].detail.find("still open (until 13s)"), std::string::npos) << open[0].detail;
}

}  // namespace
}  // namespace kcsim::scenario
