// The watch checker fails on each way a watch can break its guarantee.
#include "model/etcd/member/watch_log.h"

#include <gtest/gtest.h>

namespace kcsim::etcd {
namespace {

// Revisions 2..6: puts of /a/0, /b/0, /a/1, /a/0, then a delete of /a/1.
mvcc::KvStore reference() {
  mvcc::KvStore kv;
  for (const char* key : {"/a/0", "/b/0", "/a/1", "/a/0"}) {
    kv.begin_write();
    kv.put(key, mvcc::make_value(std::string("v-") + key), mvcc::kNoLease);
    kv.end_write();
  }
  kv.begin_write();
  kv.delete_range(mvcc::KeyRange::single("/a/1"));
  kv.end_write();
  return kv;
}

// What a correct watcher of /a/ from `start` receives up to `last`.
std::vector<mvcc::Event> events(const mvcc::KvStore& kv, std::int64_t start, std::int64_t last) {
  std::vector<mvcc::Event> out;
  for (mvcc::Event& e : kv.history(start, last)) {
    if (e.kv.key.starts_with("/a/")) out.push_back(std::move(e));
  }
  return out;
}

WatchCheck check_one(const mvcc::KvStore& kv, std::int64_t start, std::vector<mvcc::Event> got) {
  WatchLog log;
  const std::size_t segment = log.begin(0, mvcc::KeyRange::prefix("/a/"), start);
  log.record(segment, got);
  return log.check(kv);
}

TEST(WatchLog, AcceptsTheExactHistory) {
  const mvcc::KvStore kv = reference();
  const WatchCheck result = check_one(kv, 2, events(kv, 2, 6));
  EXPECT_EQ(result.segments_checked, 1u);
  EXPECT_EQ(result.violations, 0u);
  EXPECT_EQ(check_one(kv, 3, events(kv, 3, 5)).violations, 0u);  // a later start, still going
}

TEST(WatchLog, CatchesAGapADuplicateAndAReordering) {
  const mvcc::KvStore kv = reference();
  const std::vector<mvcc::Event> all = events(kv, 2, 6);  // revisions 2, 4, 5, 6
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(check_one(kv, 2, {all[0], all[2], all[3]}).violations, 1u);          // gap
  EXPECT_EQ(check_one(kv, 2, {all[0], all[1], all[1], all[2]}).violations, 1u);  // duplicate
  EXPECT_EQ(check_one(kv, 2, {all[1], all[0]}).violations, 1u);                  // order
  EXPECT_EQ(check_one(kv, 3, {all[0]}).violations, 1u);                          // before its start
}

TEST(WatchLog, CatchesAWrongValue) {
  const mvcc::KvStore kv = reference();
  std::vector<mvcc::Event> got = events(kv, 2, 4);
  got.back().kv.value = mvcc::make_value("something else");
  const WatchCheck result = check_one(kv, 2, got);
  EXPECT_EQ(result.violations, 1u);
  EXPECT_NE(result.first_violation.find("/a/1 @4"), std::string::npos) << result.first_violation;
}

TEST(WatchLog, ASegmentTheReferenceCompactedIsNotVerifiable) {
  mvcc::KvStore kv = reference();
  const std::vector<mvcc::Event> got = events(kv, 2, 6);
  ASSERT_EQ(kv.compact(4), mvcc::Error::kOk);
  const WatchCheck result = check_one(kv, 2, got);
  EXPECT_EQ(result.segments_checked, 0u);
  EXPECT_EQ(result.segments_unverifiable, 1u);
}

}  // namespace
}  // namespace kcsim::etcd
