// The safety checker must flag each property's violation, and only those: the
// randomized test's "zero violations" means nothing unless these fail loudly.
#include "model/etcd/raft/safety_checker.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace kcsim::etcd::raft {
namespace {

Entry entry(Term term, Index index, std::string data = "") {
  return {.term = term, .index = index, .type = EntryType::kNormal, .data = std::move(data)};
}

TEST(SafetyChecker, TwoLeadersInOneTermViolateElectionSafety) {
  SafetyChecker checker;
  checker.observe_leader(2, 1, 1, {});
  checker.observe_leader(2, 1, 1, {});  // the same leader observed again is fine
  checker.observe_leader(3, 2, 1, {});
  EXPECT_TRUE(checker.ok());
  checker.observe_leader(3, 3, 1, {});
  ASSERT_EQ(checker.violations().size(), 1u);
  EXPECT_EQ(checker.violations()[0].property, "election safety");
}

TEST(SafetyChecker, LeaderMissingAnEarlierCommittedEntryViolatesCompleteness) {
  SafetyChecker checker;
  checker.observe_committed(2, {entry(2, 1, "a"), entry(2, 2, "b")});
  // A leader of term 3 with both entries, or with them in its snapshot, is fine.
  checker.observe_leader(3, 1, 1, {entry(2, 1, "a"), entry(2, 2, "b"), entry(3, 3)});
  checker.observe_leader(4, 2, 3, {entry(3, 3)});
  EXPECT_TRUE(checker.ok());
  // A leader of the commit's own term is not bound by it.
  checker.observe_committed(5, {entry(5, 3, "c")});
  checker.observe_leader(5, 1, 1, {entry(2, 1, "a"), entry(2, 2, "b")});
  EXPECT_TRUE(checker.ok());
  checker.observe_leader(6, 3, 1, {entry(2, 1, "a"), entry(2, 2, "b"), entry(4, 3, "x")});
  ASSERT_EQ(checker.violations().size(), 1u);
  EXPECT_EQ(checker.violations()[0].property, "leader completeness");
}

TEST(SafetyChecker, DifferentEntriesAppliedAtOneIndexViolateStateMachineSafety) {
  SafetyChecker checker;
  checker.observe_applied(1, entry(1, 1, "a"));
  checker.observe_applied(2, entry(1, 1, "a"));
  checker.observe_applied(1, entry(2, 2, "b"));
  EXPECT_TRUE(checker.ok());
  checker.observe_applied(2, entry(3, 2, "c"));
  ASSERT_EQ(checker.violations().size(), 1u);
  EXPECT_EQ(checker.violations()[0].property, "state machine safety");
}

TEST(SafetyChecker, AGapInAppliedIndexesIsAViolationButASnapshotJumpIsNot) {
  SafetyChecker checker;
  checker.observe_applied(1, entry(1, 1));
  checker.observe_snapshot_applied(1, 10, 2);
  checker.observe_applied(1, entry(2, 11));
  checker.observe_restart(1, 10);
  checker.observe_applied(1, entry(2, 11));
  EXPECT_TRUE(checker.ok());
  checker.observe_applied(1, entry(2, 13));
  EXPECT_FALSE(checker.ok());
}

TEST(SafetyChecker, LogsThatAgreeLaterMustAgreeEarlier) {
  SafetyChecker checker;
  // 1 and 2 share (2,3), and agree before it; 3 diverges after index 1 only.
  checker.check_log_matching({{1, {entry(1, 1), entry(1, 2), entry(2, 3)}},
                              {2, {entry(1, 1), entry(1, 2), entry(2, 3), entry(2, 4)}},
                              {3, {entry(1, 1), entry(3, 2)}}});
  EXPECT_TRUE(checker.ok());
  // 4 shares (2,3) with 1 but holds a different entry at index 2.
  checker.check_log_matching({{1, {entry(1, 1), entry(1, 2), entry(2, 3)}},
                              {4, {entry(1, 1), entry(1, 2, "other"), entry(2, 3)}}});
  ASSERT_EQ(checker.violations().size(), 1u);
  EXPECT_EQ(checker.violations()[0].property, "log matching");
}

}  // namespace
}  // namespace kcsim::etcd::raft

namespace kcsim::etcd::raft {
namespace {

Entry entry_at(Index index, std::string data) {
  return Entry{.term = 1, .index = index, .data = std::move(data)};
}

TEST(SafetyCheckerMemory, KeepsNoPayloadAlive) {
  SafetyChecker checker;
  auto payload = std::make_shared<int>(7);
  std::weak_ptr<int> watched = payload;
  Entry entry = entry_at(1, "p1");
  entry.payload = std::move(payload);
  checker.on_applied(1, entry);
  entry.payload.reset();
  EXPECT_TRUE(watched.expired());
  // A second node applying the same command (without the payload) agrees.
  checker.on_applied(2, entry_at(1, "p1"));
  EXPECT_TRUE(checker.ok());
}

TEST(SafetyCheckerMemory, ComparesOnlyTheLastWindowOfIndexes) {
  SafetyChecker checker;
  const Index last = SafetyChecker::kWindow + 10;
  for (Index i = 1; i <= last; ++i)
    checker.on_applied(1, entry_at(i, "a"));
  checker.on_restart(2, 0);
  checker.on_applied(2, entry_at(1, "b"));  // forgotten: not compared
  EXPECT_TRUE(checker.ok());
  checker.on_restart(2, last - 1);
  checker.on_applied(2, entry_at(last, "b"));  // in the window: a violation
  EXPECT_FALSE(checker.ok());
}

}  // namespace
}  // namespace kcsim::etcd::raft
