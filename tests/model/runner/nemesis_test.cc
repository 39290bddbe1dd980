#include "model/runner/nemesis.h"

#include <gtest/gtest.h>

#include <string>

#include "model/runner/run.h"
#include "model/scenario/load.h"

namespace kcsim::runner {
namespace {

TEST(Nemesis, TheScheduleIsAFunctionOfTheSeedAndAValidScenario) {
  NemesisOptions options;
  options.seed = 42;
  EXPECT_EQ(nemesis_scenario_yaml(options), nemesis_scenario_yaml(options));
  options.seed = 43;
  const std::string other = nemesis_scenario_yaml(options);
  options.seed = 42;
  EXPECT_NE(nemesis_scenario_yaml(options), other);
  for (std::uint64_t members : {3u, 5u}) {
    options.members = members;
    for (std::uint64_t seed = 1; seed <= 50; ++seed) {
      options.seed = seed;
      const std::string text = nemesis_scenario_yaml(options);
      auto loaded = scenario::parse_scenario(text, "nemesis.yaml");
      ASSERT_TRUE(loaded.ok()) << loaded.error().format() << "\n" << text;
      EXPECT_TRUE(unknown_check_names(loaded.value()).empty());
    }
  }
}

// Seeds [first, first + count) of an N-member cluster under the nemesis: zero safety
// violations, no acknowledged write lost, and liveness after the heal. A failure prints
// the schedule, which `kcsim run` replays.
// Returns the snapshots members received from leaders over all the runs.
double run_seeds(std::uint64_t members, std::uint64_t first, std::uint64_t count,
                 NemesisOptions options = {}) {
  double snapshots_received = 0;
  for (std::uint64_t seed = first; seed < first + count; ++seed) {
    options.members = members;
    options.seed = seed;
    const std::string text = nemesis_scenario_yaml(options);
    auto loaded = scenario::parse_scenario(text, "nemesis.yaml");
    EXPECT_TRUE(loaded.ok()) << loaded.error().format();
    if (!loaded.ok()) return snapshots_received;
    const RunResult result = run_scenario(loaded.value());
    for (const auto& check : result.checks) {
      EXPECT_TRUE(check.passed) << "seed " << seed << ": " << check.name << ": " << check.detail
                                << "\n"
                                << text;
    }
    snapshots_received +=
        result.metrics->sum_over("etcd_network_snapshot_receive_success").value_or(0);
  }
  return snapshots_received;
}

// 500 seeds for each size, in shards so that ctest can run them in parallel.
class NemesisShard : public ::testing::TestWithParam<std::uint64_t> {};
constexpr std::uint64_t kShards = 10;
constexpr std::uint64_t kSeedsPerShard = 50;

TEST_P(NemesisShard, ThreeMembers) {
  run_seeds(3, 1 + GetParam() * kSeedsPerShard, kSeedsPerShard);
}
TEST_P(NemesisShard, FiveMembers) {
  run_seeds(5, 1 + GetParam() * kSeedsPerShard, kSeedsPerShard);
}
INSTANTIATE_TEST_SUITE_P(Seeds, NemesisShard, ::testing::Range<std::uint64_t>(0, kShards));

// The same nemesis with members snapshotting every 50 entries and keeping 20: members
// that fall behind (crashed, cut off) catch up from the leader's snapshot, and
// restarted members recover from their own. 200 seeds of each size; the faults leave
// members behind the compacted log in some runs of every shard.
class CompactingShard : public ::testing::TestWithParam<std::uint64_t> {
 protected:
  static NemesisOptions options() {
    NemesisOptions o;
    o.snapshot_count = 50;
    o.snapshot_catch_up_entries = 20;
    return o;
  }
};
constexpr std::uint64_t kCompactingShards = 4;

TEST_P(CompactingShard, ThreeMembers) {
  EXPECT_GT(run_seeds(3, 10'001 + GetParam() * kSeedsPerShard, kSeedsPerShard, options()), 0);
}
TEST_P(CompactingShard, FiveMembers) {
  EXPECT_GT(run_seeds(5, 10'001 + GetParam() * kSeedsPerShard, kSeedsPerShard, options()), 0);
}
INSTANTIATE_TEST_SUITE_P(Seeds, CompactingShard,
                         ::testing::Range<std::uint64_t>(0, kCompactingShards));

}  // namespace
}  // namespace kcsim::runner
