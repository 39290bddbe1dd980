// Unit tests for the tricky pieces under the Raft core: progress flow control,
// the quorum commit index, log append conflict resolution, storage compaction,
// the randomized election timeout drawn from the injected Rng, and the Ready
// persistence contract.
#include <gtest/gtest.h>

#include <set>

#include "model/etcd/raft/memory_storage.h"
#include "model/etcd/raft/progress.h"
#include "model/etcd/raft/progress_tracker.h"
#include "model/etcd/raft/raft_log.h"
#include "model/etcd/raft/raft_node.h"
#include "sim/random.h"

namespace kcsim::etcd::raft {
namespace {

std::vector<Entry> entries_with_terms(Index first, std::initializer_list<Term> terms) {
  std::vector<Entry> out;
  Index index = first;
  for (Term term : terms)
    out.push_back({.term = term, .index = index++, .data = "x"});
  return out;
}

TEST(Progress, ProbeSendsOneAppendThenPausesUntilAnswered) {
  Progress p(5, 4, 0, false);
  EXPECT_FALSE(p.is_paused());
  p.sent_entries(2, 100);
  EXPECT_TRUE(p.is_paused());
  EXPECT_EQ(p.next, 5u) << "probing does not advance next optimistically";
  EXPECT_TRUE(p.maybe_update(6));
  EXPECT_FALSE(p.is_paused());
  EXPECT_EQ(p.next, 7u);
}

TEST(Progress, ReplicateStreamsUntilTheInflightWindowIsFull) {
  Progress p(1, 2, 0, false);
  p.become_replicate();
  p.sent_entries(3, 30);
  EXPECT_EQ(p.next, 4u);
  EXPECT_FALSE(p.is_paused());
  p.sent_entries(1, 10);
  EXPECT_TRUE(p.is_paused()) << "two appends in flight with max_inflight_msgs 2";
  p.inflights.free_le(3);
  EXPECT_FALSE(p.is_paused());
  EXPECT_EQ(p.inflights.count(), 1u);
}

TEST(Progress, InflightBytesLimitPausesToo) {
  Inflights window(100, 50);
  window.add(1, 30);
  EXPECT_FALSE(window.full());
  window.add(2, 30);
  EXPECT_TRUE(window.full());
  window.free_le(1);
  EXPECT_FALSE(window.full());
  EXPECT_EQ(window.bytes(), 30u);
}

TEST(Progress, StaleRejectionsAreIgnored) {
  Progress p(10, 4, 0, false);
  // Probing: only a rejection of next - 1 is current.
  EXPECT_FALSE(p.maybe_decr_to(7, 3));
  EXPECT_EQ(p.next, 10u);
  EXPECT_TRUE(p.maybe_decr_to(9, 3));
  EXPECT_EQ(p.next, 4u) << "jumps to the follower's hint + 1";
  // Replicating: a rejection at or below match is stale.
  Progress r(1, 4, 0, false);
  ASSERT_TRUE(r.maybe_update(5));
  r.become_replicate();
  r.sent_entries(3, 3);
  EXPECT_FALSE(r.maybe_decr_to(5, 0));
  EXPECT_TRUE(r.maybe_decr_to(7, 0));
  EXPECT_EQ(r.next, 6u) << "back to match + 1";
}

TEST(Progress, SnapshotStateResumesProbingPastTheSnapshot) {
  Progress p(3, 4, 0, false);
  p.become_snapshot(20);
  EXPECT_TRUE(p.is_paused());
  p.become_probe();
  EXPECT_EQ(p.next, 21u);
}

TEST(ProgressTracker, CommittedIndexIsTheMajorityMatch) {
  ProgressTracker tracker(8, 0);
  tracker.reset_to({.voters = {1, 2, 3, 4, 5}, .learners = {6}}, 10);
  const Index matches[] = {9, 4, 7, 2, 8};
  NodeId id = 1;
  for (Index match : matches)
    tracker.find(id++)->match = match;
  tracker.find(6)->match = 100;  // learners never count
  // Sorted: 2 4 7 8 9; three of five have matched 7.
  EXPECT_EQ(tracker.committed_index(), 7u);
  // Even counts need a strict majority: with 4 voters, 3 must match.
  ProgressTracker four(8, 0);
  four.reset_to({.voters = {1, 2, 3, 4}, .learners = {}}, 10);
  four.find(1)->match = 10;
  four.find(2)->match = 10;
  four.find(3)->match = 5;
  four.find(4)->match = 1;
  EXPECT_EQ(four.committed_index(), 5u);
}

TEST(ProgressTracker, VotesNeedAMajorityAndALossIsDetectedEarly) {
  ProgressTracker tracker(8, 0);
  tracker.reset_to({.voters = {1, 2, 3, 4, 5}, .learners = {}}, 0);
  tracker.record_vote(1, true);
  tracker.record_vote(2, true);
  EXPECT_EQ(tracker.tally_votes().result, VoteResult::kPending);
  tracker.record_vote(3, false);
  tracker.record_vote(4, false);
  EXPECT_EQ(tracker.tally_votes().result, VoteResult::kPending);
  tracker.record_vote(5, false);
  EXPECT_EQ(tracker.tally_votes().result, VoteResult::kLost);
  tracker.record_vote(5, true);  // a repeated answer does not change the first
  EXPECT_EQ(tracker.tally_votes().rejected, 3u);
}

TEST(ProgressTracker, SingleStepChanges) {
  ProgressTracker tracker(8, 0);
  tracker.reset_to({.voters = {1}, .learners = {}}, 5);
  EXPECT_EQ(tracker.apply({ConfChangeType::kAddLearner, 2}, 5), std::nullopt);
  EXPECT_TRUE(tracker.find(2)->is_learner);
  tracker.find(2)->match = 4;
  EXPECT_EQ(tracker.apply({ConfChangeType::kAddVoter, 2}, 9), std::nullopt);
  EXPECT_FALSE(tracker.find(2)->is_learner);
  EXPECT_EQ(tracker.find(2)->match, 4u) << "promotion keeps the progress";
  EXPECT_NE(tracker.apply({ConfChangeType::kAddLearner, 2}, 9), std::nullopt)
      << "demotion needs joint consensus";
  EXPECT_EQ(tracker.apply({ConfChangeType::kRemove, 1}, 9), std::nullopt);
  EXPECT_NE(tracker.apply({ConfChangeType::kRemove, 2}, 9), std::nullopt)
      << "the last voter cannot be removed";
  EXPECT_EQ(tracker.conf_state(), (ConfState{.voters = {2}, .learners = {}}));
}

TEST(RaftLog, AppendTruncatesAConflictingUncommittedSuffix) {
  MemoryStorage storage;
  storage.append(entries_with_terms(1, {1, 1, 2, 2}));
  RaftLog log(storage, UINT64_MAX);
  log.commit_to(2);
  // The leader of term 3 has (1,1,3): entries 3 and 4 conflict.
  const std::vector<Entry> incoming = entries_with_terms(3, {3, 3, 3});
  EXPECT_EQ(log.find_conflict(incoming), 3u);
  const std::optional<Index> last = log.maybe_append({.term = 1, .index = 2}, incoming, 4);
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(*last, 5u);
  EXPECT_EQ(log.term(3), 3u);
  EXPECT_EQ(log.term(4), 3u);
  EXPECT_EQ(log.committed(), 4u);
  // The new entries are handed out from the truncation point.
  const std::vector<Entry> next = log.next_unstable_entries();
  ASSERT_EQ(next.size(), 3u);
  EXPECT_EQ(next.front().index, 3u);
}

TEST(RaftLog, AppendRejectsAMismatchAndIgnoresDuplicates) {
  MemoryStorage storage;
  storage.append(entries_with_terms(1, {1, 2, 2}));
  RaftLog log(storage, UINT64_MAX);
  EXPECT_FALSE(log.maybe_append({.term = 1, .index = 3}, entries_with_terms(4, {3}), 0));
  EXPECT_FALSE(log.maybe_append({.term = 2, .index = 5}, {}, 0)) << "beyond the log";
  // Re-sent entries that already match change nothing.
  EXPECT_EQ(log.maybe_append({.term = 1, .index = 1}, entries_with_terms(2, {2, 2}), 0), 3u);
  EXPECT_FALSE(log.has_next_unstable_entries());
}

TEST(RaftLog, FindConflictByTermSkipsHigherTerms) {
  MemoryStorage storage;
  storage.append(entries_with_terms(1, {1, 1, 2, 4, 4, 4}));
  RaftLog log(storage, UINT64_MAX);
  EXPECT_EQ(log.find_conflict_by_term(6, 3), (EntryId{.term = 2, .index = 3}));
  EXPECT_EQ(log.find_conflict_by_term(6, 4), (EntryId{.term = 4, .index = 6}));
  EXPECT_EQ(log.find_conflict_by_term(6, 0), (EntryId{.term = 0, .index = 0}));
}

TEST(RaftLog, CommitNeedsAnEntryOfTheGivenTerm) {
  MemoryStorage storage;
  storage.append(entries_with_terms(1, {1, 2, 3}));
  RaftLog log(storage, UINT64_MAX);
  EXPECT_FALSE(log.maybe_commit({.term = 3, .index = 2})) << "index 2 has term 2";
  EXPECT_TRUE(log.maybe_commit({.term = 3, .index = 3}));
  EXPECT_EQ(log.committed(), 3u);
}

TEST(MemoryStorage, CompactKeepsTheTermBeforeTheFirstIndex) {
  MemoryStorage storage;
  storage.append(entries_with_terms(1, {1, 1, 2, 3, 3}));
  EXPECT_EQ(storage.compact(3), StorageError::kUnavailable) << "no snapshot covers index 3";
  ASSERT_EQ(storage.create_snapshot(3, {.voters = {1}, .learners = {}}, "s"), std::nullopt);
  ASSERT_EQ(storage.compact(3), std::nullopt);
  EXPECT_EQ(storage.first_index(), 4u);
  EXPECT_EQ(std::get<Term>(storage.term(3)), 2u);
  EXPECT_EQ(std::get<StorageError>(storage.term(2)), StorageError::kCompacted);
  EXPECT_EQ(std::get<StorageError>(storage.entries(3, 5, UINT64_MAX)), StorageError::kCompacted);
  // An append over the stored tail truncates it.
  storage.append(entries_with_terms(5, {4}));
  EXPECT_EQ(storage.last_index(), 5u);
  EXPECT_EQ(std::get<Term>(storage.term(5)), 4u);
}

TEST(MemoryStorage, EntriesAreSizeLimitedButAlwaysReturnOne) {
  MemoryStorage storage;
  storage.append(entries_with_terms(1, {1, 1, 1}));
  const std::uint64_t one = Entry{.data = "x"}.size_bytes();
  EXPECT_EQ(std::get<std::vector<Entry>>(storage.entries(1, 4, 0)).size(), 1u);
  EXPECT_EQ(std::get<std::vector<Entry>>(storage.entries(1, 4, 2 * one)).size(), 2u);
}

Config three_node_config(NodeId id) {
  Config config;
  config.id = id;
  config.voters = {1, 2, 3};
  return config;
}

TEST(ElectionTimeout, IsDrawnFromTheInjectedRngInTheConfiguredRange) {
  std::set<int> seen;
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    MemoryStorage storage;
    RaftNode node(three_node_config(1), storage, sim::Rng(seed));
    const int timeout = node.raft().randomized_election_timeout_ticks();
    EXPECT_GE(timeout, 10);
    EXPECT_LT(timeout, 20);
    seen.insert(timeout);
  }
  EXPECT_EQ(seen.size(), 10u) << "every value of [10, 20) shows up in 200 draws";
  // The same stream gives the same timeout: no hidden random source.
  MemoryStorage a, b;
  RaftNode first(three_node_config(1), a, sim::Rng::stream(7, "raft-1"));
  RaftNode second(three_node_config(1), b, sim::Rng::stream(7, "raft-1"));
  EXPECT_EQ(first.raft().randomized_election_timeout_ticks(),
            second.raft().randomized_election_timeout_ticks());
}

TEST(ElectionTimeout, CustomRangeForRaftStudies) {
  Config config = three_node_config(1);
  config.election_tick_min = 15;
  config.election_tick_max = 16;
  ASSERT_EQ(config.validate(), std::nullopt);
  MemoryStorage storage;
  RaftNode node(config, storage, sim::Rng(1));
  EXPECT_EQ(node.raft().randomized_election_timeout_ticks(), 15);
  // A follower campaigns exactly when its randomized timeout elapses.
  Ready bootstrap = node.ready();
  node.advance();
  for (int tick = 0; tick < 14; ++tick)
    node.tick();
  EXPECT_EQ(node.raft().role(), StateRole::kFollower);
  node.tick();
  EXPECT_EQ(node.raft().role(), StateRole::kPreCandidate);
  config.election_tick_max = 15;
  EXPECT_NE(config.validate(), std::nullopt);
}

TEST(ReadyContract, OwnVoteCountsOnlyAfterAdvance) {
  Config config;
  config.id = 1;
  config.voters = {1};
  config.pre_vote = false;
  MemoryStorage storage;
  RaftNode node(config, storage, sim::Rng(1));
  Ready boot = node.ready();
  ASSERT_TRUE(boot.hard_state.has_value());
  EXPECT_EQ(boot.hard_state->commit, 1u);
  storage.set_hard_state(*boot.hard_state);
  storage.append(boot.entries);
  node.advance();

  node.campaign();
  EXPECT_EQ(node.raft().role(), StateRole::kCandidate)
      << "a single voter still waits for its vote to be on disk";
  Ready rd = node.ready();
  EXPECT_TRUE(rd.must_sync);
  ASSERT_TRUE(rd.hard_state.has_value());
  EXPECT_EQ(rd.hard_state->vote, 1u);
  EXPECT_FALSE(node.has_ready()) << "no second Ready before advance";
  storage.set_hard_state(*rd.hard_state);
  node.advance();
  EXPECT_EQ(node.raft().role(), StateRole::kLeader);

  // The leader's own entry commits only after it is persisted and acked.
  ASSERT_EQ(node.propose("x"), StepResult::kOk);
  Ready first = node.ready();
  ASSERT_FALSE(first.entries.empty());
  EXPECT_TRUE(first.committed_entries.empty());
  storage.append(first.entries);
  node.advance();
  Ready second = node.ready();
  ASSERT_FALSE(second.committed_entries.empty());
  EXPECT_EQ(second.committed_entries.back().data, "x");
  node.advance();
}

TEST(ReadyContract, AppendAcksWaitForPersistenceButHeartbeatsDoNot) {
  MemoryStorage storage;
  RaftNode node(three_node_config(2), storage, sim::Rng(1));
  Ready boot = node.ready();
  storage.set_hard_state(*boot.hard_state);
  storage.append(boot.entries);
  node.advance();
  Message append{.type = MessageType::kApp,
                 .to = 2,
                 .from = 1,
                 .term = 2,
                 .log_term = 1,
                 .index = 3,
                 .commit = 3};
  append.entries.push_back({.term = 2, .index = 4, .data = "y"});
  ASSERT_EQ(node.step(append), StepResult::kOk);
  ASSERT_EQ(
      node.step({.type = MessageType::kHeartbeat, .to = 2, .from = 1, .term = 2, .commit = 3}),
      StepResult::kOk);
  Ready rd = node.ready();
  ASSERT_EQ(rd.messages.size(), 1u);
  EXPECT_EQ(rd.messages[0].type, MessageType::kHeartbeatResp);
  ASSERT_EQ(rd.messages_after_persist.size(), 1u);
  EXPECT_EQ(rd.messages_after_persist[0].type, MessageType::kAppResp);
  EXPECT_EQ(rd.messages_after_persist[0].index, 4u);
  EXPECT_TRUE(rd.must_sync);
  node.advance();
  EXPECT_EQ(node.step({.type = MessageType::kHup, .from = 1}),
            StepResult::kLocalMessageFromNetwork);
}

}  // namespace
}  // namespace kcsim::etcd::raft
