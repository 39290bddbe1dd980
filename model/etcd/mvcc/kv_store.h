// The multi-version key-value store: etcd's store (server/storage/mvcc/kvstore*.go)
// without its backend, as a pure data structure.
//
// Contract:
//  - Holds every revision of every key that compaction has not removed: an in-memory
//    key index (key -> KeyIndex) and the backend records (revision -> KeyValue).
//  - The current main revision starts at kInitialRevision (1). A write transaction
//    (begin_write ... end_write) gives all its changes main revision current + 1 and
//    sub revisions 0, 1, 2, ...; end_write makes that the current revision only if the
//    transaction changed something (a delete that matched nothing changes nothing).
//  - Reads inside a write transaction see the transaction's own earlier writes
//    (etcd's storeTxnWrite.Range).
//  - range at revision r: r > current -> kFutureRevision; r <= 0 -> current;
//    r < compact_revision -> kCompacted. The result's `revision` is the current one.
//  - compact(r): kCompacted if r <= compact_revision, kFutureRevision if r > current;
//    afterwards every read at a revision >= r answers exactly as before, and the records
//    only reachable from revisions < r are gone.
//  - Leases are not checked here: the Store checks and attaches them.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/etcd/mvcc/error.h"
#include "model/etcd/mvcc/key_index.h"
#include "model/etcd/mvcc/key_range.h"
#include "model/etcd/mvcc/key_value.h"
#include "model/etcd/mvcc/revision.h"

namespace kcsim::etcd::mvcc {

// One backend record: a revision of a key, or a tombstone (whose kv holds only the key
// and the delete's revision).
struct StoredRevision {
  Revision revision;
  KeyValue kv;
  bool tombstone = false;

  friend bool operator==(const StoredRevision&, const StoredRevision&) = default;
};

struct RangeOptions {
  std::int64_t limit = 0;     // <= 0: no limit on the returned kvs (count is always total)
  std::int64_t revision = 0;  // <= 0: the current revision (of the transaction, in a write)
  bool count_only = false;
  bool keys_only = false;
};

struct RangeResult {
  Error error = Error::kOk;
  std::vector<KeyValue> kvs;
  std::int64_t count = 0;
  std::int64_t revision = 0;  // the store's current revision
};

class KvStore {
 public:
  std::int64_t current_revision() const { return current_revision_; }
  // The last compaction's revision; 0 before any compaction.
  std::int64_t compact_revision() const { return compact_revision_; }

  RangeResult range(const KeyRange& range, const RangeOptions& options) const;

  // The key's state at `at_revision`, if it existed then and that revision is readable.
  std::optional<KeyValue> get(const std::string& key, std::int64_t at_revision) const;

  // --- write transactions: at most one open at a time -------------------------------
  void begin_write();
  bool writing() const { return writing_; }
  // Writes `key`; returns the key's previous state (none if it did not exist).
  std::optional<KeyValue> put(const std::string& key, Value value, LeaseId lease);
  // Deletes the live keys of `range`, in key order; returns their previous states.
  std::vector<KeyValue> delete_range(const KeyRange& range);
  // Ends the transaction; returns its changes as events (in sub-revision order).
  std::vector<Event> end_write();

  Error compact(std::int64_t at_revision);

  // Every change with a main revision in [from_revision, to_revision], in revision
  // order, as watch events (without prev_kv). `from_revision` must not be compacted.
  std::vector<Event> history(std::int64_t from_revision, std::int64_t to_revision) const;

  // Bytes of backend records in use (see backend_size.h).
  std::int64_t stored_bytes() const { return stored_bytes_; }
  std::size_t key_count() const { return index_.size(); }  // includes keys kept as tombstones
  std::size_t record_count() const { return records_.size(); }

  // --- snapshots ------------------------------------------------------------------
  std::vector<StoredRevision> records() const;
  // Replaces the whole state, rebuilding the key index from the records the way etcd's
  // restoreIntoIndex does. `records` must be in revision order.
  void restore(const std::vector<StoredRevision>& records, std::int64_t current_revision,
               std::int64_t compact_revision);

 private:
  struct Record {
    KeyValue kv;
    bool tombstone = false;
  };

  std::int64_t view_revision() const;
  RangeResult range_at(const KeyRange& range, const RangeOptions& options,
                       std::int64_t view_revision) const;
  void for_each_key(const KeyRange& range,
                    const std::function<void(const std::string&, const KeyIndex&)>& visit) const;
  void insert_record(Revision revision, Record record);

  std::int64_t current_revision_ = kInitialRevision;
  std::int64_t compact_revision_ = 0;
  std::int64_t stored_bytes_ = 0;
  std::map<std::string, KeyIndex, std::less<>> index_;
  std::map<Revision, Record> records_;
  bool writing_ = false;
  std::vector<Event> changes_;
};

}  // namespace kcsim::etcd::mvcc
