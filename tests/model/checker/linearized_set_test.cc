#include "model/checker/linearized_set.h"

#include <gtest/gtest.h>

namespace kcsim::checker {
namespace {

TEST(LinearizedSet, HashDependsOnTheMembersNotTheOrderOfInsertion) {
  LinearizedSet a(200);
  LinearizedSet b(200);
  a.set(3);
  a.set(150);
  a.set(64);
  b.set(64);
  b.set(3);
  b.set(150);
  EXPECT_EQ(a.hash(), b.hash());
  EXPECT_TRUE(a == b);
  b.clear(150);
  EXPECT_NE(a.hash(), b.hash());
  EXPECT_FALSE(a == b);
  b.set(150);
  EXPECT_TRUE(a == b);
}

TEST(LinearizedSet, SetAndClearAcrossWordBoundaries) {
  LinearizedSet set(130);
  for (std::size_t i : {0u, 63u, 64u, 127u, 128u, 129u})
    set.set(i);
  EXPECT_EQ(set.count(), 6u);
  EXPECT_TRUE(set.contains(63));
  EXPECT_TRUE(set.contains(64));
  EXPECT_FALSE(set.contains(65));
  set.clear(64);
  EXPECT_FALSE(set.contains(64));
  EXPECT_TRUE(set.contains(63));
  EXPECT_EQ(set.count(), 5u);
  LinearizedSet empty(130);
  for (std::size_t i : {0u, 63u, 127u, 128u, 129u})
    set.clear(i);
  EXPECT_TRUE(set == empty);
  EXPECT_EQ(set.hash(), 0u);
}

}  // namespace
}  // namespace kcsim::checker
