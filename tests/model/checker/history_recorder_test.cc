#include "model/checker/history_recorder.h"

#include <gtest/gtest.h>

#include "model/checker/linearizability.h"

namespace kcsim::checker {
namespace {

TEST(HistoryRecorder, UnansweredRequestsArePendingAndFailedOnesAreDropped) {
  HistoryRecorder recorder;
  const auto put = recorder.invoke(1, 0, KvInput::put("x", "a"));
  const auto timed_out = recorder.invoke(2, 5, KvInput::put("x", "b"));
  const auto rejected = recorder.invoke(3, 6, KvInput::put("x", "c"));
  const auto get = recorder.invoke(4, 20, KvInput::get("x"));
  recorder.complete(put, 10, KvOutput::ok());
  recorder.fail(rejected);
  recorder.complete(get, 30, KvOutput::found_value("b"));
  EXPECT_EQ(recorder.size(), 4u);
  EXPECT_EQ(recorder.pending(), 1u);
  const History history = recorder.history();
  ASSERT_EQ(history.size(), 3u);
  EXPECT_FALSE(history[0].pending());
  EXPECT_TRUE(history[1].pending());
  EXPECT_EQ(history[1].input.value, "b");
  EXPECT_EQ(history[2].return_time, 30);
  (void)timed_out;
  // The read of "b" is explained by the timed-out write having taken effect.
  EXPECT_EQ(check_linearizable(history).verdict, Verdict::kOk);
}

TEST(HistoryRecorder, AFailedRequestCannotExplainARead) {
  HistoryRecorder recorder;
  const auto rejected = recorder.invoke(3, 0, KvInput::put("x", "c"));
  const auto get = recorder.invoke(4, 20, KvInput::get("x"));
  recorder.fail(rejected);
  recorder.complete(get, 30, KvOutput::found_value("c"));
  EXPECT_EQ(check_linearizable(recorder.history()).verdict, Verdict::kIllegal);
}

// Counts what it is told.
struct CountingObserver final : HistoryObserver {
  std::size_t invoked_count = 0, completed_count = 0, failed_count = 0;
  void invoked(Ticket, const Operation&) override { ++invoked_count; }
  void completed(Ticket, sim::Time, const KvOutput&) override { ++completed_count; }
  void failed(Ticket) override { ++failed_count; }
};

TEST(HistoryRecorder, SwitchedOffItKeepsNothingButStillTellsItsObserver) {
  HistoryRecorder recorder;
  recorder.set_keeping(false);
  CountingObserver observer;
  recorder.set_observer(&observer);
  const auto a = recorder.invoke(1, 0, KvInput::put("x", "a"));
  const auto b = recorder.invoke(2, 5, KvInput::put("x", "b"));
  recorder.complete(a, 10, KvOutput::ok());
  recorder.fail(b);
  EXPECT_EQ(a, 0u);
  EXPECT_EQ(b, 1u);
  EXPECT_EQ(recorder.size(), 2u);
  EXPECT_TRUE(recorder.history().empty());
  EXPECT_EQ(observer.invoked_count, 2u);
  EXPECT_EQ(observer.completed_count, 1u);
  EXPECT_EQ(observer.failed_count, 1u);
  // Without an observer either, calls only count.
  HistoryRecorder silent;
  silent.set_keeping(false);
  const auto c = silent.invoke(1, 0, KvInput::get("x"));
  silent.complete(c, 1, KvOutput::not_found());
  EXPECT_TRUE(silent.history().empty());
  EXPECT_FALSE(silent.keeping());
}

}  // namespace
}  // namespace kcsim::checker
