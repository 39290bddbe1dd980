// Raft's persisted-state invariants hold in every build (KCSIM_ASSERT): these death tests
// run in the Release build, where the standard assert is compiled out.
#include <gtest/gtest.h>

#include <initializer_list>
#include <vector>

#include "model/etcd/raft/memory_storage.h"

namespace kcsim::etcd::raft {
namespace {

std::vector<Entry> entries_from(Index first, std::initializer_list<Term> terms) {
  std::vector<Entry> out;
  Index index = first;
  for (Term term : terms)
    out.push_back({.term = term, .index = index++, .data = "x"});
  return out;
}

// A storage that persisted terms 1, 1, 2 with entries 1..3 committed up to 2.
MemoryStorage persisted() {
  MemoryStorage storage;
  storage.set_hard_state({.term = 2, .vote = 1, .commit = 0});
  storage.append(entries_from(1, {1, 1, 2}));
  storage.set_hard_state({.term = 2, .vote = 1, .commit = 2});
  return storage;
}

TEST(RaftInvariants, LegalHardStateChangesAndAppendsPass) {
  MemoryStorage storage = persisted();
  storage.set_hard_state({.term = 2, .vote = 1, .commit = 3});  // commit moves on
  storage.set_hard_state({.term = 3, .vote = 0, .commit = 3});  // a new term, no vote yet
  storage.set_hard_state({.term = 3, .vote = 2, .commit = 3});  // votes in it
  storage.append(entries_from(4, {3, 3}));
  storage.append(entries_from(5, {4}));           // rewrites an uncommitted entry
  storage.append(entries_from(1, {1, 1, 2, 3}));  // rewrites committed ones, same terms
  EXPECT_EQ(storage.last_index(), 4u);
}

TEST(RaftInvariantsDeathTest, TheTermNeverDecreases) {
  MemoryStorage storage = persisted();
  EXPECT_DEATH(storage.set_hard_state({.term = 1, .vote = 1, .commit = 2}),
               "invariant failed: .*the term never decreases");
}

TEST(RaftInvariantsDeathTest, AVoteIsNeverChangedWithinATerm) {
  MemoryStorage storage = persisted();
  EXPECT_DEATH(storage.set_hard_state({.term = 2, .vote = 3, .commit = 2}),
               "a vote is never changed within a term");
}

TEST(RaftInvariantsDeathTest, CommitNeverDecreases) {
  MemoryStorage storage = persisted();
  EXPECT_DEATH(storage.set_hard_state({.term = 2, .vote = 1, .commit = 1}),
               "the commit index never decreases");
}

TEST(RaftInvariantsDeathTest, AnAppendNeverRewritesACommittedEntry) {
  MemoryStorage storage = persisted();
  storage.set_hard_state({.term = 2, .vote = 1, .commit = 3});  // a later Ready
  EXPECT_DEATH(storage.append(entries_from(2, {3})), "an append never rewrites a committed entry");
}

TEST(RaftInvariantsDeathTest, AnAppendNeverDropsACommittedEntry) {
  MemoryStorage storage = persisted();
  storage.set_hard_state({.term = 2, .vote = 1, .commit = 3});
  storage.set_hard_state({.term = 3, .vote = 0, .commit = 3});
  EXPECT_DEATH(storage.append(entries_from(2, {1})), "an append never drops a committed entry");
}

// A follower's Ready may commit the very entries it brings, which replace uncommitted
// entries of an older term: the hard state is set first, then the entries appended.
TEST(RaftInvariants, AReadyMayCommitTheEntriesItReplaces) {
  MemoryStorage storage = persisted();  // entries 1..3, commit 2
  storage.set_hard_state({.term = 3, .vote = 0, .commit = 4});
  storage.append(entries_from(3, {3, 3}));  // replaces the uncommitted entry 3
  EXPECT_EQ(storage.last_index(), 4u);
}

TEST(RaftInvariantsDeathTest, AnAppendLeavesNoGapAndIsConsecutive) {
  MemoryStorage storage = persisted();
  EXPECT_DEATH(storage.append(entries_from(5, {2})), "append would leave a gap in the log");
  std::vector<Entry> holed = entries_from(4, {2, 2});
  holed[1].index = 6;
  EXPECT_DEATH(storage.append(holed), "appended entries are consecutive");
  EXPECT_DEATH(storage.append(entries_from(4, {3, 2})), "terms never decrease along a log");
}

TEST(RaftInvariantsDeathTest, TheStoredCommitIsWithinTheLog) {
  MemoryStorage storage;
  storage.set_hard_state({.term = 1, .vote = 1, .commit = 5});
  EXPECT_DEATH(storage.append(entries_from(1, {1, 1})), "the stored commit is within the log");
}

}  // namespace
}  // namespace kcsim::etcd::raft
