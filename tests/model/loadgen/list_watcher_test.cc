// The list-watch client: the reflector's list, watch, resume and relist.
#include "model/loadgen/list_watcher.h"

#include <gtest/gtest.h>

#include "tests/model/loadgen/load_world.h"

namespace kcsim::loadgen {
namespace {

using client::testing::FakeReplica;
using client::testing::Received;
using testing::LoadWorld;

constexpr sim::Label kClose{"test.close"};

api::ApiResponse list_answer(std::int64_t rv) {
  api::ApiResponse response;
  response.code = api::Code::kOk;
  response.list_resource_version = rv;
  return response;
}

api::WatchEvent event(api::WatchEventType type, std::int64_t rv) {
  api::WatchEvent e;
  e.type = type;
  if (type == api::WatchEventType::kBookmark) {
    e.resource_version = rv;
  } else {
    e.object.resource_version = rv;
  }
  if (type == api::WatchEventType::kError) e.error_code = api::Code::kGone;
  return e;
}

ClientGroupSpec watch_group() {
  ClientGroupSpec spec;
  spec.name = "informers";
  spec.count = 0;
  spec.resource = "pods";
  spec.watchers = 1;
  return spec;
}

TEST(ListWatcher, RelistsFromTheLastVersionAfter410ThenConsistentlyAfterAnExpiredList) {
  LoadWorld w;
  int lists = 0;
  int watches = 0;
  w.add_replica([&](const Received& got, FakeReplica& replica) -> std::optional<api::ApiResponse> {
    if (got.request.verb == api::Verb::kList) {
      ++lists;
      if (lists == 1) return list_answer(100);
      if (lists == 2) {
        api::ApiResponse expired;
        expired.code = api::Code::kGone;
        expired.reason = api::Reason::kExpired;
        return expired;
      }
      return list_answer(200);
    }
    ++watches;
    if (watches == 1) {
      replica.emit(got, event(api::WatchEventType::kAdded, 105));
      replica.emit(got, event(api::WatchEventType::kBookmark, 110));
      replica.emit(got, event(api::WatchEventType::kError, 0));
    }
    return std::nullopt;
  });
  w.add_watcher(w.group(watch_group()));
  w.sim.run_until(sim::kMinute);
  const auto& r = w.logs[0]->received;
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r[0].request.verb, api::Verb::kList);
  EXPECT_EQ(r[0].request.options.rv_match, api::RvMatch::kAny);  // "0"
  EXPECT_EQ(r[1].request.verb, api::Verb::kWatch);
  EXPECT_EQ(r[1].request.options.resource_version, 100);
  EXPECT_TRUE(r[1].request.options.allow_watch_bookmarks);
  EXPECT_GE(r[1].request.options.timeout, 5 * sim::kMinute);
  EXPECT_LT(r[1].request.options.timeout, 10 * sim::kMinute);
  // After the 410: a list from the last version seen (the bookmark's), after the back-off.
  EXPECT_EQ(r[2].request.verb, api::Verb::kList);
  EXPECT_EQ(r[2].request.options.rv_match, api::RvMatch::kNotOlderThan);
  EXPECT_EQ(r[2].request.options.resource_version, 110);
  const sim::Time gap = r[2].at - r[1].at;  // the Error event's trip, then the back-off
  EXPECT_GE(gap, 800 * sim::kMillisecond);
  EXPECT_LT(gap, 1600 * sim::kMillisecond + 4 * sim::kMillisecond);
  // That list expired: the next is a consistent one.
  EXPECT_EQ(r[3].request.verb, api::Verb::kList);
  EXPECT_EQ(r[3].request.options.rv_match, api::RvMatch::kUnset);
  EXPECT_EQ(r[4].request.verb, api::Verb::kWatch);
  EXPECT_EQ(r[4].request.options.resource_version, 200);
  EXPECT_EQ(w.metric(R"(loadgen_relists_total{group="informers"})"), 2);
  EXPECT_EQ(w.metric(R"(loadgen_watch_events_total{group="informers"})"), 2);
}

TEST(ListWatcher, AClosedWatchResumesAtOnceFromTheLastVersion) {
  LoadWorld w;
  int watches = 0;
  w.add_replica([&](const Received& got, FakeReplica& replica) -> std::optional<api::ApiResponse> {
    if (got.request.verb == api::Verb::kList) return list_answer(100);
    if (++watches == 1) {
      replica.emit(got, event(api::WatchEventType::kModified, 101));
      replica.after(10 * sim::kSecond, kClose, [&replica, got] { replica.close_watch(got); });
    }
    return std::nullopt;
  });
  w.add_watcher(w.group(watch_group()));
  w.sim.run_until(sim::kMinute);
  const auto& r = w.logs[0]->received;
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[2].request.verb, api::Verb::kWatch);
  EXPECT_EQ(r[2].request.options.resource_version, 101);
  // The FIN's trip back and the new WATCH's trip out: no back-off, no relist.
  EXPECT_EQ(r[2].at - r[1].at, 10 * sim::kSecond + 2 * sim::kMillisecond);
  EXPECT_EQ(w.metric(R"(loadgen_watch_resumes_total{group="informers"})"), 1);
  EXPECT_EQ(w.metric(R"(loadgen_relists_total{group="informers"})"), 1);
}

TEST(ListWatcher, AVeryShortWatchRelistsAfterTheBackoff) {
  LoadWorld w;
  int watches = 0;
  w.add_replica([&](const Received& got, FakeReplica& replica) -> std::optional<api::ApiResponse> {
    if (got.request.verb == api::Verb::kList) return list_answer(100);
    if (++watches == 1) replica.close_watch(got);  // closed at once, no event
    return std::nullopt;
  });
  w.add_watcher(w.group(watch_group()));
  w.sim.run_until(sim::kMinute);
  const auto& r = w.logs[0]->received;
  ASSERT_GE(r.size(), 3u);
  EXPECT_EQ(r[2].request.verb, api::Verb::kList);
  EXPECT_GE(r[2].at - r[1].at, 800 * sim::kMillisecond);
}

}  // namespace
}  // namespace kcsim::loadgen
