#include "model/etcd/mvcc/key_index.h"

#include <gtest/gtest.h>

#include <vector>

namespace kcsim::etcd::mvcc {
namespace {

// etcd's key_index.go example: put(1.0); put(2.0); tombstone(3.0); put(4.0); tombstone(5.0).
KeyIndex example() {
  KeyIndex index;
  index.put({1, 0});
  index.put({2, 0});
  EXPECT_TRUE(index.tombstone({3, 0}));
  index.put({4, 0});
  EXPECT_TRUE(index.tombstone({5, 0}));
  return index;
}

std::vector<Revision> revisions_of(const KeyIndex::Generation& generation) {
  return generation.revisions;
}

TEST(KeyIndex, GenerationsSplitAtTombstones) {
  KeyIndex index = example();
  ASSERT_EQ(index.generations().size(), 3u);
  EXPECT_EQ(revisions_of(index.generations()[0]), (std::vector<Revision>{{1, 0}, {2, 0}, {3, 0}}));
  EXPECT_EQ(revisions_of(index.generations()[1]), (std::vector<Revision>{{4, 0}, {5, 0}}));
  EXPECT_TRUE(index.generations()[2].empty());
  EXPECT_FALSE(index.alive());
  // A tombstone on a dead key changes nothing.
  EXPECT_FALSE(index.tombstone({6, 0}));
  EXPECT_EQ(index.generations().size(), 3u);
}

TEST(KeyIndex, GetFindsTheVersionVisibleAtARevision) {
  KeyIndex index = example();
  EXPECT_FALSE(index.get(0).has_value());
  auto at1 = index.get(1);
  ASSERT_TRUE(at1.has_value());
  EXPECT_EQ(at1->modified, (Revision{1, 0}));
  EXPECT_EQ(at1->version, 1);
  auto at2 = index.get(2);
  ASSERT_TRUE(at2.has_value());
  EXPECT_EQ(at2->modified, (Revision{2, 0}));
  EXPECT_EQ(at2->created, (Revision{1, 0}));
  EXPECT_EQ(at2->version, 2);
  EXPECT_FALSE(index.get(3).has_value());  // deleted at 3
  auto at4 = index.get(4);
  ASSERT_TRUE(at4.has_value());
  EXPECT_EQ(at4->created, (Revision{4, 0}));
  EXPECT_EQ(at4->version, 1);  // version restarts after a delete
  EXPECT_FALSE(index.get(5).has_value());
  EXPECT_FALSE(index.get(100).has_value());
}

// The compaction sequence documented in etcd's key_index.go.
TEST(KeyIndex, CompactKeepsTheLargestRevisionAtOrBeforeAndTombstonesAtTheRevision) {
  KeyIndex index = example();
  EXPECT_EQ(index.compact(2), (std::vector<Revision>{{1, 0}}));
  ASSERT_EQ(index.generations().size(), 3u);
  EXPECT_EQ(revisions_of(index.generations()[0]), (std::vector<Revision>{{2, 0}, {3, 0}}));
  EXPECT_EQ(index.get(2)->version, 2);  // the version survives the trimming

  EXPECT_EQ(index.compact(4), (std::vector<Revision>{{2, 0}, {3, 0}}));
  ASSERT_EQ(index.generations().size(), 2u);
  EXPECT_EQ(revisions_of(index.generations()[0]), (std::vector<Revision>{{4, 0}, {5, 0}}));

  EXPECT_EQ(index.compact(5), (std::vector<Revision>{{4, 0}}));
  ASSERT_EQ(index.generations().size(), 2u);
  EXPECT_EQ(revisions_of(index.generations()[0]), (std::vector<Revision>{{5, 0}}));
  EXPECT_FALSE(index.empty());

  EXPECT_EQ(index.compact(6), (std::vector<Revision>{{5, 0}}));
  EXPECT_TRUE(index.empty());
}

TEST(KeyIndex, CompactOfALiveKeyKeepsItsLatestRevision) {
  KeyIndex index;
  index.put({2, 0});
  index.put({3, 0});
  index.put({7, 1});
  EXPECT_EQ(index.compact(10), (std::vector<Revision>{{2, 0}, {3, 0}}));
  EXPECT_FALSE(index.empty());
  auto found = index.get(10);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->modified, (Revision{7, 1}));
  EXPECT_EQ(found->version, 3);
}

TEST(KeyIndex, RestoreTombstoneLeavesADeadKeyThatCompactionRemoves) {
  KeyIndex index;
  index.restore_tombstone({4, 0});
  EXPECT_FALSE(index.alive());
  EXPECT_FALSE(index.get(4).has_value());
  index.put({6, 0});
  EXPECT_EQ(index.get(6)->version, 1);
  EXPECT_EQ(index.compact(5), (std::vector<Revision>{{4, 0}}));
  EXPECT_EQ(index.get(6)->modified, (Revision{6, 0}));
}

}  // namespace
}  // namespace kcsim::etcd::mvcc
