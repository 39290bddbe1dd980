#include "model/scenario/units.h"

#include <gtest/gtest.h>

namespace kcsim::scenario {
namespace {

TEST(ParseSize, BinaryAndDecimalUnits) {
  EXPECT_EQ(parse_size("1000B"), 1000u);
  EXPECT_EQ(parse_size("10kB"), 10'000u);
  EXPECT_EQ(parse_size("100KiB"), 102'400u);
  EXPECT_EQ(parse_size("512MiB"), 512ull * 1024 * 1024);
  EXPECT_EQ(parse_size("1.5MiB"), 1'572'864u);  // etcd's --max-request-bytes default
  EXPECT_EQ(parse_size("1GiB"), 1ull << 30);
  EXPECT_EQ(parse_size("2GB"), 2'000'000'000u);
}

TEST(ParseSize, RejectsBareNumbersSignsAndUnknownUnits) {
  EXPECT_FALSE(parse_size("1024"));
  EXPECT_FALSE(parse_size("-1KiB"));
  EXPECT_FALSE(parse_size("+1KiB"));
  EXPECT_FALSE(parse_size("1 KiB"));
  EXPECT_FALSE(parse_size("1kib"));
  EXPECT_FALSE(parse_size("MiB"));
  EXPECT_FALSE(parse_size(".5MiB"));
  EXPECT_FALSE(parse_size("1..5MiB"));
  EXPECT_FALSE(parse_size(""));
  EXPECT_FALSE(parse_size("99999999999TiB"));  // beyond int64 bytes
}

TEST(ParseBandwidth, DecimalBitsPerSecond) {
  EXPECT_EQ(parse_bandwidth("10Gbps"), 10'000'000'000u);
  EXPECT_EQ(parse_bandwidth("100Mbps"), 100'000'000u);
  EXPECT_EQ(parse_bandwidth("1.5Kbps"), 1500u);
  EXPECT_EQ(parse_bandwidth("64bps"), 64u);
  EXPECT_FALSE(parse_bandwidth("10"));
  EXPECT_FALSE(parse_bandwidth("10GB"));
  EXPECT_FALSE(parse_bandwidth("10Gb"));
}

TEST(ParseNumbers, StrictUnsignedAndReal) {
  EXPECT_EQ(parse_unsigned("42"), 42u);
  EXPECT_EQ(parse_unsigned("18446744073709551615"), UINT64_MAX);
  EXPECT_FALSE(parse_unsigned("18446744073709551616"));
  EXPECT_FALSE(parse_unsigned("+1"));
  EXPECT_FALSE(parse_unsigned("1.0"));
  EXPECT_FALSE(parse_unsigned("0x10"));
  EXPECT_EQ(parse_real("0.25"), 0.25);
  EXPECT_EQ(parse_real("1e-3"), 0.001);
  EXPECT_FALSE(parse_real("nan"));
  EXPECT_FALSE(parse_real("inf"));
  EXPECT_FALSE(parse_real("1,5"));
}

TEST(FormatReal, ShortestRoundTrip) {
  EXPECT_EQ(format_real(0.1), "0.1");
  EXPECT_EQ(format_real(30), "30");
  EXPECT_EQ(format_real(-2.5), "-2.5");
}

}  // namespace
}  // namespace kcsim::scenario
