#include "model/scenario/human_value.h"

#include <gtest/gtest.h>

#include <cmath>

#include "model/scenario/predicate.h"

namespace kcsim::scenario {
namespace {

TEST(HumanValue, DurationsCarryAUnitAndThreeDigits) {
  EXPECT_EQ(format_seconds(0.02191162109375), "21.9ms");
  EXPECT_EQ(format_seconds(1.5), "1.5s");
  EXPECT_EQ(format_seconds(0.000250), "250us");
  EXPECT_EQ(format_seconds(0), "0s");
  EXPECT_EQ(format_seconds(90), "1.5min");
  EXPECT_EQ(format_seconds(std::nan("")), "none");
}

TEST(HumanValue, SizesAndNumbers) {
  EXPECT_EQ(format_bytes(512), "512B");
  EXPECT_EQ(format_bytes(1536), "1.5KiB");
  EXPECT_EQ(format_bytes(3 * 1024.0 * 1024), "3MiB");
  EXPECT_EQ(format_number(661), "661");
  EXPECT_EQ(format_number(0.25), "0.25");
  EXPECT_EQ(format_number(1.0 / 3), "0.333");
  EXPECT_EQ(format_number(123456.7), "123457");
}

TEST(HumanValue, TheUnitComesFromTheName) {
  EXPECT_EQ(unit_of("etcd_request_duration_seconds.p99"), ValueUnit::kSeconds);
  EXPECT_EQ(unit_of("h_seconds{op=\"get\"}.max"), ValueUnit::kSeconds);
  EXPECT_EQ(unit_of("etcd_request_duration_seconds.count"), ValueUnit::kNumber);
  // A window does not change the unit: a count over one is still a number.
  EXPECT_EQ(unit_of("etcd_request_duration_seconds.count over [5s, 20s]"), ValueUnit::kNumber);
  EXPECT_EQ(unit_of("etcd_request_duration_seconds.p99 over [5s, 20s]"), ValueUnit::kSeconds);
  EXPECT_EQ(unit_of("etcd.seconds_since_ack"), ValueUnit::kSeconds);
  EXPECT_EQ(unit_of("etcd_mvcc_db_total_size_in_bytes"), ValueUnit::kBytes);
  EXPECT_EQ(unit_of("ping_replies_total"), ValueUnit::kNumber);
  EXPECT_EQ(human_value("x_seconds.p99", 0.02191162109375), "21.9ms");
}

TEST(HumanValue, CheckDetailsShowValuesWithUnits) {
  const Predicate p = parse_predicate("x_seconds.p99 < 50ms && n > 0").value();
  MapLookup lookup;
  lookup.set("x_seconds.p99", 0.02191162109375);
  lookup.set("n", 661);
  EXPECT_EQ(describe_values(p, lookup), "x_seconds.p99 = 21.9ms, n = 661");
}

TEST(PredicateUnits, ABareNumberComparedWithADurationIsAnError) {
  const Predicate bare = parse_predicate("etcd_request_duration_seconds.p99 < 100").value();
  const std::optional<PredicateError> error = check_units(bare);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->offset, 36u);
  EXPECT_NE(error->message.find("write the unit, as in 100ms or 100s"), std::string::npos)
      << error->message;
  EXPECT_TRUE(check_units(parse_predicate("100 > etcd.seconds_since_ack").value()));
  // With a unit, a zero, or a name that is no duration: fine.
  EXPECT_FALSE(check_units(parse_predicate("etcd_request_duration_seconds.p99 < 100ms").value()));
  EXPECT_FALSE(check_units(parse_predicate("etcd_request_duration_seconds.count > 100").value()));
  EXPECT_FALSE(check_units(parse_predicate("etcd_request_duration_seconds.p99 > 0").value()));
  EXPECT_FALSE(check_units(parse_predicate("ping_replies_total > 100").value()));
}

}  // namespace
}  // namespace kcsim::scenario
