// The story's lines, its filter, and the account of leaderless periods read from the
// narration's phrases.
#include <gtest/gtest.h>

#include "reports/narrative/account.h"
#include "reports/narrative/story.h"

namespace kcsim::reports {
namespace {

constexpr sim::Time kMs = sim::kMillisecond;

TEST(Story, ALineKnowsItsActor) {
  Story story;
  story.add(5 * sim::kSecond, "info", "etcd-2: grants its vote to etcd-1 for term 3");
  story.add(5 * sim::kSecond, "info", "timeline: etcd-1 crashes");
  story.add(5 * sim::kSecond, "info", "etcd-0 started (incarnation 1)");
  ASSERT_EQ(story.lines().size(), 3u);
  EXPECT_EQ(story.lines()[0].actor, "etcd-2");
  EXPECT_EQ(story.lines()[0].text, "grants its vote to etcd-1 for term 3");
  EXPECT_EQ(story.lines()[1].actor, "timeline");
  EXPECT_EQ(story.lines()[2].actor, "-") << "no 'name: ' prefix";
  EXPECT_EQ(format_seconds(1234 * kMs), "1.234s");
}

TEST(Story, TheFilterKeepsLevelComponentAndWindow) {
  Story story;
  story.add(1 * sim::kSecond, "debug", "etcd-1: received MsgApp from etcd-0 to etcd-1");
  story.add(2 * sim::kSecond, "info", "etcd-1: follows etcd-0, leader of term 2");
  story.add(3 * sim::kSecond, "info", "etcd-10: follows etcd-0, leader of term 2");
  story.add(4 * sim::kSecond, "info", "network: {etcd-1} is cut off from {etcd-0}");
  story.add(5 * sim::kSecond, "info", "network: {etcd-10} is cut off from {etcd-0}");
  StoryFilter filter{.level = StoryLevel::kInfo, .components = {"etcd-1"}, .from = 0, .until = -1};
  std::vector<sim::Time> kept;
  for (const StoryLine& line : story.lines()) {
    if (matches(line, filter)) kept.push_back(line.at);
  }
  EXPECT_EQ(kept, (std::vector<sim::Time>{2 * sim::kSecond, 4 * sim::kSecond}));
  filter.from = 3 * sim::kSecond;
  EXPECT_FALSE(matches(story.lines()[1], filter));
  filter.level = StoryLevel::kDebug;
  filter.from = 0;
  EXPECT_TRUE(matches(story.lines()[0], filter));
}

TEST(Story, IsBounded) {
  Story story(2);
  for (int i = 0; i < 5; ++i)
    story.add(i, "info", "etcd-0: x");
  EXPECT_EQ(story.lines().size(), 2u);
  EXPECT_TRUE(story.truncated());
}

TEST(Account, ACrashTheTimeoutsAndTheWinner) {
  Story story;
  story.add(0, "debug", "etcd-0: election timeout drawn: 1.5s (15 ticks) at term 1");
  story.add(0, "debug", "etcd-1: election timeout drawn: 1.2s (12 ticks) at term 1");
  story.add(0, "debug", "etcd-2: election timeout drawn: 1.8s (18 ticks) at term 1");
  story.add(1200 * kMs, "info",
            "etcd-1: election timeout: 1.2s without a leader (its timeout "
            "was 1.2s); campaigning at term 2");
  story.add(1200 * kMs, "info", "etcd-1: asks the 2 other voters whether ...");
  story.add(1210 * kMs, "info", "etcd-1: won the election: leader of term 2 with 2 of 3 votes");
  story.add(10 * sim::kSecond, "info", "timeline: etcd-1 crashes");
  story.add(11200 * kMs, "info",
            "etcd-2: election timeout: 1.2s without a heartbeat from "
            "leader etcd-1 (its timeout was 1.8s); campaigning at term 3");
  story.add(11200 * kMs, "info", "etcd-2: asks the 2 other voters whether ...");
  story.add(11300 * kMs, "info", "etcd-0: election timeout: 1.3s without ...");
  story.add(11300 * kMs, "info", "etcd-0: asks the 2 other voters whether ...");
  story.add(11337 * kMs, "info", "etcd-0: won the election: leader of term 3 with 2 of 3 votes");
  const std::vector<std::string> account = leader_account(story);
  ASSERT_EQ(account.size(), 2u);
  EXPECT_EQ(account[0],
            "no leader from 0.000s to 1.210s (1.210s): the cluster booted with no leader; the "
            "members' election timeouts were 1.5s (etcd-0), 1.2s (etcd-1), 1.8s (etcd-2); "
            "etcd-1's ran out first, after 1.2s without a leader; etcd-1 won term 2 with 2 of 3 "
            "votes.");
  EXPECT_EQ(account[1],
            "no leader from 10.000s to 11.337s (1.337s): etcd-1 crashed; the followers' "
            "election timeouts were 1.5s (etcd-0), 1.8s (etcd-2); etcd-2's ran out first, after "
            "1.2s without a heartbeat; etcd-0 won term 3 with 2 of 3 votes after 2 campaigns (1 "
            "did not win: split votes or refusals).");
}

TEST(Account, AnIsolatedMembersTimeoutsAreNoLeaderlessPeriod) {
  Story story;
  story.add(1 * sim::kSecond, "info",
            "etcd-0: won the election: leader of term 2 with 2 of 3 votes");
  story.add(5 * sim::kSecond, "info", "network: {etcd-2} is cut off from {etcd-0, etcd-1}");
  story.add(6 * sim::kSecond, "info", "etcd-2: election timeout: 1s without a heartbeat ...");
  const std::vector<std::string> account = leader_account(story);
  ASSERT_EQ(account.size(), 1u) << "only the boot";
  EXPECT_EQ(account[0].rfind("no leader from 0.000s to 1.000s", 0), 0u) << account[0];
}

}  // namespace
}  // namespace kcsim::reports
