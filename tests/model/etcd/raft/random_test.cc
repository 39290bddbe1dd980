// Randomized test: five nodes driven by a seeded random scheduler (random delivery
// order, drops, crashes that lose unpersisted Readies, partitions, compaction,
// leadership transfers), then healed. The safety checkers must report nothing;
// after healing, a leader must be elected and a proposal committed within a
// bound of ticks. A failing seed replays exactly: it is in the test's message.
#include <gtest/gtest.h>

#include <cstdlib>

#include <fmt/format.h>

#include "sim/random.h"
#include "tests/model/etcd/raft/interaction_env.h"

namespace kcsim::etcd::raft::testing {
namespace {

constexpr int kChaosSteps = 5000;
constexpr int kLogCheckEverySteps = 100;
// 40 election timeouts of 10 ticks: far beyond what a healthy cluster needs.
constexpr int kLivenessRoundsMax = 400;
constexpr std::size_t kNetworkMessagesMax = 2000;

struct Outcome {
  std::vector<Violation> violations;
  int liveness_rounds = -1;  // rounds to elect a leader and commit; -1: never
  int leaders = 0;
  std::size_t committed = 0;
};

NodeId pick(sim::Rng& rng, const std::vector<NodeId>& ids) {
  return ids[rng.below(ids.size())];
}

void chaos_step(InteractionEnv& env, sim::Rng& rng, int step) {
  const std::vector<NodeId>& ids = env.ids();
  const NodeId id = pick(rng, ids);
  const std::uint64_t roll = rng.below(1000);
  if (roll < 300) {
    env.tick(id, 1);
  } else if (roll < 450) {
    if (env.is_up(id) && !env.has_pending_ready(id) && env.node(id)->has_ready())
      env.take_ready(id);
  } else if (roll < 600) {
    if (env.is_up(id) && env.has_pending_ready(id)) env.persist_ready(id);
  } else if (roll < 880) {
    if (env.in_flight() > 0) env.deliver_at(rng.below(env.in_flight()));
  } else if (roll < 900) {
    if (env.in_flight() > 0) env.drop_at(rng.below(env.in_flight()));
  } else if (roll < 950) {
    if (env.is_up(id)) env.node(id)->propose(fmt::format("v{}", step));
  } else if (roll < 960) {
    int down = 0;
    for (NodeId other : ids)
      down += env.is_up(other) ? 0 : 1;
    if (env.is_up(id) && down < 2) env.crash(id);
  } else if (roll < 975) {
    if (!env.is_up(id)) env.restart(id);
  } else if (roll < 985) {
    const NodeId other = pick(rng, ids);
    if (other != id) env.cut(id, other);
  } else if (roll < 990) {
    env.heal();
  } else if (roll < 995) {
    if (env.is_up(id)) env.compact(id, env.node(id)->raft().log().applied());
  } else {
    if (env.is_up(id)) env.node(id)->transfer_leadership(pick(rng, ids));
  }
  while (env.in_flight() > kNetworkMessagesMax)
    env.drop_at(0);
}

// The leader of the highest term among live nodes, if any.
RaftNode* current_leader(InteractionEnv& env) {
  RaftNode* best = nullptr;
  for (NodeId id : env.ids()) {
    RaftNode* node = env.node(id);
    if (node == nullptr || node->raft().role() != StateRole::kLeader) continue;
    if (best == nullptr || node->raft().term() > best->raft().term()) best = node;
  }
  return best;
}

int run_liveness(InteractionEnv& env) {
  for (NodeId id : env.ids()) {
    if (!env.is_up(id)) env.restart(id);
    if (env.has_pending_ready(id)) env.persist_ready(id);
  }
  env.heal();
  std::optional<EntryId> proposal;
  for (int round = 0; round < kLivenessRoundsMax; ++round) {
    for (NodeId id : env.ids())
      env.tick(id, 1);
    env.stabilize(20);
    env.observe(/*check_logs=*/false);
    RaftNode* leader = current_leader(env);
    if (leader == nullptr) continue;
    const Raft& core = leader->raft();
    if (proposal && core.term() == proposal->term && core.log().committed() >= proposal->index &&
        core.log().match_term(*proposal)) {
      return round;
    }
    if (!proposal || core.term() != proposal->term) {
      if (leader->propose("final") == StepResult::kOk) {
        proposal = core.log().last_entry_id();
      }
    }
  }
  return -1;
}

Outcome run_seed(std::uint64_t seed) {
  InteractionEnv env(seed);
  env.set_quiet(true);
  env.handle(*parse_command("add-nodes 5 voters=(1,2,3,4,5)"));
  sim::Rng rng = sim::Rng::stream(seed, "raft-random-test");
  for (int step = 0; step < kChaosSteps; ++step) {
    chaos_step(env, rng, step);
    env.observe(/*check_logs=*/step % kLogCheckEverySteps == 0);
  }
  Outcome outcome;
  outcome.liveness_rounds = run_liveness(env);
  env.observe(/*check_logs=*/true);
  outcome.violations = env.checker().violations();
  outcome.leaders = static_cast<int>(env.checker().leader_count());
  outcome.committed = env.checker().committed_count();
  return outcome;
}

// KCSIM_RAFT_SEEDS overrides the seed count (longer soaks, quick mutation checks).
std::uint64_t seed_count() {
  const char* text = std::getenv("KCSIM_RAFT_SEEDS");
  if (text == nullptr) return 200;
  const std::uint64_t count = std::strtoull(text, nullptr, 10);
  return count > 0 ? count : 200;
}

TEST(RaftRandomized, SafeUnderChaosAndLiveAfterHealing) {
  const std::uint64_t kSeeds = seed_count();
  std::size_t total_committed = 0;
  int total_leaders = 0;
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
    const Outcome outcome = run_seed(seed);
    for (const Violation& v : outcome.violations) {
      ADD_FAILURE() << "seed " << seed << ": " << v.property << ": " << v.detail;
    }
    EXPECT_GE(outcome.liveness_rounds, 0) << "seed " << seed << ": no commit after healing";
    total_committed += outcome.committed;
    total_leaders += outcome.leaders;
  }
  // The chaos must exercise something: elections and commits, not a frozen cluster.
  EXPECT_GT(total_leaders, static_cast<int>(2 * kSeeds));
  EXPECT_GT(total_committed, 20 * kSeeds);
}

TEST(RaftRandomized, SameSeedSameRun) {
  const Outcome a = run_seed(42);
  const Outcome b = run_seed(42);
  EXPECT_EQ(a.liveness_rounds, b.liveness_rounds);
  EXPECT_EQ(a.leaders, b.leaders);
  EXPECT_EQ(a.committed, b.committed);
}

}  // namespace
}  // namespace kcsim::etcd::raft::testing
