#include "sim/log.h"

#include <gtest/gtest.h>
#include <spdlog/logger.h>

#include <string>

namespace kcsim::sim {
namespace {

TEST(Log, LinesCarryVirtualTimeAndAreQuietByDefault) {
  Time now = 12 * kSecond + 345 * kMillisecond;
  auto quiet = make_virtual_time_logger("quiet", &now);
  auto loud = make_virtual_time_logger("loud", &now, "info");
  ::testing::internal::CaptureStderr();
  quiet->info("not shown");
  loud->info("leader elected: {}", "etcd-1");
  now += kSecond;
  loud->debug("below the level");
  loud->warn("later");
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(err,
            "[   12.345000000] info loud: leader elected: etcd-1\n"
            "[   13.345000000] warning loud: later\n");
}

}  // namespace
}  // namespace kcsim::sim
