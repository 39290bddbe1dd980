// The MVCC store's invariants hold in every build (KCSIM_ASSERT): these death tests run
// in the Release build, where the standard assert is compiled out.
#include <gtest/gtest.h>

#include "model/etcd/mvcc/kv_store.h"
#include "tests/model/etcd/mvcc/harness.h"

namespace kcsim::etcd::mvcc {
namespace {

using testing::Harness;

TEST(MvccInvariantsDeathTest, EntriesApplyInTermOrder) {
  Harness h;
  h.store.apply(1, 3, PutRequest{"a", make_value("1"), kNoLease}, 0);
  EXPECT_DEATH(h.store.apply(2, 2, PutRequest{"a", make_value("2"), kNoLease}, 0),
               "invariant failed: .*terms never go back");
}

TEST(MvccInvariantsDeathTest, ARestoredCompactionIsNotPastTheRevision) {
  KvStore kv;
  EXPECT_DEATH(kv.restore({}, 5, 6), "a restored compaction is not past the restored revision");
}

TEST(MvccInvariantsDeathTest, WritesNeedAnOpenTransaction) {
  KvStore kv;
  EXPECT_DEATH(kv.put("a", make_value("1"), kNoLease), "invariant failed: writing_");
}

TEST(MvccInvariants, RevisionsStrictlyIncreaseThroughTheApplyPath) {
  Harness h;
  std::int64_t last = h.store.current_revision();
  for (int i = 0; i < 20; ++i) {
    const std::int64_t revision = h.put("k" + std::to_string(i % 3), "v");
    EXPECT_GT(revision, last);
    last = revision;
  }
}

}  // namespace
}  // namespace kcsim::etcd::mvcc
