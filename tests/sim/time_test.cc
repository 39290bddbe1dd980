#include "sim/time.h"

#include <gtest/gtest.h>

namespace kcsim::sim {
namespace {

TEST(ParseDuration, AcceptsGoStyleDurations) {
  EXPECT_EQ(parse_duration("150ms"), 150 * kMillisecond);
  EXPECT_EQ(parse_duration("2s"), 2 * kSecond);
  EXPECT_EQ(parse_duration("1m30s"), 90 * kSecond);
  EXPECT_EQ(parse_duration("1.5s"), 1500 * kMillisecond);
  EXPECT_EQ(parse_duration("1h2m3s4ms5us6ns"),
            kHour + 2 * kMinute + 3 * kSecond + 4 * kMillisecond + 5 * kMicrosecond + 6);
  EXPECT_EQ(parse_duration("0"), 0);
  EXPECT_EQ(parse_duration("0s"), 0);
}

TEST(ParseDuration, RejectsTextWithoutAUnitOrWithGarbage) {
  EXPECT_EQ(parse_duration(""), std::nullopt);
  EXPECT_EQ(parse_duration("150"), std::nullopt);
  EXPECT_EQ(parse_duration("ms"), std::nullopt);
  EXPECT_EQ(parse_duration("-1s"), std::nullopt);
  EXPECT_EQ(parse_duration("1 s"), std::nullopt);
  EXPECT_EQ(parse_duration("1sec"), std::nullopt);
  EXPECT_EQ(parse_duration("1d"), std::nullopt);
  EXPECT_EQ(parse_duration(".s"), std::nullopt);
  EXPECT_EQ(parse_duration("99999999999h"), std::nullopt);
}

TEST(FormatDuration, RoundTripsThroughParse) {
  for (Time t : {Time{0}, Time{1}, 150 * kMillisecond, 90 * kSecond, 2500 * kMillisecond,
                 kHour + 5 * kSecond, 7 * kMicrosecond}) {
    EXPECT_EQ(parse_duration(format_duration(t)), t) << format_duration(t);
  }
  EXPECT_EQ(format_duration(150 * kMillisecond), "150ms");
  EXPECT_EQ(format_duration(90 * kSecond), "1m30s");
  EXPECT_EQ(format_duration(2500 * kMillisecond), "2.5s");
}

}  // namespace
}  // namespace kcsim::sim
