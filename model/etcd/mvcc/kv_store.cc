#include "model/etcd/mvcc/kv_store.h"

#include <utility>

#include "model/etcd/mvcc/backend_size.h"
#include "sim/invariant.h"

namespace kcsim::etcd::mvcc {
namespace {

std::int64_t bytes_of(const KeyValue& kv, bool tombstone) {
  return record_bytes(kv.key, tombstone ? std::size_t{0} : kv.value.size());
}

}  // namespace

std::int64_t KvStore::view_revision() const {
  return changes_.empty() ? current_revision_ : current_revision_ + 1;
}

void KvStore::for_each_key(
    const KeyRange& range,
    const std::function<void(const std::string&, const KeyIndex&)>& visit) const {
  if (range.is_single_key()) {
    auto it = index_.find(range.key);
    if (it != index_.end()) visit(it->first, it->second);
    return;
  }
  for (auto it = index_.lower_bound(range.key); it != index_.end(); ++it) {
    if (!range.contains(it->first)) break;
    visit(it->first, it->second);
  }
}

RangeResult KvStore::range(const KeyRange& range, const RangeOptions& options) const {
  return range_at(range, options, view_revision());
}

RangeResult KvStore::range_at(const KeyRange& range, const RangeOptions& options,
                              std::int64_t view_revision) const {
  RangeResult result;
  result.revision = view_revision;
  std::int64_t at = options.revision;
  if (at > view_revision) {
    result.error = Error::kFutureRevision;
    return result;
  }
  if (at <= 0) at = view_revision;
  if (at < compact_revision_) {
    result.error = Error::kCompacted;
    return result;
  }
  for_each_key(range, [&](const std::string&, const KeyIndex& key_index) {
    std::optional<KeyIndex::Found> found = key_index.get(at);
    if (!found) return;
    result.count += 1;
    if (options.count_only) return;
    if (options.limit > 0 && static_cast<std::int64_t>(result.kvs.size()) >= options.limit) {
      return;
    }
    const Record& record = records_.at(found->modified);
    KCSIM_ASSERT(!record.tombstone);
    result.kvs.push_back(record.kv);
    if (options.keys_only) result.kvs.back().value = empty_value();
  });
  return result;
}

std::optional<KeyValue> KvStore::get(const std::string& key, std::int64_t at_revision) const {
  if (at_revision < compact_revision_ || at_revision > view_revision()) return std::nullopt;
  auto it = index_.find(key);
  if (it == index_.end()) return std::nullopt;
  std::optional<KeyIndex::Found> found = it->second.get(at_revision);
  if (!found) return std::nullopt;
  return records_.at(found->modified).kv;
}

void KvStore::begin_write() {
  KCSIM_ASSERT(!writing_);
  KCSIM_ASSERT(changes_.empty());
  writing_ = true;
}

void KvStore::insert_record(Revision revision, Record record) {
  stored_bytes_ += bytes_of(record.kv, record.tombstone);
  bool inserted = records_.emplace(revision, std::move(record)).second;
  KCSIM_ASSERT(inserted);
}

std::optional<KeyValue> KvStore::put(const std::string& key, Value value, LeaseId lease) {
  KCSIM_ASSERT(writing_);
  const std::int64_t main = current_revision_ + 1;
  const Revision revision{main, static_cast<std::int64_t>(changes_.size())};
  std::optional<KeyValue> previous;
  std::int64_t create_revision = main;
  std::int64_t version = 1;
  auto it = index_.find(key);
  if (it != index_.end()) {
    if (std::optional<KeyIndex::Found> found = it->second.get(main)) {
      previous = records_.at(found->modified).kv;
      KCSIM_ASSERT_MSG(previous->mod_revision <= current_revision_,
                       "a key's mod revision is never past the current revision");
      KCSIM_ASSERT_MSG(previous->create_revision <= previous->mod_revision,
                       "a key is created no later than it is modified");
      create_revision = found->created.main;
      version = found->version + 1;
    }
  } else {
    it = index_.emplace(key, KeyIndex{}).first;
  }
  KeyValue kv{key, std::move(value), create_revision, main, version, lease};
  it->second.put(revision);
  insert_record(revision, Record{kv, false});
  changes_.push_back(Event{EventType::kPut, std::move(kv), std::nullopt});
  return previous;
}

std::vector<KeyValue> KvStore::delete_range(const KeyRange& range) {
  KCSIM_ASSERT(writing_);
  RangeResult live = range_at(range, RangeOptions{}, view_revision());
  KCSIM_ASSERT(live.error == Error::kOk);
  const std::int64_t main = current_revision_ + 1;
  for (const KeyValue& previous : live.kvs) {
    const Revision revision{main, static_cast<std::int64_t>(changes_.size())};
    bool deleted = index_.at(previous.key).tombstone(revision);
    KCSIM_ASSERT(deleted);
    KeyValue tombstone;
    tombstone.key = previous.key;
    tombstone.mod_revision = main;
    insert_record(revision, Record{tombstone, true});
    changes_.push_back(Event{EventType::kDelete, std::move(tombstone), std::nullopt});
  }
  return std::move(live.kvs);
}

std::vector<Event> KvStore::end_write() {
  KCSIM_ASSERT(writing_);
  writing_ = false;
  if (changes_.empty()) return {};
  const std::int64_t previous_revision = current_revision_;
  current_revision_ += 1;
  // Every change of one write carries the one new revision: revisions strictly increase.
  KCSIM_ASSERT_MSG(current_revision_ > previous_revision, "revisions strictly increase");
  KCSIM_ASSERT_MSG(changes_.front().kv.mod_revision == current_revision_,
                   "a write's changes carry the revision it creates");
  KCSIM_ASSERT_MSG(changes_.back().kv.mod_revision == current_revision_,
                   "a write's changes carry the revision it creates");
  return std::exchange(changes_, {});
}

Error KvStore::compact(std::int64_t at_revision) {
  KCSIM_ASSERT(!writing_);
  if (at_revision <= compact_revision_) return Error::kCompacted;
  if (at_revision > current_revision_) return Error::kFutureRevision;
  KCSIM_ASSERT_MSG(at_revision > compact_revision_, "compaction never goes back");
  KCSIM_ASSERT_MSG(at_revision <= current_revision_,
                   "compaction never goes past the current revision");
  compact_revision_ = at_revision;
  for (auto it = index_.begin(); it != index_.end();) {
    for (const Revision& removed : it->second.compact(at_revision)) {
      auto record = records_.find(removed);
      KCSIM_ASSERT(record != records_.end());
      stored_bytes_ -= bytes_of(record->second.kv, record->second.tombstone);
      records_.erase(record);
    }
    it = it->second.empty() ? index_.erase(it) : std::next(it);
  }
  KCSIM_ASSERT(stored_bytes_ >= 0);
  return Error::kOk;
}

std::vector<Event> KvStore::history(std::int64_t from_revision, std::int64_t to_revision) const {
  KCSIM_ASSERT(from_revision >= compact_revision_);
  std::vector<Event> events;
  for (auto it = records_.lower_bound(Revision{from_revision, 0});
       it != records_.end() && it->first.main <= to_revision; ++it) {
    const EventType type = it->second.tombstone ? EventType::kDelete : EventType::kPut;
    events.push_back(Event{type, it->second.kv, std::nullopt});
  }
  return events;
}

std::vector<StoredRevision> KvStore::records() const {
  std::vector<StoredRevision> out;
  out.reserve(records_.size());
  for (const auto& [revision, record] : records_) {
    out.push_back(StoredRevision{revision, record.kv, record.tombstone});
  }
  return out;
}

void KvStore::restore(const std::vector<StoredRevision>& records, std::int64_t current_revision,
                      std::int64_t compact_revision) {
  KCSIM_ASSERT(!writing_);
  KCSIM_ASSERT(current_revision >= kInitialRevision);
  index_.clear();
  records_.clear();
  stored_bytes_ = 0;
  KCSIM_ASSERT_MSG(compact_revision <= current_revision,
                   "a restored compaction is not past the restored revision");
  current_revision_ = current_revision;
  compact_revision_ = compact_revision;
  for (const StoredRevision& stored : records) {
    KCSIM_ASSERT(stored.revision.main <= current_revision);
    auto it = index_.find(stored.kv.key);
    if (it != index_.end()) {
      if (stored.tombstone) {
        it->second.tombstone(stored.revision);
      } else {
        it->second.put(stored.revision);
      }
    } else {
      KeyIndex key_index;
      if (stored.tombstone) {
        key_index.restore_tombstone(stored.revision);
      } else {
        key_index.restore(Revision{stored.kv.create_revision, 0}, stored.revision,
                          stored.kv.version);
      }
      index_.emplace(stored.kv.key, std::move(key_index));
    }
    insert_record(stored.revision, Record{stored.kv, stored.tombstone});
  }
}

}  // namespace kcsim::etcd::mvcc
