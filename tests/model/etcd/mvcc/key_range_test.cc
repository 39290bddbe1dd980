#include "model/etcd/mvcc/key_range.h"

#include <gtest/gtest.h>

namespace kcsim::etcd::mvcc {
namespace {

TEST(PrefixRangeEnd, IncrementsTheLastByteBelow0xff) {
  EXPECT_EQ(prefix_range_end("abc"), "abd");
  EXPECT_EQ(prefix_range_end("/registry/pods/"), "/registry/pods0");  // '/' + 1 == '0'
  EXPECT_EQ(prefix_range_end(std::string("a\xff", 2)), "b");
  EXPECT_EQ(prefix_range_end(std::string("\xff\xff", 2)), std::string(1, '\0'));
  EXPECT_EQ(prefix_range_end(""), std::string(1, '\0'));
}

TEST(KeyRange, SingleKeyContainsOnlyThatKey) {
  KeyRange range = KeyRange::single("foo");
  EXPECT_TRUE(range.contains("foo"));
  EXPECT_FALSE(range.contains("foo1"));
  EXPECT_FALSE(range.contains("fo"));
}

TEST(KeyRange, PrefixContainsExactlyTheKeysWithThePrefix) {
  KeyRange range = KeyRange::prefix("a/");
  EXPECT_TRUE(range.contains("a/"));
  EXPECT_TRUE(range.contains("a/x"));
  EXPECT_TRUE(range.contains(std::string("a/\xff\xff", 4)));
  EXPECT_FALSE(range.contains("a"));
  EXPECT_FALSE(range.contains("a0"));
  EXPECT_FALSE(range.contains("b/"));
}

TEST(KeyRange, FromKeyIsOpenEndedAndHalfOpenRangeExcludesItsEnd) {
  KeyRange open = KeyRange::from_key("m");
  EXPECT_TRUE(open.contains("m"));
  EXPECT_TRUE(open.contains("zzzz"));
  EXPECT_FALSE(open.contains("l"));
  KeyRange half{"b", "d"};
  EXPECT_TRUE(half.contains("b"));
  EXPECT_TRUE(half.contains("cz"));
  EXPECT_FALSE(half.contains("d"));
}

}  // namespace
}  // namespace kcsim::etcd::mvcc
