#include "model/checker/incremental_checker.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "sim/random.h"
#include "tests/model/checker/history_builder.h"

namespace kcsim::checker {
namespace {

// n concurrent writes, then a read of a value none wrote: illegal, but proving it takes
// about n * 2^(n-1) cached states (linearizability_test.cc).
void hard_key(HistoryRecorder& recorder, int writers) {
  std::vector<Ticket> tickets;
  for (int i = 0; i < writers; ++i)
    tickets.push_back(recorder.invoke(i, 0, KvInput::put("x", "v" + std::to_string(i))));
  for (Ticket ticket : tickets)
    recorder.complete(ticket, 100, KvOutput::ok());
  const Ticket read = recorder.invoke(writers, 200, KvInput::get("x"));
  recorder.complete(read, 210, KvOutput::found_value("never-written"));
}

TEST(IncrementalChecker, FailedRequestsLeaveTheHistoryAndPendingWritesStayIn) {
  IncrementalChecker checker;
  HistoryRecorder recorder;
  recorder.set_observer(&checker);
  const Ticket rejected = recorder.invoke(1, 0, KvInput::put("x", "c"));
  const Ticket timed_out = recorder.invoke(2, 0, KvInput::put("x", "b"));
  const Ticket read = recorder.invoke(3, 20, KvInput::get("x"));
  recorder.fail(rejected);
  recorder.complete(read, 30, KvOutput::found_value("b"));
  EXPECT_EQ(checker.verdict(), Verdict::kOk);  // the timed-out write explains the read
  EXPECT_EQ(check_linearizable(recorder.history()).verdict, Verdict::kOk);
  const Ticket late = recorder.invoke(4, 40, KvInput::get("x"));
  recorder.complete(late, 50, KvOutput::found_value("c"));  // the rejected write's value
  EXPECT_EQ(checker.verdict(), Verdict::kIllegal);
  EXPECT_EQ(check_linearizable(recorder.history()).verdict, Verdict::kIllegal);
  (void)timed_out;
}

TEST(IncrementalChecker, AnUnknownKeyIsSearchedAgainOnlyOnceItsHistoryDoubled) {
  CheckOptions options;
  options.max_steps_per_key = 1'000;
  IncrementalChecker checker(options);
  HistoryRecorder recorder;
  recorder.set_observer(&checker);
  hard_key(recorder, 16);  // 17 operations
  EXPECT_EQ(checker.verdict(), Verdict::kUnknown);
  EXPECT_EQ(checker.searches(), 1u);
  // Another 16 operations on the key: not yet double.
  for (int i = 0; i < 16; ++i) {
    const Ticket t = recorder.invoke(100 + i, 300 + 20 * i, KvInput::get("x"));
    recorder.complete(t, 310 + 20 * i, KvOutput::found_value("never-written"));
  }
  EXPECT_EQ(checker.verdict(), Verdict::kUnknown);
  EXPECT_EQ(checker.searches(), 1u);
  EXPECT_NE(checker.result().explanation.find("step bound"), std::string::npos);
  // The 34th: double the 17 searched.
  const Ticket t = recorder.invoke(200, 1000, KvInput::get("x"));
  recorder.complete(t, 1010, KvOutput::found_value("never-written"));
  EXPECT_EQ(checker.verdict(), Verdict::kUnknown);
  EXPECT_EQ(checker.searches(), 2u);
  // Other keys are searched as usual meanwhile.
  const Ticket y = recorder.invoke(300, 2000, KvInput::put("y", "a"));
  recorder.complete(y, 2010, KvOutput::ok());
  EXPECT_EQ(checker.verdict(), Verdict::kUnknown);
  EXPECT_EQ(checker.searches(), 3u);
}

// Replays a history into a recorder in time order (calls, returns; a pending operation
// never returns), asking the incremental checker for its verdict now and then, and
// compares every answer with the whole-history check of what was recorded so far.
TEST(IncrementalChecker, AgreesWithTheWholeHistoryCheckAtEveryPoint) {
  std::size_t illegal = 0;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    sim::Rng rng = sim::Rng::stream(seed, "checker/incremental");
    testing::GeneratorOptions options;
    options.operations = 80;
    options.clients = 4;
    options.keys = 3;
    options.record_revisions = seed % 2 == 0;
    History history = testing::generate_history(rng, options);
    if (seed % 3 == 0) {  // a read made to see some value it may not have seen
      for (Operation& op : history) {
        if (op.input.kind == OpKind::kGet && !op.pending() && rng.chance(0.1)) {
          op.output = KvOutput::found_value("v" + std::to_string(rng.below(40)));
          op.output.revision.reset();
          break;
        }
      }
    }
    struct Event {
      sim::Time time;
      bool is_return;
      std::size_t op;
    };
    std::vector<Event> events;
    for (std::size_t i = 0; i < history.size(); ++i) {
      events.push_back({history[i].call_time, false, i});
      if (!history[i].pending()) events.push_back({history[i].return_time, true, i});
    }
    std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
      if (a.time != b.time) return a.time < b.time;
      return a.is_return < b.is_return;
    });
    IncrementalChecker incremental;
    HistoryRecorder recorder;
    recorder.set_observer(&incremental);
    std::vector<Ticket> tickets(history.size());
    for (std::size_t e = 0; e < events.size(); ++e) {
      const Operation& op = history[events[e].op];
      if (events[e].is_return) {
        recorder.complete(tickets[events[e].op], op.return_time, op.output);
      } else {
        tickets[events[e].op] = recorder.invoke(op.client_id, op.call_time, op.input);
      }
      if (rng.chance(0.2) || e + 1 == events.size()) {
        const Verdict whole = check_linearizable(recorder.history()).verdict;
        ASSERT_EQ(incremental.verdict(), whole) << "seed " << seed << " event " << e;
        illegal += whole == Verdict::kIllegal ? 1 : 0;
      }
    }
  }
  EXPECT_GT(illegal, 0u);  // the corrupted reads are exercised
}

}  // namespace
}  // namespace kcsim::checker
