#include "model/checker/lost_writes.h"

#include <gtest/gtest.h>

#include "tests/model/checker/history_builder.h"

namespace kcsim::checker {
namespace {

using testing::HistoryBuilder;

TEST(LostWrites, SequentialReadsOfTheLatestValuePass) {
  HistoryBuilder h;
  h.get(2, 0, 5, "x", std::nullopt).put(1, 10, 20, "x", "a").get(2, 30, 40, "x", "a");
  const LostWriteReport report = check_no_lost_writes(h.history());
  EXPECT_TRUE(report.ok());
  EXPECT_EQ(report.reads_checked, 2u);
}

TEST(LostWrites, AnAcknowledgedWriteReadAsTheInitialStateIsLost) {
  HistoryBuilder h;
  h.put(1, 0, 10, "x", "a").get(2, 20, 30, "x", std::nullopt);
  const LostWriteReport report = check_no_lost_writes(h.history());
  ASSERT_EQ(report.violations.size(), 1u);
  EXPECT_EQ(report.violations[0].kind, LostWriteKind::kLostWrite);
  EXPECT_EQ(report.violations[0].read, 1u);
  EXPECT_EQ(report.violations[0].lost_write, std::optional<std::size_t>(0));
  EXPECT_FALSE(report.violations[0].source.has_value());
}

TEST(LostWrites, AStaleReadShowsTheOverwriteLost) {
  HistoryBuilder h;
  h.put(1, 0, 10, "x", "a").put(1, 20, 30, "x", "b").get(2, 40, 50, "x", "a");
  const LostWriteReport report = check_no_lost_writes(h.history());
  ASSERT_EQ(report.violations.size(), 1u);
  EXPECT_EQ(report.violations[0].source, std::optional<std::size_t>(0));
  EXPECT_EQ(report.violations[0].lost_write, std::optional<std::size_t>(1));
  EXPECT_NE(report.violations[0].explanation.find("lost"), std::string::npos);
}

TEST(LostWrites, ConcurrentOverwritesAreNotFlagged) {
  // b's write overlaps a's, or returns only when the read has begun: a read of a is legal.
  HistoryBuilder overlapping;
  overlapping.put(1, 0, 10, "x", "a").put(2, 5, 30, "x", "b").get(3, 40, 50, "x", "a");
  EXPECT_TRUE(check_no_lost_writes(overlapping.history()).ok());
  HistoryBuilder returns_late;
  returns_late.put(1, 0, 10, "x", "a").put(2, 20, 45, "x", "b").get(3, 40, 50, "x", "a");
  EXPECT_TRUE(check_no_lost_writes(returns_late.history()).ok());
}

TEST(LostWrites, PhantomAndFutureReads) {
  HistoryBuilder h;
  h.get(2, 0, 5, "x", "b").put(1, 10, 20, "x", "b").get(2, 30, 40, "x", "zzz");
  const LostWriteReport report = check_no_lost_writes(h.history());
  ASSERT_EQ(report.violations.size(), 2u);
  EXPECT_EQ(report.violations[0].kind, LostWriteKind::kFutureRead);
  EXPECT_EQ(report.violations[0].read, 0u);
  EXPECT_EQ(report.violations[1].kind, LostWriteKind::kPhantomRead);
  EXPECT_EQ(report.violations[1].read, 2u);
}

TEST(LostWrites, AnAcknowledgedDeleteCanBeLostToo) {
  HistoryBuilder h;
  h.put(1, 0, 10, "x", "a").remove(1, 20, 30, "x").get(2, 40, 50, "x", "a");
  const LostWriteReport report = check_no_lost_writes(h.history());
  ASSERT_EQ(report.violations.size(), 1u);
  EXPECT_EQ(report.violations[0].lost_write, std::optional<std::size_t>(1));
}

TEST(LostWrites, AmbiguousReadsAreSkippedAndCounted) {
  HistoryBuilder h;
  // "a" written twice: a read of it cannot be traced to one write.
  h.put(1, 0, 10, "x", "a").put(1, 20, 30, "x", "b").put(1, 40, 50, "x", "a");
  h.get(2, 60, 70, "x", "a");
  // "absent" on a key that is deleted may come from the delete.
  h.put(1, 0, 10, "y", "a").remove(1, 20, 30, "y").get(2, 40, 50, "y", std::nullopt);
  const LostWriteReport report = check_no_lost_writes(h.history());
  EXPECT_TRUE(report.ok());
  EXPECT_EQ(report.reads_unchecked, 2u);
  EXPECT_EQ(report.reads_checked, 0u);
}

TEST(LostWrites, PendingAndFailedWrites) {
  HistoryBuilder h;
  // A pending write is never lost (it may not have happened) but may be read.
  h.pending(1, 0, KvInput::put("x", "a")).get(2, 100, 110, "x", std::nullopt);
  h.get(2, 120, 130, "x", "a");
  // A failed CAS wrote nothing, so reading its value is a phantom.
  h.cas(3, 0, 10, KvInput::cas_absent("y", "c"), false).get(3, 20, 30, "y", "c");
  const LostWriteReport report = check_no_lost_writes(h.history());
  ASSERT_EQ(report.violations.size(), 1u);
  EXPECT_EQ(report.violations[0].kind, LostWriteKind::kPhantomRead);
  EXPECT_EQ(report.violations[0].read, 4u);
}

}  // namespace
}  // namespace kcsim::checker
