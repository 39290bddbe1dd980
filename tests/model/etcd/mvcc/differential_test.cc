// A randomized differential test: the MVCC store against a trivially correct model
// that keeps every version of every key forever and answers by scanning.
//
// For many seeds, random puts, deletes, compare-and-swap txns, compactions, reads at
// random revisions and watches run on both; every answer must agree: revisions,
// errors, range results at any readable revision, watch events (with prev_kv), and
// the number of backend records compaction leaves. At the end a snapshot restored into
// a fresh store must answer every readable revision the same way.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/etcd/mvcc/store.h"
#include "sim/random.h"

namespace kcsim::etcd::mvcc {
namespace {

struct NaiveVersion {
  std::int64_t revision = 0;
  std::int64_t sub = 0;
  bool deleted = false;
  KeyValue kv;
};

class NaiveStore {
 public:
  std::int64_t current = kInitialRevision;
  std::int64_t compacted = 0;
  std::map<std::string, std::vector<NaiveVersion>> history;

  std::optional<KeyValue> at(const std::string& key, std::int64_t revision) const {
    auto it = history.find(key);
    if (it == history.end()) return std::nullopt;
    const NaiveVersion* last = nullptr;
    for (const NaiveVersion& version : it->second) {
      if (version.revision <= revision) last = &version;
    }
    if (last == nullptr || last->deleted) return std::nullopt;
    return last->kv;
  }

  std::vector<KeyValue> range(const KeyRange& range, std::int64_t revision) const {
    std::vector<KeyValue> out;
    for (const auto& [key, versions] : history) {
      if (!range.contains(key)) continue;
      if (auto kv = at(key, revision)) out.push_back(*kv);
    }
    return out;
  }

  // Writes inside one transaction at revision current + 1; `sub` counts its changes.
  void put(const std::string& key, const std::string& value, std::int64_t& sub) {
    const std::int64_t revision = current + 1;
    std::optional<KeyValue> live = at(key, revision);
    KeyValue kv{key,
                make_value(value),
                live ? live->create_revision : revision,
                revision,
                live ? live->version + 1 : 1,
                kNoLease};
    history[key].push_back(NaiveVersion{revision, sub++, false, kv});
  }

  void del(const KeyRange& range, std::int64_t& sub) {
    const std::int64_t revision = current + 1;
    for (const KeyValue& kv : this->range(range, revision)) {
      KeyValue tombstone;
      tombstone.key = kv.key;
      tombstone.mod_revision = revision;
      history[kv.key].push_back(NaiveVersion{revision, sub++, true, tombstone});
    }
  }

  void end(std::int64_t sub) {
    if (sub > 0) current += 1;
  }

  // Every change in [from, to] in (revision, sub) order, as watch events.
  std::vector<Event> events(std::int64_t from, std::int64_t to, const KeyRange& range) const {
    std::map<std::pair<std::int64_t, std::int64_t>, Event> ordered;
    for (const auto& [key, versions] : history) {
      if (!range.contains(key)) continue;
      for (const NaiveVersion& version : versions) {
        if (version.revision < from || version.revision > to) continue;
        ordered[{version.revision, version.sub}] =
            Event{version.deleted ? EventType::kDelete : EventType::kPut, version.kv, {}};
      }
    }
    std::vector<Event> out;
    for (auto& [order, event] : ordered)
      out.push_back(event);
    return out;
  }

  // The records etcd keeps after compaction at `compacted`: every version above it, and
  // per key the last version at or below it if that is a live value or a tombstone
  // exactly at the compaction.
  std::size_t expected_records() const {
    std::size_t count = 0;
    for (const auto& [key, versions] : history) {
      const NaiveVersion* last_at_or_below = nullptr;
      for (const NaiveVersion& version : versions) {
        if (version.revision > compacted) {
          ++count;
        } else {
          last_at_or_below = &version;
        }
      }
      if (last_at_or_below != nullptr &&
          (!last_at_or_below->deleted || last_at_or_below->revision == compacted)) {
        ++count;
      }
    }
    return count;
  }
};

struct WatchRecord {
  WatchId id = kInvalidWatchId;
  KeyRange range;
  std::int64_t start = 0;           // first revision expected
  std::int64_t compacted_then = 0;  // the compaction when it was created
  std::int64_t created_at = 0;      // the current revision when it was created
  bool prev_kv = false;
  std::vector<Event> received;
};

class Differential {
 public:
  explicit Differential(std::uint64_t seed) : rng_(sim::Rng::stream(seed, "mvcc-differential")) {}

  void run(int steps) {
    for (int step = 0; step < steps; ++step) {
      const std::uint64_t dice = rng_.below(100);
      if (dice < 35) {
        do_put();
      } else if (dice < 47) {
        do_delete();
      } else if (dice < 62) {
        do_txn();
      } else if (dice < 77) {
        do_read();
      } else if (dice < 83) {
        do_compact();
      } else if (dice < 88) {
        do_watch();
      } else {
        do_read_everything_readable();
      }
      ASSERT_EQ(store_.current_revision(), naive_.current);
      ASSERT_EQ(store_.kv().record_count(), naive_.expected_records()) << "step " << step;
    }
    check_watches();
    check_restore();
  }

 private:
  std::string random_key() {
    static const char* const kPrefixes[] = {"a/", "b/", "c"};
    return std::string(kPrefixes[rng_.below(3)]) + std::to_string(rng_.below(6));
  }

  KeyRange random_range() {
    switch (rng_.below(4)) {
      case 0:
        return KeyRange::single(random_key());
      case 1:
        return KeyRange::prefix(rng_.below(2) == 0 ? "a/" : "b/");
      case 2:
        return KeyRange{"a/3", "b/2"};
      default:
        return KeyRange::from_key("b/");
    }
  }

  std::string random_value() { return "v" + std::to_string(rng_.below(1000)); }

  ApplyResult apply(const Request& request) {
    ApplyResult result = store_.apply(++index_, 1, request, 0);
    for (const WatchResponse& response : result.watch_responses)
      deliver(response);
    return result;
  }

  void deliver(const WatchResponse& response) {
    for (WatchRecord& watch : watches_) {
      if (watch.id != response.watch_id) continue;
      watch.received.insert(watch.received.end(), response.events.begin(), response.events.end());
    }
  }

  void do_put() {
    const std::string key = random_key();
    const std::string value = random_value();
    ASSERT_EQ(apply(PutRequest{key, make_value(value)}).error, Error::kOk);
    std::int64_t sub = 0;
    naive_.put(key, value, sub);
    naive_.end(sub);
  }

  void do_delete() {
    const KeyRange range = random_range();
    ApplyResult result = apply(DeleteRangeRequest{range});
    ASSERT_EQ(result.error, Error::kOk);
    std::int64_t sub = 0;
    naive_.del(range, sub);
    naive_.end(sub);
    EXPECT_EQ(std::get<DeleteRangeResponse>(result.response).deleted, sub);
  }

  // Compare-and-swap on one key, against its true mod revision half of the time, with a
  // second put on another key; the failure branch deletes a range.
  void do_txn() {
    const std::string key = random_key();
    std::string other = random_key();
    if (other == key) other = key + "x";
    std::optional<KeyValue> live = naive_.at(key, naive_.current);
    std::int64_t expected = live ? live->mod_revision : 0;
    if (rng_.below(2) == 0) expected += 1;
    const std::string value = random_value();
    const KeyRange failure_range = random_range();
    TxnRequest txn;
    txn.compare.push_back(Compare::mod_revision(key, Compare::Result::kEqual, expected));
    txn.success.push_back(PutRequest{key, make_value(value)});
    txn.success.push_back(PutRequest{other, make_value(value)});
    txn.failure.push_back(DeleteRangeRequest{failure_range});
    ApplyResult result = apply(txn);
    ASSERT_EQ(result.error, Error::kOk);
    const bool succeeded = (live ? live->mod_revision : 0) == expected;
    EXPECT_EQ(std::get<TxnResponse>(result.response).succeeded, succeeded);
    std::int64_t sub = 0;
    if (succeeded) {
      naive_.put(key, value, sub);
      naive_.put(other, value, sub);
    } else {
      naive_.del(failure_range, sub);
    }
    naive_.end(sub);
  }

  void check_read(const KeyRange& range, std::int64_t revision) {
    RangeRequest request;
    request.range = range;
    request.revision = revision;
    ReadResult result = store_.range(request);
    if (revision > naive_.current) {
      EXPECT_EQ(result.error, Error::kFutureRevision);
      return;
    }
    const std::int64_t at = revision <= 0 ? naive_.current : revision;
    if (at < naive_.compacted) {
      EXPECT_EQ(result.error, Error::kCompacted);
      return;
    }
    ASSERT_EQ(result.error, Error::kOk);
    EXPECT_EQ(result.response.kvs, naive_.range(range, at)) << "at " << at;
    EXPECT_EQ(result.response.count, static_cast<std::int64_t>(result.response.kvs.size()));
  }

  void do_read() {
    const std::int64_t low = std::max<std::int64_t>(0, naive_.compacted - 2);
    const std::int64_t revision =
        low +
        static_cast<std::int64_t>(rng_.below(static_cast<std::uint64_t>(naive_.current - low + 2)));
    check_read(random_range(), revision);
  }

  void do_read_everything_readable() {
    for (std::int64_t revision = std::max<std::int64_t>(1, naive_.compacted);
         revision <= naive_.current; ++revision) {
      check_read(KeyRange::from_key(std::string(1, '\0')), revision);
    }
  }

  void do_compact() {
    const std::int64_t low = std::max<std::int64_t>(0, naive_.compacted - 1);
    const std::int64_t revision =
        low +
        static_cast<std::int64_t>(rng_.below(static_cast<std::uint64_t>(naive_.current - low + 2)));
    Error error = apply(CompactionRequest{revision}).error;
    if (revision <= naive_.compacted) {
      EXPECT_EQ(error, Error::kCompacted);
    } else if (revision > naive_.current) {
      EXPECT_EQ(error, Error::kFutureRevision);
    } else {
      EXPECT_EQ(error, Error::kOk);
      naive_.compacted = revision;
    }
  }

  void do_watch() {
    WatchRecord record;
    record.range = random_range();
    record.prev_kv = rng_.below(2) == 0;
    record.compacted_then = naive_.compacted;
    record.created_at = naive_.current;
    // Sometimes from now, sometimes from a past (possibly compacted) revision.
    std::int64_t start = 0;
    if (rng_.below(3) != 0) {
      start =
          1 + static_cast<std::int64_t>(rng_.below(static_cast<std::uint64_t>(naive_.current + 1)));
    }
    WatchCreateRequest request;
    request.range = record.range;
    request.start_revision = start;
    request.prev_kv = record.prev_kv;
    WatchCreateResult result = store_.watch(request);
    if (start > 0 && start < naive_.compacted) {
      EXPECT_EQ(result.error, Error::kCompacted);
      ASSERT_EQ(result.responses.size(), 1u);
      EXPECT_EQ(result.responses[0].compact_revision, naive_.compacted);
      return;
    }
    ASSERT_EQ(result.error, Error::kOk);
    record.id = result.watch_id;
    record.start = start > 0 ? start : naive_.current + 1;
    for (const WatchResponse& response : result.responses) {
      record.received.insert(record.received.end(), response.events.begin(), response.events.end());
    }
    watches_.push_back(std::move(record));
  }

  void check_watches() {
    for (const WatchRecord& watch : watches_) {
      std::vector<Event> expected = naive_.events(watch.start, naive_.current, watch.range);
      if (watch.prev_kv) {
        for (Event& event : expected) {
          const std::int64_t before = event.kv.mod_revision - 1;
          const bool creation = event.type == EventType::kPut && event.kv.version == 1;
          // Replayed events look prev_kv up under the compaction of their creation time.
          const bool replayed = event.kv.mod_revision <= watch.created_at;
          const bool readable = !replayed || before >= watch.compacted_then;
          if (!creation && readable) event.prev_kv = naive_.at(event.kv.key, before);
        }
      }
      ASSERT_EQ(watch.received.size(), expected.size()) << "watch " << watch.id;
      for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(watch.received[i], expected[i]) << "watch " << watch.id << " event " << i;
      }
    }
  }

  void check_restore() {
    Store restored;
    restored.restore(store_.snapshot());
    EXPECT_EQ(restored.snapshot(), store_.snapshot());
    for (std::int64_t revision = std::max<std::int64_t>(1, naive_.compacted);
         revision <= naive_.current; ++revision) {
      RangeRequest request;
      request.range = KeyRange::from_key(std::string(1, '\0'));
      request.revision = revision;
      EXPECT_EQ(restored.range(request).response.kvs, naive_.range(request.range, revision));
    }
  }

  sim::Rng rng_;
  Store store_;
  NaiveStore naive_;
  std::uint64_t index_ = 0;
  std::vector<WatchRecord> watches_;
};

TEST(Differential, StoreAgreesWithANaiveFullHistoryModelOverManySeeds) {
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    SCOPED_TRACE(::testing::Message() << "seed " << seed);
    Differential differential(seed);
    differential.run(300);
    if (::testing::Test::HasFailure()) return;  // one failing seed is enough to read
  }
}

}  // namespace
}  // namespace kcsim::etcd::mvcc
