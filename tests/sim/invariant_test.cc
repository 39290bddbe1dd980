// KCSIM_ASSERT is evaluated in every build type. The tests run in the Release build,
// which defines NDEBUG (the standard assert is compiled out there): a death test that
// passes here shows the assertion is not.
#include "sim/invariant.h"

#include <gtest/gtest.h>

namespace kcsim::sim {
namespace {

int calls = 0;
bool counted(bool value) {
  ++calls;
  return value;
}

TEST(InvariantDeathTest, FailedAssertionPrintsFileLineAndConditionAndAborts) {
  const int three = 3;
  EXPECT_DEATH(KCSIM_ASSERT(three == 4), "invariant_test.cc:[0-9]+: invariant failed: three == 4");
}

TEST(InvariantDeathTest, FailedAssertionPrintsItsMessage) {
  const int three = 3;
  EXPECT_DEATH(KCSIM_ASSERT_MSG(three < 0, "a count is never negative"),
               "invariant failed: three < 0: a count is never negative");
}

TEST(InvariantDeathTest, FiresEvenWhenNdebugIsDefined) {
#ifndef NDEBUG
  GTEST_SKIP() << "this build does not define NDEBUG; the other tests cover it";
#endif
  EXPECT_DEATH(KCSIM_ASSERT(counted(false)), "invariant failed: counted\\(false\\)");
}

TEST(Invariant, HoldingAssertionEvaluatesItsConditionOnceAndGoesOn) {
  calls = 0;
  KCSIM_ASSERT(counted(true));
  KCSIM_ASSERT_MSG(counted(true), "why");
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace kcsim::sim
