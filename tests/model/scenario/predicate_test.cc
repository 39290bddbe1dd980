#include "model/scenario/predicate.h"

#include <cmath>

#include <gtest/gtest.h>

namespace kcsim::scenario {
namespace {

Predicate parse_ok(std::string_view text) {
  Result<Predicate, PredicateError> result = parse_predicate(text);
  EXPECT_TRUE(result.ok()) << text << ": " << (result.ok() ? "" : result.error().message);
  return result.ok() ? std::move(result).value() : Predicate{};
}

PredicateError parse_error(std::string_view text) {
  Result<Predicate, PredicateError> result = parse_predicate(text);
  EXPECT_FALSE(result.ok()) << text;
  return result.ok() ? PredicateError{} : result.error();
}

bool eval(std::string_view text, const MapLookup& lookup) {
  const Predicate predicate = parse_ok(text);
  const Result<bool, UnknownName> result = evaluate(predicate, lookup);
  EXPECT_TRUE(result.ok()) << text;
  return result.ok() && result.value();
}

TEST(Predicate, ComparisonsOnEachOperator) {
  MapLookup lookup({{"x", 30}});
  EXPECT_TRUE(eval("x == 30", lookup));
  EXPECT_FALSE(eval("x != 30", lookup));
  EXPECT_TRUE(eval("x < 31", lookup));
  EXPECT_FALSE(eval("x < 30", lookup));
  EXPECT_TRUE(eval("x <= 30", lookup));
  EXPECT_TRUE(eval("x > 29.5", lookup));
  EXPECT_FALSE(eval("x > 30", lookup));
  EXPECT_TRUE(eval("x >= 30", lookup));
  EXPECT_TRUE(eval("29 < x", lookup));
}

TEST(Predicate, DurationsAreSecondsAndSizesAreBytes) {
  MapLookup lookup({{"p99", 0.049}, {"db", 1.5 * 1024 * 1024}});
  EXPECT_TRUE(eval("p99 < 50ms", lookup));
  EXPECT_FALSE(eval("p99 < 49ms", lookup));
  EXPECT_TRUE(eval("p99 < 1s", lookup));
  EXPECT_TRUE(eval("db == 1.5MiB", lookup));
  EXPECT_TRUE(eval("db > 1MB", lookup));
  EXPECT_TRUE(eval("db < 2MB", lookup));
}

TEST(Predicate, BareNameIsTrueWhenNonZero) {
  MapLookup lookup({{"up", 1}, {"down", 0}});
  EXPECT_TRUE(eval("up", lookup));
  EXPECT_FALSE(eval("down", lookup));
  EXPECT_TRUE(eval("!down", lookup));
  EXPECT_TRUE(eval("up == true", lookup));
  EXPECT_TRUE(eval("down == false", lookup));
}

TEST(Predicate, BooleanOperatorsAndPrecedence) {
  MapLookup lookup({{"a", 1}, {"b", 0}, {"c", 1}});
  EXPECT_TRUE(eval("a || b && b", lookup));  // && binds tighter: a || (b && b)
  EXPECT_FALSE(eval("(a || b) && b", lookup));
  EXPECT_TRUE(eval("a && c", lookup));
  EXPECT_FALSE(eval("a && b", lookup));
  EXPECT_TRUE(eval("!(a && b)", lookup));
  EXPECT_TRUE(eval("!b && !!a", lookup));
  // "!" binds looser than a comparison: !(a < 0).
  EXPECT_TRUE(eval("!a < 0", lookup));
}

TEST(Predicate, NamesWithLabelSetsAndPunctuation) {
  MapLookup lookup(
      {{"apiserver_requests{code=\"429\"}", 3}, {"deployment/web.ready", 30}, {"etcd-0:up", 1}});
  EXPECT_TRUE(eval("apiserver_requests{code=\"429\"} < 5", lookup));
  EXPECT_TRUE(eval("deployment/web.ready == 30", lookup));
  EXPECT_TRUE(eval("etcd-0:up", lookup));
}

TEST(Predicate, NegativeNumbers) {
  MapLookup lookup({{"skew", -0.002}});
  EXPECT_TRUE(eval("skew > -5ms", lookup));
  EXPECT_TRUE(eval("skew < -1ms", lookup));
}

TEST(Predicate, NamesListsEveryNameInTextOrderWithOffsets) {
  const Predicate predicate = parse_ok("a || b < c && a");
  const std::vector<NameRef> refs = names(predicate);
  ASSERT_EQ(refs.size(), 4u);
  EXPECT_EQ(refs[0].name, "a");
  EXPECT_EQ(refs[0].offset, 0u);
  EXPECT_EQ(refs[1].name, "b");
  EXPECT_EQ(refs[1].offset, 5u);
  EXPECT_EQ(refs[2].name, "c");
  EXPECT_EQ(refs[2].offset, 9u);
  EXPECT_EQ(refs[3].name, "a");
  EXPECT_EQ(refs[3].offset, 14u);
}

TEST(Predicate, UnknownNameIsReportedEvenWhenTheResultIsDecided) {
  const Predicate predicate = parse_ok("known || missing");
  MapLookup lookup({{"known", 1}});
  const Result<bool, UnknownName> result = evaluate(predicate, lookup);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().name, "missing");
  EXPECT_EQ(result.error().offset, 9u);
}

TEST(Predicate, DescribeValuesListsDistinctNames) {
  const Predicate predicate = parse_ok("x < 3 && y == 0.25 || x > 9 && z");
  MapLookup lookup({{"x", 2}, {"y", 0.25}});
  EXPECT_EQ(describe_values(predicate, lookup), "x = 2, y = 0.25, z = ?");
}

TEST(Predicate, ParseErrorsPointAtTheProblem) {
  PredicateError e = parse_error("x = 3");
  EXPECT_EQ(e.offset, 2u);
  EXPECT_NE(e.message.find("=="), std::string::npos);

  e = parse_error("x < ");
  EXPECT_EQ(e.offset, 4u);
  EXPECT_NE(e.message.find("end of the expression"), std::string::npos);

  e = parse_error("(a && b");
  EXPECT_EQ(e.offset, 0u);
  EXPECT_NE(e.message.find("expected )"), std::string::npos);

  e = parse_error("a < b < c");
  EXPECT_EQ(e.offset, 6u);
  EXPECT_NE(e.message.find("do not chain"), std::string::npos);

  e = parse_error("a & b");
  EXPECT_EQ(e.offset, 2u);
  EXPECT_NE(e.message.find("&&"), std::string::npos);

  e = parse_error("x < 12parsecs");
  EXPECT_EQ(e.offset, 4u);
  EXPECT_NE(e.message.find("\"12parsecs\""), std::string::npos);

  e = parse_error("req{code=\"429\" > 3");
  EXPECT_EQ(e.offset, 3u);
  EXPECT_NE(e.message.find("label set"), std::string::npos);

  e = parse_error("a)");
  EXPECT_EQ(e.offset, 1u);

  e = parse_error("   ");
  EXPECT_NE(e.message.find("found nothing"), std::string::npos);

  e = parse_error("x < 3 #");
  EXPECT_EQ(e.offset, 6u);
}

TEST(Predicate, NestingIsBounded) {
  std::string deep(200, '(');
  deep += "a";
  deep += std::string(200, ')');
  const PredicateError e = parse_error(deep);
  EXPECT_NE(e.message.find("nested deeper"), std::string::npos);
  std::string ok(20, '(');
  ok += "a";
  ok += std::string(20, ')');
  EXPECT_TRUE(eval(ok, MapLookup({{"a", 1}})));
}

TEST(Predicate, NanIsFalse) {
  MapLookup lookup({{"v", std::nan("")}});
  EXPECT_FALSE(eval("v", lookup));
  EXPECT_FALSE(eval("v == v", lookup));
  EXPECT_FALSE(eval("v < 1", lookup));
}

}  // namespace
}  // namespace kcsim::scenario
