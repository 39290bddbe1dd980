// The run told as a story, as a user runs it: the narrated log levels, `kcsim explain`,
// `kcsim diff`, the readable trace, the Raft experiments, and the teaching scenario
// whose claim (pre-vote keeps a returning member from disrupting the leader) must be
// visible in its checks.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/shell.h"

namespace {

namespace fs = std::filesystem;

using kcsim_test::kcsim;
using kcsim_test::Outcome;

std::string scenario(const std::string& relative) {
  return std::string(KCSIM_SOURCE_DIR) + "/scenarios/" + relative;
}

fs::path temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("kcsim_narrative_test_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(TeachingScenario, RaftElectionPassesWithPreVote) {
  const Outcome run = kcsim("run " + scenario("teaching/raft-election.yaml"));
  EXPECT_EQ(run.exit_code, 0) << run.out;
}

TEST(TeachingScenario, RaftElectionFailsItsClaimWithoutPreVote) {
  const Outcome run = kcsim("run " + scenario("teaching/raft-election.yaml") +
                            " --set spec.cluster.etcd.preVote=false");
  EXPECT_EQ(run.exit_code, 1) << run.out;
  EXPECT_TRUE(run.has("FAIL the returning member does not disrupt the leader")) << run.out;
  EXPECT_TRUE(run.has("FAIL exactly two elections")) << run.out;
}

TEST(Narration, LevelsTellMoreAndNeverChangeTheHash) {
  const std::string file = scenario("failover/etcd-leader-crash.yaml");
  const Outcome quiet = kcsim("run " + file + " --seed 1 --quiet");
  const Outcome info = kcsim("run " + file + " --seed 1 --quiet --log-level info");
  const Outcome debug = kcsim("run " + file + " --seed 1 --quiet --log-level debug");
  const Outcome trace = kcsim("run " + file + " --seed 1 --quiet --log-level trace");
  EXPECT_EQ(info.last_line(), quiet.last_line());
  EXPECT_EQ(debug.last_line(), quiet.last_line());
  EXPECT_EQ(trace.last_line(), quiet.last_line());
  EXPECT_TRUE(info.has("election timeout: ")) << info.out;
  EXPECT_TRUE(info.has("grants its vote to ")) << info.out;
  EXPECT_TRUE(info.has("won the election: leader of term ")) << info.out;
  EXPECT_TRUE(info.has("crashes")) << info.out;
  EXPECT_FALSE(info.has("received MsgApp")) << "messages are debug";
  EXPECT_TRUE(debug.has("received MsgApp from ")) << "debug adds each message";
  EXPECT_FALSE(debug.has(": raft: ")) << "etcd-io/raft's own lines are trace";
  EXPECT_TRUE(trace.has(": raft: "));
  EXPECT_LT(info.out.size(), debug.out.size());
  EXPECT_LT(debug.out.size(), trace.out.size());
}

TEST(Explain, TellsTheSameRunAndAccountsForEachLeaderlessPeriod) {
  const std::string file = scenario("teaching/raft-election.yaml");
  const Outcome run = kcsim("run " + file + " --quiet");
  const Outcome explain = kcsim("explain " + file);
  EXPECT_EQ(explain.exit_code, 0) << explain.out;
  EXPECT_EQ(explain.last_line(), run.last_line()) << "the same run";
  EXPECT_TRUE(explain.has("What happened:"));
  EXPECT_TRUE(explain.has("no leader from 0.000s to ")) << explain.out;
  EXPECT_TRUE(explain.has("was cut off by a partition")) << explain.out;
  EXPECT_TRUE(explain.has("ran out first, after ")) << explain.out;
  EXPECT_TRUE(explain.has("PASS exactly two elections")) << explain.out;
}

TEST(Explain, FiltersByComponentAndTime) {
  const std::string file = scenario("teaching/raft-election.yaml");
  const Outcome all = kcsim("explain " + file);
  const Outcome one = kcsim("explain " + file + " --component etcd-1 --from 5s --until 8s");
  EXPECT_EQ(one.exit_code, 0) << one.out;
  EXPECT_LT(one.out.size(), all.out.size());
  std::istringstream lines(one.out.substr(0, one.out.find("What happened:")));
  std::string line;
  std::getline(lines, line);  // the header
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    EXPECT_TRUE(line.find(" etcd-1 ") != std::string::npos ||
                line.find("etcd-1") != std::string::npos)
        << line;
  }
  EXPECT_EQ(kcsim("explain " + file + " --from 5").exit_code, 2) << "a time needs its unit";
}

TEST(Diff, FindsWhereTwoSeedsPartAndThatARunMatchesItself) {
  const std::string file = scenario("teaching/raft-election.yaml");
  const fs::path dir = temp_dir("diff");
  const Outcome seeds = kcsim("diff " + file + " --seeds 5,6 --out " + dir.string());
  EXPECT_EQ(seeds.exit_code, 1) << seeds.out;
  EXPECT_TRUE(seeds.has("The traces part at record ")) << seeds.out;
  EXPECT_TRUE(seeds.has("  A:")) << seeds.out;
  EXPECT_TRUE(seeds.has("The model events (notes and faults) part at record ")) << seeds.out;
  const fs::path a = dir / "a";
  const fs::path b = dir / "b";
  ASSERT_EQ(kcsim("run " + file + " --out " + a.string() + " --trace").exit_code, 0);
  ASSERT_EQ(kcsim("run " + file + " --out " + b.string() + " --trace").exit_code, 0);
  const Outcome same = kcsim("diff " + a.string() + " " + b.string());
  EXPECT_EQ(same.exit_code, 0) << same.out;
  EXPECT_TRUE(same.has("The traces are the same.")) << same.out;
  EXPECT_EQ(kcsim("diff " + a.string()).exit_code, 2);
  EXPECT_EQ(kcsim("diff " + file + " --seeds 5").exit_code, 2);
}

TEST(Trace, RaftMessagesAreReadable) {
  const fs::path dir = temp_dir("trace");
  ASSERT_EQ(kcsim("run " + scenario("teaching/raft-election.yaml") + " --out " + dir.string() +
                  " --trace")
                .exit_code,
            0);
  std::ifstream in(dir / "trace.jsonl");
  std::string line;
  bool granted = false;
  bool dropped_named = false;
  bool annotate_leaked = false;
  while (std::getline(in, line)) {
    granted = granted || (line.find(R"("label":"raft.MsgVoteResp")") != std::string::npos &&
                          line.find(R"("outcome":"granted")") != std::string::npos &&
                          line.find(R"("term":)") != std::string::npos);
    dropped_named = dropped_named || (line.find(R"("kind":"drop")") != std::string::npos &&
                                      line.find(R"("message":"raft.Msg)") != std::string::npos);
    annotate_leaked = annotate_leaked || line.find(R"("kind":"annotate")") != std::string::npos;
  }
  EXPECT_TRUE(granted) << "a vote record says its term and that it was granted";
  EXPECT_TRUE(dropped_named) << "a message dropped by the partition says which it was";
  EXPECT_FALSE(annotate_leaked) << "annotations join their record";
}

TEST(Experiments, TheRaftPaperSettingsRunAndBadOnesAreRefused) {
  const std::string file = scenario("teaching/raft-timeout-range.yaml");
  EXPECT_EQ(kcsim("run " + file).exit_code, 0);
  const Outcome bad_tick =
      kcsim("validate " + file + " --set spec.cluster.etcd.experiments.tick=7ms");
  EXPECT_EQ(bad_tick.exit_code, 2) << bad_tick.out;
  EXPECT_TRUE(bad_tick.has("tick that divides")) << bad_tick.out;
  const Outcome bad_range =
      kcsim("validate " + file +
            " --set spec.cluster.etcd.experiments.randomizedElectionTimeout.max=150ms");
  EXPECT_EQ(bad_range.exit_code, 2) << bad_range.out;
  EXPECT_TRUE(bad_range.has("min < max")) << bad_range.out;
}

}  // namespace
