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

}  // namespace
}  // namespace kcsim::checker
