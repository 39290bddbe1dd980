// "No verdict" readings (lookup.h's kUndecidedValue): how predicates and checks carry them, so
// that a checker that gave up never makes a check pass.
#include <functional>

#include <gtest/gtest.h>

#include "model/scenario/check_monitor.h"
#include "model/scenario/predicate.h"

namespace kcsim::scenario {
namespace {

using sim::kMillisecond;
using sim::kSecond;
using sim::Time;

constexpr Time kStep = 100 * kMillisecond;

Truth truth(std::string_view text, const Lookup& lookup) {
  Result<Predicate, PredicateError> predicate = parse_predicate(text);
  EXPECT_TRUE(predicate.ok());
  const Result<Truth, UnknownName> result = evaluate_truth(predicate.value(), lookup);
  EXPECT_TRUE(result.ok());
  return result.ok() ? result.value() : Truth::kFalse;
}

TEST(Undecided, IsANaNOfItsOwn) {
  EXPECT_TRUE(is_undecided(kUndecidedValue));
  EXPECT_FALSE(is_undecided(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(is_undecided(0.0));
  EXPECT_FALSE(is_undecided(1.0));
}

TEST(Undecided, SpreadsThroughPredicatesAsInKleeneLogic) {
  MapLookup lookup;
  lookup.set_undecided("u");
  lookup.set("t", 1);
  lookup.set("f", 0);
  lookup.set("nan", std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(truth("u", lookup), Truth::kUndecided);
  EXPECT_EQ(truth("!u", lookup), Truth::kUndecided);
  EXPECT_EQ(truth("u == 1", lookup), Truth::kUndecided);
  EXPECT_EQ(truth("u != 1", lookup), Truth::kUndecided);
  EXPECT_EQ(truth("u && t", lookup), Truth::kUndecided);
  EXPECT_EQ(truth("u && f", lookup), Truth::kFalse);
  EXPECT_EQ(truth("f && u", lookup), Truth::kFalse);
  EXPECT_EQ(truth("u || f", lookup), Truth::kUndecided);
  EXPECT_EQ(truth("u || t", lookup), Truth::kTrue);
  EXPECT_EQ(truth("t || u", lookup), Truth::kTrue);
  EXPECT_EQ(truth("!(u && f)", lookup), Truth::kTrue);
  // Other NaNs keep their old meaning: false, and decided.
  EXPECT_EQ(truth("nan", lookup), Truth::kFalse);
  EXPECT_EQ(truth("nan < 1", lookup), Truth::kFalse);
  // evaluate() is true only for a decided true.
  Result<Predicate, PredicateError> predicate = parse_predicate("u");
  EXPECT_FALSE(evaluate(predicate.value(), lookup).value());
  EXPECT_EQ(describe_values(predicate.value(), lookup), "u = undecided");
}

CheckSpec make_check(std::string name, CheckKind kind, std::string_view predicate) {
  CheckSpec check;
  check.name = std::move(name);
  check.kind = kind;
  Result<Predicate, PredicateError> parsed = parse_predicate(predicate);
  EXPECT_TRUE(parsed.ok());
  if (parsed.ok()) check.predicate = std::move(parsed).value();
  return check;
}

CheckSpec always(std::string_view predicate) {
  CheckSpec check = make_check("always", CheckKind::kAlways, predicate);
  check.from = 0;
  check.until = 60 * kSecond;
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

CheckResult run_one(CheckSpec spec, Time end, const std::function<void(Time, MapLookup&)>& world,
                    const std::function<void(Time, CheckMonitor&)>& events = {}) {
  CheckMonitor monitor({std::move(spec)});
  MapLookup lookup;
  for (Time t = 0; t <= end; t += kStep) {
    if (events) events(t, monitor);
    world(t, lookup);
    monitor.evaluate(t, lookup);
  }
  return monitor.finish(end, lookup).at(0);
}

void linearizable_or_undecided(Time t, MapLookup& l, Time from, Time until) {
  if (t >= from && t < until) {
    l.set_undecided("etcd.linearizable");
  } else {
    l.set("etcd.linearizable", 1);
  }
}

TEST(Undecided, AnAlwaysCheckOverAnUndecidedValueIsUndecidedNotPassed) {
  const CheckResult result = run_one(
      always("etcd.linearizable"), 30 * kSecond,
      [](Time t, MapLookup& l) { linearizable_or_undecided(t, l, 10 * kSecond, 11 * kSecond); });
  EXPECT_EQ(result.status, CheckStatus::kUndecided);
  EXPECT_FALSE(result.passed);
  EXPECT_EQ(result.detail,
            "never false, but undecided at 10 of 301 evaluations from 0s to 30s, first undecided "
            "at 10s: etcd.linearizable = undecided");
}

TEST(Undecided, AFalseEvaluationOutweighsAnUndecidedOne) {
  // Undecided first, then false: the check fails.
  const CheckResult result =
      run_one(always("etcd.linearizable"), 30 * kSecond, [](Time t, MapLookup& l) {
        linearizable_or_undecided(t, l, 10 * kSecond, 11 * kSecond);
        if (t == 20 * kSecond) l.set("etcd.linearizable", 0);
      });
  EXPECT_EQ(result.status, CheckStatus::kFailed);
  EXPECT_EQ(result.detail, "first false at 20s: etcd.linearizable = 0");
}

TEST(Undecided, AByCheckNeverTrueButUndecidedIsUndecided) {
  const CheckResult undecided =
      run_one(by("x", 5 * kSecond), 10 * kSecond, [](Time t, MapLookup& l) {
        if (t == 2 * kSecond) {
          l.set_undecided("x");
        } else {
          l.set("x", 0);
        }
      });
  EXPECT_EQ(undecided.status, CheckStatus::kUndecided);
  EXPECT_NE(undecided.detail.find("never true by 5s; undecided at 1 evaluation(s)"),
            std::string::npos)
      << undecided.detail;
  // True later wins over an undecided reading earlier.
  const CheckResult passed = run_one(by("x", 5 * kSecond), 10 * kSecond, [](Time t, MapLookup& l) {
    if (t < 2 * kSecond) {
      l.set_undecided("x");
    } else {
      l.set("x", 1);
    }
  });
  EXPECT_EQ(passed.status, CheckStatus::kPassed);
  EXPECT_TRUE(passed.passed);
}

TEST(Undecided, AWithinWindowWithAnUndecidedEvaluationIsUndecided) {
  auto event_at = [](Time when) {
    return [when](Time t, CheckMonitor& monitor) {
      if (t == when) monitor.on_event("crash", t);
    };
  };
  const CheckResult undecided = run_one(
      within("x", 1 * kSecond, "crash"), 10 * kSecond,
      [](Time t, MapLookup& l) {
        if (t == 3500 * kMillisecond) {
          l.set_undecided("x");
        } else {
          l.set("x", 0);
        }
      },
      event_at(3 * kSecond));
  EXPECT_EQ(undecided.status, CheckStatus::kUndecided) << undecided.detail;
  EXPECT_NE(undecided.detail.find("undecided in 1 of 1 windows after crash"), std::string::npos)
      << undecided.detail;
  // A window with neither true nor undecided fails the check.
  const CheckResult failed = run_one(
      within("x", 1 * kSecond, "crash"), 10 * kSecond, [](Time, MapLookup& l) { l.set("x", 0); },
      event_at(3 * kSecond));
  EXPECT_EQ(failed.status, CheckStatus::kFailed);
}

TEST(Undecided, ACheckAtTheEndOverAnUndecidedValueIsUndecided) {
  const CheckResult result =
      run_one(make_check("end", CheckKind::kAtEnd, "etcd.linearizable"), 1 * kSecond,
              [](Time, MapLookup& l) { l.set_undecided("etcd.linearizable"); });
  EXPECT_EQ(result.status, CheckStatus::kUndecided);
  EXPECT_EQ(result.detail, "undecided at the end (1s): etcd.linearizable = undecided");
  EXPECT_EQ(to_string(result.status), "undecided");
}

}  // namespace
}  // namespace kcsim::scenario
