#include "model/scenario/check_monitor.h"

#include <functional>

#include <gtest/gtest.h>

namespace kcsim::scenario {
namespace {

using sim::kMillisecond;
using sim::kSecond;
using sim::Time;

constexpr Time kStep = 100 * kMillisecond;

CheckSpec make_check(std::string name, CheckKind kind, std::string_view predicate) {
  CheckSpec check;
  check.name = std::move(name);
  check.kind = kind;
  Result<Predicate, PredicateError> parsed = parse_predicate(predicate);
  EXPECT_TRUE(parsed.ok());
  if (parsed.ok()) check.predicate = std::move(parsed).value();
  return check;
}

CheckSpec always(std::string_view predicate, Time from, Time until) {
  CheckSpec check = make_check("always", CheckKind::kAlways, predicate);
  check.from = from;
  check.until = until;
  return check;
}

CheckSpec by(std::string_view predicate, Time deadline) {
  CheckSpec check = make_check("by", CheckKind::kBy, predicate);
  check.by = deadline;
  return check;
}

CheckSpec within(std::string_view predicate, Time window, std::string after) {
  CheckSpec check = make_check("within", CheckKind::kWithin, predicate);
  check.within = window;
  check.after = std::move(after);
  return check;
}

// Evaluates every kStep from `start` to `end` inclusive, setting the lookup first.
void run(CheckMonitor& monitor, MapLookup& lookup, Time start, Time end,
         const std::function<void(Time, MapLookup&)>& world) {
  for (Time t = start; t <= end; t += kStep) {
    world(t, lookup);
    monitor.evaluate(t, lookup);
  }
}

TEST(CheckMonitor, AlwaysPassesWhenTrueAtEveryEvaluation) {
  CheckMonitor monitor({always("x == 1", 0, 30 * kSecond)});
  MapLookup lookup;
  run(monitor, lookup, 0, 30 * kSecond, [](Time, MapLookup& l) { l.set("x", 1); });
  const std::vector<CheckResult> results = monitor.finish(30 * kSecond, lookup);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(results[0].passed);
  // 0s, 0.1s, ..., 30s: 301 evaluations.
  EXPECT_EQ(results[0].detail, "true at all 301 evaluations from 0s to 30s");
}

TEST(CheckMonitor, AlwaysFailsAtTheFirstFalseEvaluation) {
  CheckMonitor monitor({always("etcd.has_leader", 0, 60 * kSecond)});
  MapLookup lookup;
  run(monitor, lookup, 0, 40 * kSecond, [](Time t, MapLookup& l) {
    l.set("etcd.has_leader", t >= 31'200 * kMillisecond && t < 32 * kSecond ? 0 : 1);
  });
  EXPECT_TRUE(monitor.any_failed());
  const std::vector<CheckResult> results = monitor.finish(40 * kSecond, lookup);
  EXPECT_FALSE(results[0].passed);
  EXPECT_EQ(results[0].detail, "first false at 31.2s: etcd.has_leader = 0");
}

TEST(CheckMonitor, AlwaysIgnoresEvaluationsOutsideFromUntil) {
  CheckMonitor monitor({always("x < 5", 10 * kSecond, 20 * kSecond)});
  MapLookup lookup;
  run(monitor, lookup, 0, 30 * kSecond, [](Time t, MapLookup& l) {
    const bool inside = t >= 10 * kSecond && t <= 20 * kSecond;
    l.set("x", inside ? 1 : 100);
  });
  const std::vector<CheckResult> results = monitor.finish(30 * kSecond, lookup);
  EXPECT_TRUE(results[0].passed) << results[0].detail;
  EXPECT_EQ(results[0].detail, "true at all 101 evaluations from 10s to 20s");
}

TEST(CheckMonitor, ByPassesAtTheFirstTrueEvaluation) {
  CheckMonitor monitor({by("ready == 30", 120 * kSecond)});
  MapLookup lookup;
  run(monitor, lookup, 0, 20 * kSecond,
      [](Time t, MapLookup& l) { l.set("ready", t >= 12'300 * kMillisecond ? 30 : 29); });
  const std::vector<CheckResult> results = monitor.finish(20 * kSecond, lookup);
  EXPECT_TRUE(results[0].passed);
  EXPECT_EQ(results[0].detail, "true at 12.3s: ready = 30");
}

TEST(CheckMonitor, ByFailsOnceTheDeadlinePasses) {
  CheckMonitor monitor({by("ready == 30", 10 * kSecond)});
  MapLookup lookup;
  run(monitor, lookup, 0, 10 * kSecond, [](Time, MapLookup& l) { l.set("ready", 29); });
  EXPECT_FALSE(monitor.any_failed());  // at 10s it may still become true
  lookup.set("ready", 30);             // too late: 10.1s is after the deadline
  monitor.evaluate(10 * kSecond + kStep, lookup);
  EXPECT_TRUE(monitor.any_failed());
  const std::vector<CheckResult> results = monitor.finish(11 * kSecond, lookup);
  EXPECT_FALSE(results[0].passed);
  EXPECT_EQ(results[0].detail, "never true by 10s; last evaluated at 10s: ready = 29");
}

TEST(CheckMonitor, ByFailsWhenTheRunEndsFirst) {
  CheckMonitor monitor({by("ready", 10 * kSecond)});
  MapLookup lookup({{"ready", 0}});
  monitor.evaluate(0, lookup);
  const std::vector<CheckResult> results = monitor.finish(5 * kSecond, lookup);
  EXPECT_FALSE(results[0].passed);
  EXPECT_EQ(results[0].detail,
            "never true by 10s (the run ended at 5s); last evaluated at 5s: ready = 0");
}

TEST(CheckMonitor, WithinPassesWhenTrueInsideTheWindow) {
  CheckMonitor monitor({within("etcd.has_leader", 3 * kSecond, "crash etcd/leader")});
  MapLookup lookup;
  const Time crash = 30 * kSecond;
  run(monitor, lookup, 0, crash - kStep, [](Time, MapLookup& l) { l.set("etcd.has_leader", 1); });
  lookup.set("etcd.has_leader", 0);
  monitor.on_event("crash etcd/leader", crash);
  run(monitor, lookup, crash, 40 * kSecond,
      [](Time t, MapLookup& l) { l.set("etcd.has_leader", t >= 31'400 * kMillisecond ? 1 : 0); });
  const std::vector<CheckResult> results = monitor.finish(40 * kSecond, lookup);
  EXPECT_TRUE(results[0].passed);
  EXPECT_EQ(results[0].detail, "true at 31.4s, 1.4s after crash etcd/leader");
}

TEST(CheckMonitor, WithinFailsWhenTheWindowClosesFalse) {
  CheckMonitor monitor({within("etcd.has_leader", 3 * kSecond, "crash etcd/leader")});
  MapLookup lookup({{"etcd.has_leader", 1}});
  monitor.evaluate(29 * kSecond, lookup);  // true before the event: does not count
  lookup.set("etcd.has_leader", 0);
  monitor.on_event("crash etcd/leader", 30 * kSecond);
  run(monitor, lookup, 30 * kSecond, 33 * kSecond, [](Time, MapLookup&) {});
  EXPECT_FALSE(monitor.any_failed());  // 33s is still inside [30s, 33s]
  lookup.set("etcd.has_leader", 1);
  monitor.evaluate(33 * kSecond + kStep, lookup);  // true, but too late
  EXPECT_TRUE(monitor.any_failed());
  const std::vector<CheckResult> results = monitor.finish(40 * kSecond, lookup);
  EXPECT_FALSE(results[0].passed);
  EXPECT_EQ(results[0].detail,
            "not true from 30s to 33s (within 3s after crash etcd/leader); last evaluated at "
            "33s: etcd.has_leader = 0");
}

TEST(CheckMonitor, WithinFailsWhenTheEventNeverHappened) {
  CheckMonitor monitor({within("etcd.has_leader", 3 * kSecond, "crash etcd/leader")});
  MapLookup lookup({{"etcd.has_leader", 1}});
  run(monitor, lookup, 0, 10 * kSecond, [](Time, MapLookup&) {});
  const std::vector<CheckResult> results = monitor.finish(10 * kSecond, lookup);
  EXPECT_FALSE(results[0].passed);
  EXPECT_EQ(results[0].detail, "crash etcd/leader never happened");
}

TEST(CheckMonitor, WithinChecksEveryOccurrence) {
  CheckMonitor monitor({within("up", 1 * kSecond, "crash etcd-0")});
  MapLookup lookup({{"up", 0}});
  monitor.on_event("crash etcd-0", 10 * kSecond);
  monitor.evaluate(10'500 * kMillisecond, lookup);
  lookup.set("up", 1);
  monitor.evaluate(10'600 * kMillisecond, lookup);  // first occurrence satisfied
  lookup.set("up", 0);
  monitor.on_event("crash etcd-0", 20 * kSecond);
  run(monitor, lookup, 20 * kSecond, 22 * kSecond, [](Time, MapLookup&) {});
  const std::vector<CheckResult> results = monitor.finish(22 * kSecond, lookup);
  EXPECT_FALSE(results[0].passed);
  EXPECT_EQ(results[0].detail,
            "not true from 20s to 21s (within 1s after crash etcd-0); last evaluated at 21s: "
            "up = 0");
}

TEST(CheckMonitor, WithinPassDetailCountsOccurrences) {
  CheckMonitor monitor({within("up", 1 * kSecond, "crash etcd-0")});
  MapLookup lookup({{"up", 1}});
  monitor.on_event("crash etcd-0", 10 * kSecond);
  monitor.evaluate(10 * kSecond, lookup);
  monitor.on_event("crash etcd-0", 20 * kSecond);
  monitor.evaluate(20'200 * kMillisecond, lookup);
  const std::vector<CheckResult> results = monitor.finish(30 * kSecond, lookup);
  EXPECT_TRUE(results[0].passed);
  EXPECT_EQ(results[0].detail,
            "true at 10s, 0s after crash etcd-0 (and within 1s after each of 2 occurrences)");
}

TEST(CheckMonitor, WithinWindowStillOpenWhenTheRunEnds) {
  CheckMonitor monitor({within("up", 5 * kSecond, "crash etcd-0")});
  MapLookup lookup({{"up", 0}});
  monitor.on_event("crash etcd-0", 10 * kSecond);
  monitor.evaluate(11 * kSecond, lookup);
  const std::vector<CheckResult> results = monitor.finish(12 * kSecond, lookup);
  EXPECT_FALSE(results[0].passed);
  EXPECT_EQ(results[0].detail,
            "not true from 10s to 12s (the run ended before 15s, 5s after crash etcd-0); last "
            "evaluated at 12s: up = 0");
}

TEST(CheckMonitor, TimelineEntryMatchesByNameAndByCanonicalText) {
  TimelineEntry entry;
  entry.action = ActionKind::kCrash;
  entry.target = "etcd/leader";
  entry.name = "kill leader";
  CheckSpec by_name = within("up", 1 * kSecond, "kill leader");
  by_name.name = "by name";
  CheckSpec by_text = within("up", 1 * kSecond, "crash etcd/leader");
  by_text.name = "by text";
  CheckMonitor monitor({by_name, by_text});
  MapLookup lookup({{"up", 1}});
  monitor.on_timeline_entry(entry, 5 * kSecond);
  monitor.evaluate(5 * kSecond, lookup);
  const std::vector<CheckResult> results = monitor.finish(6 * kSecond, lookup);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].name, "by name");
  EXPECT_TRUE(results[0].passed) << results[0].detail;
  EXPECT_EQ(results[1].name, "by text");
  EXPECT_TRUE(results[1].passed) << results[1].detail;
}

TEST(CheckMonitor, AtEndIsEvaluatedOnlyAtFinish) {
  CheckSpec pass_check = make_check("p99 ok", CheckKind::kAtEnd, "p99 < 50ms");
  CheckSpec fail_check = make_check("few restarts", CheckKind::kAtEnd, "restarts <= 1");
  CheckMonitor monitor({pass_check, fail_check});
  MapLookup lookup({{"p99", 0.2}, {"restarts", 0}});  // p99 bad mid-run: not looked at
  run(monitor, lookup, 0, 10 * kSecond, [](Time, MapLookup&) {});
  lookup.set("p99", 0.012);
  lookup.set("restarts", 3);
  const std::vector<CheckResult> results = monitor.finish(10 * kSecond, lookup);
  EXPECT_TRUE(results[0].passed);
  EXPECT_EQ(results[0].detail, "true at the end (10s): p99 = 0.012");
  EXPECT_FALSE(results[1].passed);
  EXPECT_EQ(results[1].detail, "false at the end (10s): restarts = 3");
}

TEST(CheckMonitor, UnknownNameFailsAtOnce) {
  CheckMonitor monitor({always("known && unknown_metric", 0, 10 * kSecond)});
  MapLookup lookup({{"known", 1}});
  monitor.evaluate(1 * kSecond, lookup);
  EXPECT_TRUE(monitor.any_failed());
  const std::vector<CheckResult> results = monitor.finish(10 * kSecond, lookup);
  EXPECT_FALSE(results[0].passed);
  EXPECT_EQ(results[0].detail, "unknown name \"unknown_metric\" at 1s");
}

TEST(CheckMonitor, FinishEvaluatesOnceMoreAndIsIdempotent) {
  CheckMonitor monitor({by("ready", 10 * kSecond)});
  MapLookup lookup({{"ready", 0}});
  monitor.evaluate(9 * kSecond, lookup);
  lookup.set("ready", 1);
  const std::vector<CheckResult> first = monitor.finish(10 * kSecond, lookup);  // evaluates at 10s
  EXPECT_TRUE(first[0].passed);
  EXPECT_EQ(first[0].detail, "true at 10s: ready = 1");
  lookup.set("ready", 0);
  const std::vector<CheckResult> second = monitor.finish(10 * kSecond, lookup);
  EXPECT_EQ(second[0].detail, first[0].detail);
}

TEST(CheckMonitor, AlwaysNeverEvaluatedFails) {
  CheckMonitor monitor({always("x", 10 * kSecond, 10'050 * kMillisecond)});
  MapLookup lookup({{"x", 1}});
  monitor.evaluate(9'900 * kMillisecond, lookup);
  monitor.evaluate(10'100 * kMillisecond, lookup);
  const std::vector<CheckResult> results = monitor.finish(10'100 * kMillisecond, lookup);
  EXPECT_FALSE(results[0].passed);
  EXPECT_EQ(results[0].detail, "never evaluated from 10s to 10.05s");
}

}  // namespace
}  // namespace kcsim::scenario
