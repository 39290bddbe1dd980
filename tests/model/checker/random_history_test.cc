// Histories generated from a real sequential execution are linearizable by construction;
// the checker must always say so. Corrupting one read must make most of them illegal, and
// a read of a value never written must make every one illegal.
#include <gtest/gtest.h>

#include <algorithm>

#include "model/checker/linearizability.h"
#include "model/checker/lost_writes.h"
#include "tests/model/checker/history_builder.h"

namespace kcsim::checker {
namespace {

using testing::generate_history;
using testing::GeneratorOptions;
using testing::witness_error;

constexpr std::uint64_t kSeeds = 300;

GeneratorOptions options_for(std::uint64_t seed) {
  GeneratorOptions options;
  options.record_revisions = seed % 2 == 0;
  options.use_mod_revision_cas = seed % 3 != 0;
  options.keys = 1 + seed % 3;
  options.clients = 3 + seed % 4;
  return options;
}

History history_for(std::uint64_t seed) {
  sim::Rng rng = sim::Rng::stream(seed, "checker/random-history");
  return generate_history(rng, options_for(seed));
}

// Indices of the completed Gets that found a value.
std::vector<std::size_t> found_reads(const History& history) {
  std::vector<std::size_t> reads;
  for (std::size_t i = 0; i < history.size(); ++i) {
    const Operation& op = history[i];
    if (op.input.kind == OpKind::kGet && !op.pending() && op.output.found) reads.push_back(i);
  }
  return reads;
}

TEST(RandomHistories, CorrectExecutionsAreAlwaysLinearizable) {
  std::size_t pending = 0;
  std::size_t witnesses_checked = 0;
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
    const History history = history_for(seed);
    const CheckResult result = check_linearizable(history);
    ASSERT_EQ(result.verdict, Verdict::kOk) << "seed " << seed << "\n" << result.explanation;
    for (const KeyResult& key : result.keys) {
      const auto error = witness_error(history, key.key, key.linearization);
      EXPECT_FALSE(error.has_value()) << "seed " << seed << ": " << error.value_or("");
    }
    witnesses_checked += options_for(seed).use_mod_revision_cas ? 0 : 1;
    for (const Operation& op : history)
      pending += op.pending() ? 1 : 0;
    EXPECT_TRUE(check_no_lost_writes(history).ok()) << "seed " << seed;
  }
  // The generator must exercise the paths it claims to.
  EXPECT_GT(pending, kSeeds);
  EXPECT_GT(witnesses_checked, kSeeds / 4);
}

TEST(RandomHistories, LargerHistoriesWithMoreConcurrencyAreLinearizable) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    sim::Rng rng = sim::Rng::stream(seed, "checker/large-history");
    GeneratorOptions options;
    options.operations = 2'000;
    options.clients = 8;
    options.keys = 4;
    options.max_half_width = 40;
    options.max_gap = 5;
    const History history = generate_history(rng, options);
    const CheckResult result = check_linearizable(history);
    ASSERT_EQ(result.verdict, Verdict::kOk) << "seed " << seed << "\n" << result.explanation;
  }
}

TEST(RandomHistories, AReadOfAValueNeverWrittenIsAlwaysIllegal) {
  std::size_t corrupted = 0;
  std::size_t blocked_on_read = 0;
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
    History history = history_for(seed);
    const std::vector<std::size_t> reads = found_reads(history);
    if (reads.empty()) continue;
    sim::Rng pick = sim::Rng::stream(seed, "checker/corrupt");
    const std::size_t read = reads[pick.below(reads.size())];
    history[read].output.value = "never-written";
    ++corrupted;
    const CheckResult result = check_linearizable(history);
    ASSERT_EQ(result.verdict, Verdict::kIllegal) << "seed " << seed;
    // No legal prefix can hold the corrupted read; usually it is the one reported blocked
    // (another operation can be, when a prefix as long dead-ends on its return first).
    const KeyResult* key = result.find(history[read].input.key);
    EXPECT_EQ(std::count(key->linearization.begin(), key->linearization.end(), read), 0);
    const auto error = testing::prefix_error(history, key->key, key->linearization);
    EXPECT_FALSE(error.has_value()) << "seed " << seed << ": " << error.value_or("");
    blocked_on_read += key->blocked == std::optional<std::size_t>(read) ? 1 : 0;
    const LostWriteReport lost = check_no_lost_writes(history);
    ASSERT_EQ(lost.violations.size(), 1u) << "seed " << seed;
    EXPECT_EQ(lost.violations[0].kind, LostWriteKind::kPhantomRead);
    EXPECT_EQ(lost.violations[0].read, read);
  }
  EXPECT_GT(corrupted, kSeeds / 2);
  RecordProperty("corrupted", static_cast<int>(corrupted));
  RecordProperty("blocked_on_read", static_cast<int>(blocked_on_read));
  EXPECT_GT(blocked_on_read * 10, corrupted * 9) << blocked_on_read << " of " << corrupted;
}

// Changes a read to another value written to the same key. Whether that is illegal depends
// on concurrency: with intervals about as wide as the gaps between writes, a read usually
// has one legal answer, so most corruptions must be caught. Every violation the cheap
// lost-write checker reports must be confirmed by the full check (it is sound).
TEST(RandomHistories, AReadOfAnotherWrittenValueIsMostlyIllegal) {
  std::size_t corrupted = 0;
  std::size_t illegal = 0;
  std::size_t lost_write_flags = 0;
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
    History history = history_for(seed);
    sim::Rng pick = sim::Rng::stream(seed, "checker/corrupt-other");
    const std::vector<std::size_t> reads = found_reads(history);
    if (reads.empty()) continue;
    const std::size_t read = reads[pick.below(reads.size())];
    std::vector<std::string> others;
    for (const Operation& op : history) {
      const bool writes =
          op.input.kind == OpKind::kPut ||
          (op.input.kind == OpKind::kCompareAndSet && !op.pending() && op.output.succeeded);
      if (writes && op.input.key == history[read].input.key &&
          op.input.value != history[read].output.value) {
        others.push_back(op.input.value);
      }
    }
    if (others.empty()) continue;
    history[read].output.value = others[pick.below(others.size())];
    history[read].output.revision.reset();  // the value alone must be caught
    ++corrupted;
    const CheckResult result = check_linearizable(history);
    ASSERT_NE(result.verdict, Verdict::kUnknown) << "seed " << seed;
    illegal += result.verdict == Verdict::kIllegal ? 1 : 0;
    const LostWriteReport lost = check_no_lost_writes(history);
    if (!lost.ok()) {
      ++lost_write_flags;
      EXPECT_EQ(result.verdict, Verdict::kIllegal) << "seed " << seed;
    }
  }
  ASSERT_GT(corrupted, kSeeds / 2);
  RecordProperty("corrupted", static_cast<int>(corrupted));
  RecordProperty("illegal", static_cast<int>(illegal));
  RecordProperty("lost_write_flags", static_cast<int>(lost_write_flags));
  EXPECT_GT(illegal * 3, corrupted * 2) << illegal << " of " << corrupted;
  EXPECT_GT(lost_write_flags, 0u);
}

TEST(RandomHistories, TheCheckIsDeterministic) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const History history = history_for(seed);
    const CheckResult a = check_linearizable(history);
    const CheckResult b = check_linearizable(history);
    ASSERT_EQ(a.keys.size(), b.keys.size());
    for (std::size_t k = 0; k < a.keys.size(); ++k) {
      EXPECT_EQ(a.keys[k].steps, b.keys[k].steps);
      EXPECT_EQ(a.keys[k].linearization, b.keys[k].linearization);
    }
  }
}

}  // namespace
}  // namespace kcsim::checker
