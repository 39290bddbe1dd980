// The max-inflight filter (APF off).
#include "model/apiserver/flowcontrol/max_inflight.h"

#include <gtest/gtest.h>

#include "model/apiserver/flowcontrol/admission_control.h"
#include "tests/model/apiserver/flowcontrol/test_requests.h"

namespace kcsim::flowcontrol {
namespace {

using testing::ordinary_user;
using testing::request;
using testing::user;

TEST(MaxInflight, TwoPoolsOf400And200) {
  MaxInflightFilter filter(MaxInflightConfig{});
  const api::ApiRequest get =
      request(api::Verb::kGet, api::Kind::kPod, "d", ordinary_user("a"), "p");
  const api::ApiRequest create =
      request(api::Verb::kCreate, api::Kind::kPod, "d", ordinary_user("a"));
  std::vector<Handle> reads;
  for (int i = 0; i < 400; ++i) {
    const Admission a = filter.admit(get);
    ASSERT_EQ(a.outcome, Admission::Outcome::kExecute);
    reads.push_back(a.handle);
  }
  const Admission full = filter.admit(get);
  EXPECT_EQ(full.outcome, Admission::Outcome::kRejected);
  EXPECT_EQ(full.retry_after_seconds, 1);
  // The mutating pool is separate.
  for (int i = 0; i < 200; ++i) {
    ASSERT_EQ(filter.admit(create).outcome, Admission::Outcome::kExecute);
  }
  EXPECT_EQ(filter.admit(create).outcome, Admission::Outcome::kRejected);
  EXPECT_EQ(filter.dropped_readonly(), 1u);
  EXPECT_EQ(filter.dropped_mutating(), 1u);
  // Watches are long-running: no slot.
  EXPECT_EQ(
      filter.admit(request(api::Verb::kWatch, api::Kind::kPod, "", ordinary_user("a"))).outcome,
      Admission::Outcome::kExecute);
  EXPECT_EQ(filter.readonly_in_flight(), 400);
  // system:masters is served even when full.
  api::ApiRequest admin_get = get;
  admin_get.user = user("admin", {"system:masters"});
  EXPECT_EQ(filter.admit(admin_get).outcome, Admission::Outcome::kExecute);
  // A finish frees a slot.
  filter.finish(reads.front());
  EXPECT_EQ(filter.admit(get).outcome, Admission::Outcome::kExecute);
}

TEST(MaxInflight, SelectableThroughAdmissionControl) {
  AdmissionControl control(AdmissionMode::kMaxInflight, FlowControlConfig{}, 0);
  EXPECT_EQ(control.apf(), nullptr);
  EXPECT_EQ(control.next_deadline(), sim::kTimeNever);
  const Admission a =
      control.enqueue(request(api::Verb::kList, api::Kind::kPod, "", ordinary_user("a")), 0);
  EXPECT_EQ(a.outcome, Admission::Outcome::kExecute);
  Wakeup w;
  control.finish(a.handle, 1, &w);
  EXPECT_EQ(control.max_inflight()->readonly_in_flight(), 0);
}

}  // namespace
}  // namespace kcsim::flowcontrol
