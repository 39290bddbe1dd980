// Where two traces part, with bounded context from both sides.
#include <gtest/gtest.h>

#include <sstream>

#include "reports/diff/trace_diff.h"

namespace kcsim::reports {
namespace {

TEST(TraceDiff, TheSameTracesAreTheSame) {
  std::istringstream a("x\ny\n");
  std::istringstream b("x\ny\n");
  EXPECT_TRUE(first_divergence(a, b, 3).same);
}

TEST(TraceDiff, FindsTheFirstDifferenceWithContext) {
  std::istringstream a("1\n2\n3\n4\nA5\nA6\nA7\n");
  std::istringstream b("1\n2\n3\n4\nB5\nB6\n");
  const TraceDivergence d = first_divergence(a, b, 2);
  EXPECT_FALSE(d.same);
  EXPECT_EQ(d.index, 4u);
  EXPECT_EQ(d.before, (std::vector<std::string>{"3", "4"}));
  EXPECT_EQ(d.a_after, (std::vector<std::string>{"A5", "A6"}));
  EXPECT_EQ(d.b_after, (std::vector<std::string>{"B5", "B6"}));
}

TEST(TraceDiff, OneSideMayEndFirst) {
  std::istringstream a("1\n2\n");
  std::istringstream b("1\n2\n3\n");
  const TraceDivergence d = first_divergence(a, b, 5);
  EXPECT_FALSE(d.same);
  EXPECT_EQ(d.index, 2u);
  EXPECT_TRUE(d.a_after.empty());
  EXPECT_EQ(d.b_after, (std::vector<std::string>{"3"}));
}

TEST(TraceDiff, TheFilterComparesModelEventsOnly) {
  std::istringstream a(R"({"t":1,"kind":"timer"}
{"t":2,"kind":"note","label":"etcd.leader_elected","detail":2}
)");
  std::istringstream b(R"({"t":7,"kind":"timer"}
{"t":2,"kind":"note","label":"etcd.leader_elected","detail":2}
)");
  EXPECT_TRUE(first_divergence(a, b, 2, is_model_event).same);
  EXPECT_EQ(trace_time(R"({"t":5104263155,"kind":"deliver"})"), 5104263155LL);
  EXPECT_EQ(trace_time("{}"), -1);
}

}  // namespace
}  // namespace kcsim::reports
