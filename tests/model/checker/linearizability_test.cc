#include "model/checker/linearizability.h"

#include <gtest/gtest.h>

#include "tests/model/checker/history_builder.h"

namespace kcsim::checker {
namespace {

using testing::HistoryBuilder;
using testing::prefix_error;
using testing::witness_error;

// Checks the history, and confirms independently of the checker's model that each key's
// witness is a linearization, and each longest prefix a legal prefix of one.
CheckResult check(const History& history, const CheckOptions& options = {}) {
  CheckResult result = check_linearizable(history, options);
  for (const KeyResult& key : result.keys) {
    const auto error = key.verdict == Verdict::kOk
                           ? witness_error(history, key.key, key.linearization)
                           : prefix_error(history, key.key, key.linearization);
    EXPECT_FALSE(error.has_value()) << key.key << ": " << error.value_or("");
  }
  return result;
}

TEST(Linearizability, AnEmptyHistoryIsLinearizable) {
  const CheckResult result = check({});
  EXPECT_EQ(result.verdict, Verdict::kOk);
  EXPECT_TRUE(result.keys.empty());
}

TEST(Linearizability, SequentialWritesAndReads) {
  HistoryBuilder h;
  h.put(1, 0, 10, "x", "a")
      .get(2, 20, 30, "x", "a")
      .put(1, 40, 50, "x", "b")
      .get(2, 60, 70, "x", "b");
  const CheckResult result = check(h.history());
  EXPECT_EQ(result.verdict, Verdict::kOk);
  ASSERT_EQ(result.keys.size(), 1u);
  EXPECT_EQ(result.keys[0].linearization, (std::vector<std::size_t>{0, 1, 2, 3}));
}

TEST(Linearizability, AStaleReadAfterACompletedWriteIsIllegal) {
  HistoryBuilder h;
  h.put(1, 0, 10, "x", "a").put(1, 20, 30, "x", "b").get(2, 40, 50, "x", "a");
  const CheckResult result = check(h.history());
  EXPECT_EQ(result.verdict, Verdict::kIllegal);
  ASSERT_EQ(result.keys.size(), 1u);
  const KeyResult& key = result.keys[0];
  // Both writes fit; the read is the operation that cannot be placed after them.
  EXPECT_EQ(key.linearization, (std::vector<std::size_t>{0, 1}));
  ASSERT_TRUE(key.blocked.has_value());
  EXPECT_EQ(*key.blocked, 2u);
  EXPECT_NE(result.explanation.find("key x"), std::string::npos);
  EXPECT_NE(result.explanation.find("get(x) -> \"a\""), std::string::npos);
}

TEST(Linearizability, AReadDuringAWriteMaySeeEitherValue) {
  HistoryBuilder old_value;
  old_value.put(1, 0, 10, "x", "a").put(1, 20, 60, "x", "b").get(2, 30, 40, "x", "a");
  EXPECT_EQ(check(old_value.history()).verdict, Verdict::kOk);
  HistoryBuilder new_value;
  new_value.put(1, 0, 10, "x", "a").put(1, 20, 60, "x", "b").get(2, 30, 40, "x", "b");
  EXPECT_EQ(check(new_value.history()).verdict, Verdict::kOk);
}

TEST(Linearizability, ReadsThatOrderConcurrentWritesBothWaysAreIllegal) {
  // Two concurrent writes; one reader sees a then b, so a took effect first.
  HistoryBuilder one_order;
  one_order.put(1, 0, 100, "x", "a").put(2, 0, 100, "x", "b");
  one_order.get(3, 10, 20, "x", "a").get(3, 30, 40, "x", "b");
  EXPECT_EQ(check(one_order.history()).verdict, Verdict::kOk);
  // A second reader sees b then a: no single order of the writes explains both readers.
  HistoryBuilder both_orders = one_order;
  both_orders.get(4, 10, 20, "x", "b").get(4, 30, 40, "x", "a");
  const CheckResult result = check(both_orders.history());
  EXPECT_EQ(result.verdict, Verdict::kIllegal);
}

TEST(Linearizability, ALostAcknowledgedWriteIsIllegal) {
  HistoryBuilder h;
  h.put(1, 0, 10, "x", "a").get(2, 20, 30, "x", std::nullopt);
  const CheckResult result = check(h.history());
  EXPECT_EQ(result.verdict, Verdict::kIllegal);
  EXPECT_EQ(result.keys[0].blocked, std::optional<std::size_t>(1));
}

TEST(Linearizability, APendingWriteMayBeReadLater) {
  HistoryBuilder h;
  h.pending(1, 0, KvInput::put("x", "a")).get(2, 50, 60, "x", "a");
  EXPECT_EQ(check(h.history()).verdict, Verdict::kOk);
}

TEST(Linearizability, APendingWriteMayNeverTakeEffect) {
  HistoryBuilder h;
  h.pending(1, 0, KvInput::put("x", "a"))
      .get(2, 50, 60, "x", std::nullopt)
      .get(2, 70, 80, "x", std::nullopt);
  EXPECT_EQ(check(h.history()).verdict, Verdict::kOk);
}

TEST(Linearizability, APendingWriteCannotBeUndone) {
  // Once a read saw the pending write's value, a later read cannot see the key empty again.
  HistoryBuilder h;
  h.pending(1, 0, KvInput::put("x", "a"));
  h.get(2, 10, 20, "x", std::nullopt).get(2, 30, 40, "x", "a").get(2, 50, 60, "x", std::nullopt);
  const CheckResult result = check(h.history());
  EXPECT_EQ(result.verdict, Verdict::kIllegal);
  EXPECT_EQ(result.keys[0].blocked, std::optional<std::size_t>(3));
}

TEST(Linearizability, APendingWriteCannotTakeEffectBeforeItsCall) {
  HistoryBuilder h;
  h.get(2, 0, 5, "x", "a").pending(1, 10, KvInput::put("x", "a"));
  EXPECT_EQ(check(h.history()).verdict, Verdict::kIllegal);
}

TEST(Linearizability, PendingReadsAreDroppedAndCounted) {
  HistoryBuilder h;
  h.put(1, 0, 10, "x", "a").pending(2, 5, KvInput::get("x")).get(3, 20, 30, "x", "a");
  const CheckResult result = check(h.history());
  EXPECT_EQ(result.verdict, Verdict::kOk);
  EXPECT_EQ(result.keys[0].pending_reads_dropped, 1u);
  EXPECT_EQ(result.keys[0].operations, 2u);
  EXPECT_EQ(result.keys[0].linearization, (std::vector<std::size_t>{0, 2}));
}

TEST(Linearizability, ManyPendingWritesResolveInAnyOrder) {
  // Ten clients time out writing; reads later see three of the values in a row.
  HistoryBuilder h;
  for (int i = 0; i < 10; ++i)
    h.pending(i, i, KvInput::put("x", "v" + std::to_string(i)));
  h.get(20, 100, 110, "x", "v7").get(20, 120, 130, "x", "v2").get(20, 140, 150, "x", "v9");
  EXPECT_EQ(check(h.history()).verdict, Verdict::kOk);
  // But a value seen, overwritten and then seen again needs a second write of it.
  h.get(20, 160, 170, "x", "v2");
  EXPECT_EQ(check(h.history()).verdict, Verdict::kIllegal);
}

TEST(Linearizability, OperationsThatTouchAtAnInstantAreConcurrent) {
  // The write returns at 10 and the read is called at 10: the read may precede it.
  HistoryBuilder h;
  h.put(1, 0, 10, "x", "a").get(2, 10, 20, "x", std::nullopt);
  EXPECT_EQ(check(h.history()).verdict, Verdict::kOk);
  HistoryBuilder later;
  later.put(1, 0, 10, "x", "a").get(2, 11, 20, "x", std::nullopt);
  EXPECT_EQ(check(later.history()).verdict, Verdict::kIllegal);
}

TEST(Linearizability, ConcurrentCreatesCannotBothSucceed) {
  HistoryBuilder both;
  both.cas(1, 0, 10, KvInput::cas_absent("lock", "a"), true);
  both.cas(2, 0, 10, KvInput::cas_absent("lock", "b"), true);
  EXPECT_EQ(check(both.history()).verdict, Verdict::kIllegal);
  HistoryBuilder one;
  one.cas(1, 0, 10, KvInput::cas_absent("lock", "a"), false);
  one.cas(2, 0, 10, KvInput::cas_absent("lock", "b"), true);
  one.get(3, 20, 30, "lock", "b");
  EXPECT_EQ(check(one.history()).verdict, Verdict::kOk);
}

TEST(Linearizability, CompareAndSetOnValueChains) {
  HistoryBuilder h;
  h.put(1, 0, 10, "x", "1");
  h.cas(1, 20, 30, KvInput::cas_value("x", "1", "2"), true);
  h.cas(2, 20, 30, KvInput::cas_value("x", "1", "3"), false);
  h.get(3, 40, 50, "x", "2");
  EXPECT_EQ(check(h.history()).verdict, Verdict::kOk);
  h.get(3, 60, 70, "x", "3");  // "3" was never written: the CAS that would have failed
  EXPECT_EQ(check(h.history()).verdict, Verdict::kIllegal);
}

TEST(Linearizability, RevisionsMustGrowAlongTheWrites) {
  HistoryBuilder ok;
  ok.put_rev(1, 0, 10, "x", "a", 5).put_rev(1, 20, 30, "x", "b", 8).get_rev(2, 40, 50, "x", "b", 8);
  EXPECT_EQ(check(ok.history()).verdict, Verdict::kOk);
  HistoryBuilder shrinking;
  shrinking.put_rev(1, 0, 10, "x", "a", 5).put_rev(1, 20, 30, "x", "b", 3);
  EXPECT_EQ(check(shrinking.history()).verdict, Verdict::kIllegal);
  HistoryBuilder stale_revision;
  stale_revision.put_rev(1, 0, 10, "x", "a", 5).get_rev(2, 20, 30, "x", "a", 4);
  EXPECT_EQ(check(stale_revision.history()).verdict, Verdict::kIllegal);
}

TEST(Linearizability, ConcurrentWritesAreOrderedByTheirRevisions) {
  // Concurrent in real time, but the revisions say b came after a: the final read of a lies.
  HistoryBuilder h;
  h.put_rev(1, 0, 100, "x", "a", 5).put_rev(2, 0, 100, "x", "b", 6);
  h.get(3, 110, 120, "x", "b");
  EXPECT_EQ(check(h.history()).verdict, Verdict::kOk);
  h.get(3, 130, 140, "x", "a");
  EXPECT_EQ(check(h.history()).verdict, Verdict::kIllegal);
  // Without revisions, a last then a read of a is fine.
  HistoryBuilder values_only;
  values_only.put(1, 0, 100, "x", "a").put(2, 0, 100, "x", "b").get(3, 110, 120, "x", "a");
  EXPECT_EQ(check(values_only.history()).verdict, Verdict::kOk);
}

TEST(Linearizability, CompareAndSetOnAnUnknownRevisionAfterATimedOutPut) {
  // A put times out (its revision never seen). A later CAS on mod_revision 9 succeeds:
  // the put must have landed at revision 9.
  HistoryBuilder h;
  h.put_rev(1, 0, 10, "x", "a", 5).pending(1, 20, KvInput::put("x", "b"));
  h.cas(2, 100, 110, KvInput::cas_mod_revision("x", 9, "c"), true);
  h.get(2, 120, 130, "x", "c");
  EXPECT_EQ(check(h.history()).verdict, Verdict::kOk);
  // A CAS expecting revision 5 cannot succeed if the pending put landed first, and "c"
  // then shows the put landed after it: also fine, the put is pending.
  HistoryBuilder g;
  g.put_rev(1, 0, 10, "x", "a", 5).pending(1, 20, KvInput::put("x", "b"));
  g.cas(2, 100, 110, KvInput::cas_mod_revision("x", 5, "c"), true);
  g.get(2, 120, 130, "x", "b");
  EXPECT_EQ(check(g.history()).verdict, Verdict::kOk);
  // But a CAS expecting a revision at or below the last known write cannot match the put's.
  HistoryBuilder bad;
  bad.put_rev(1, 0, 10, "x", "a", 5).pending(1, 20, KvInput::put("x", "b"));
  bad.get(2, 30, 40, "x", "b");
  bad.cas(2, 100, 110, KvInput::cas_mod_revision("x", 4, "c"), true);
  EXPECT_EQ(check(bad.history()).verdict, Verdict::kIllegal);
}

TEST(Linearizability, APendingCompareAndSetOnAnUnknownRevisionMayHaveSucceeded) {
  // The pending CAS is the only possible source of "c"; it needs the pending put to have
  // landed at exactly revision 7, which nothing contradicts.
  HistoryBuilder h;
  h.put_rev(1, 0, 10, "x", "a", 5).pending(1, 20, KvInput::put("x", "b"));
  h.pending(2, 30, KvInput::cas_mod_revision("x", 7, "c"));
  h.get(3, 100, 110, "x", "c");
  EXPECT_EQ(check(h.history()).verdict, Verdict::kOk);
  // Once "c" is seen, "b" cannot come back: the CAS needed the put to land before it.
  h.get(3, 120, 130, "x", "b");
  EXPECT_EQ(check(h.history()).verdict, Verdict::kIllegal);
  // Or the CAS failed (or never happened), when only "b" is seen.
  HistoryBuilder failed;
  failed.put_rev(1, 0, 10, "x", "a", 5).pending(1, 20, KvInput::put("x", "b"));
  failed.pending(2, 30, KvInput::cas_mod_revision("x", 7, "c"));
  failed.get(3, 100, 110, "x", "b");
  EXPECT_EQ(check(failed.history()).verdict, Verdict::kOk);
}

TEST(Linearizability, DeletedFlagAndRecreation) {
  HistoryBuilder h;
  h.put(1, 0, 10, "x", "a");
  KvOutput deleted = KvOutput::ok();
  deleted.deleted = true;
  h.add({1, 20, 30, KvInput::remove("x"), deleted});
  h.get(2, 40, 50, "x", std::nullopt);
  h.cas(2, 60, 70, KvInput::cas_absent("x", "b"), true);
  h.get(2, 80, 90, "x", "b");
  EXPECT_EQ(check(h.history()).verdict, Verdict::kOk);
  KvOutput nothing = KvOutput::ok();
  nothing.deleted = false;
  h.add({3, 100, 110, KvInput::remove("x"), nothing});  // "b" was there: a lie
  EXPECT_EQ(check(h.history()).verdict, Verdict::kIllegal);
}

TEST(Linearizability, KeysAreCheckedIndependentlyAndReportedInOrder) {
  HistoryBuilder h;
  h.put(1, 0, 10, "y", "1").get(2, 20, 30, "y", "2");  // illegal: "2" was never written
  h.put(1, 0, 10, "x", "1").get(2, 20, 30, "x", "1");
  h.put(1, 0, 10, "z", "1");
  const CheckResult result = check(h.history());
  EXPECT_EQ(result.verdict, Verdict::kIllegal);
  ASSERT_EQ(result.keys.size(), 3u);
  EXPECT_EQ(result.keys[0].key, "x");
  EXPECT_EQ(result.keys[1].key, "y");
  EXPECT_EQ(result.keys[2].key, "z");
  EXPECT_EQ(result.find("x")->verdict, Verdict::kOk);
  EXPECT_EQ(result.find("y")->verdict, Verdict::kIllegal);
  EXPECT_EQ(result.find("y")->blocked, std::optional<std::size_t>(1));
  EXPECT_EQ(result.find("z")->verdict, Verdict::kOk);
  EXPECT_EQ(result.find("w"), nullptr);
  EXPECT_NE(result.explanation.find("key y"), std::string::npos);
  // The witness of x uses history indices.
  EXPECT_EQ(result.find("x")->linearization, (std::vector<std::size_t>{2, 3}));
}

TEST(Linearizability, AMalformedHistoryIsReportedNotSearched) {
  HistoryBuilder h;
  h.put(1, 0, 10, "x", "a").get(2, 30, 20, "x", "a");
  const CheckResult result = check(h.history());
  EXPECT_EQ(result.verdict, Verdict::kUnknown);
  ASSERT_TRUE(result.error.has_value());
  EXPECT_NE(result.error->find("operation 1"), std::string::npos);
  EXPECT_TRUE(result.keys.empty());
}

// n writes of distinct values, all concurrent, then a read of a value none of them wrote.
// Proving it illegal means visiting every subset of writes that can come first, with each
// possible last writer: about n * 2^(n-1) cached states.
History concurrent_writes_then_phantom(int writers) {
  HistoryBuilder h;
  for (int i = 0; i < writers; ++i)
    h.put(i, 0, 100, "x", "v" + std::to_string(i));
  h.get(writers, 200, 210, "x", "never-written");
  return h.history();
}

TEST(Linearizability, ASmallAdversarialHistoryIsSearchedToTheEnd) {
  const CheckResult result = check(concurrent_writes_then_phantom(8));
  EXPECT_EQ(result.verdict, Verdict::kIllegal);
  // All 8 writes fit; the read is what cannot be placed.
  EXPECT_EQ(result.keys[0].linearization.size(), 8u);
  EXPECT_EQ(result.keys[0].blocked, std::optional<std::size_t>(8));
  // At least one cached state per (non-empty subset, last writer in it): 8 * 2^7.
  EXPECT_GE(result.keys[0].cache_entries, 8u * 128u);
}

TEST(Linearizability, TheStepBoundGivesUnknownNotAVerdict) {
  CheckOptions options;
  options.max_steps_per_key = 100'000;
  const CheckResult result = check(concurrent_writes_then_phantom(24), options);
  EXPECT_EQ(result.verdict, Verdict::kUnknown);
  EXPECT_FALSE(result.error.has_value());
  EXPECT_EQ(result.keys[0].steps, 100'000u);
  EXPECT_NE(result.explanation.find("step bound"), std::string::npos);
}

TEST(Linearizability, TheMemoryBoundGivesUnknown) {
  CheckOptions options;
  options.max_cache_bytes_per_key = 64 * 1024;
  const CheckResult result = check(concurrent_writes_then_phantom(24), options);
  EXPECT_EQ(result.verdict, Verdict::kUnknown);
  EXPECT_NE(result.explanation.find("memory bound"), std::string::npos);
}

TEST(Linearizability, AnIllegalKeyOutweighsAnUnknownOne) {
  History history = concurrent_writes_then_phantom(24);
  HistoryBuilder other;
  other.put(1, 0, 10, "y", "a").get(2, 20, 30, "y", std::nullopt);
  history.insert(history.end(), other.history().begin(), other.history().end());
  CheckOptions options;
  options.max_steps_per_key = 10'000;
  const CheckResult result = check(history, options);
  EXPECT_EQ(result.verdict, Verdict::kIllegal);
  EXPECT_EQ(result.find("x")->verdict, Verdict::kUnknown);
  EXPECT_EQ(result.find("y")->verdict, Verdict::kIllegal);
  EXPECT_NE(result.explanation.find("key y"), std::string::npos);
}

TEST(Linearizability, ALongSequentialHistoryIsLinearInSteps) {
  HistoryBuilder h;
  constexpr int kSequentialOps = 10'000;
  for (int i = 0; i < kSequentialOps; ++i) {
    const sim::Time t = 10 * i;
    if (i % 2 == 0) {
      h.put(1, t, t + 5, "x", std::to_string(i));
    } else {
      h.get(2, t, t + 5, "x", std::to_string(i - 1));
    }
  }
  const CheckResult result = check(h.history());
  EXPECT_EQ(result.verdict, Verdict::kOk);
  // Each operation: one step at its call (linearized at once) and no backtracking.
  EXPECT_EQ(result.steps, static_cast<std::uint64_t>(kSequentialOps));
}

}  // namespace
}  // namespace kcsim::checker
