#include "model/checker/linearized_set.h"

#include <gtest/gtest.h>

#include <vector>

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

TEST(LinearizedSet, ThePrefixAndTheIndicesBeyondItFollowSetAndClear) {
  LinearizedSet set(200);
  std::vector<std::uint32_t> beyond;
  EXPECT_EQ(set.prefix(), 0u);
  for (std::size_t i = 0; i < 70; ++i)
    set.set(i);
  set.set(72);
  set.set(140);
  EXPECT_EQ(set.prefix(), 70u);
  set.beyond_prefix(beyond);
  EXPECT_EQ(beyond, (std::vector<std::uint32_t>{72, 140}));
  set.set(70);
  set.set(71);  // the prefix runs on through 72, already in the set
  EXPECT_EQ(set.prefix(), 73u);
  set.beyond_prefix(beyond);
  EXPECT_EQ(beyond, (std::vector<std::uint32_t>{140}));
  set.clear(5);
  EXPECT_EQ(set.prefix(), 5u);
  set.beyond_prefix(beyond);
  EXPECT_EQ(beyond.size(), 73u - 6u + 1u);
  set.set(5);
  EXPECT_EQ(set.prefix(), 73u);
  for (std::size_t i = 73; i < 200; ++i) {
    if (!set.contains(i)) set.set(i);
  }
  EXPECT_EQ(set.prefix(), 200u);
  set.beyond_prefix(beyond);
  EXPECT_TRUE(beyond.empty());
}

}  // namespace
}  // namespace kcsim::checker
