// The MVCC store of one etcd member: key-value store, leases, backend quota and
// watchers, with the entry point that applies committed Raft entries.
//
// Contract:
//  - `apply(index, term, request, now)` applies one committed entry. Entries at or
//    below the consistent index are skipped (applied = false, nothing changes): etcd
//    stores the consistent index with the data, so that replaying the log after a
//    restart does not apply an entry twice. Every other entry moves the consistent
//    index, whether it succeeds or fails.
//  - One write request is one write transaction: a Put, a DeleteRange that deleted
//    something, a Txn with changes, or a LeaseRevoke whose lease had keys advances the
//    revision by exactly one. The watch responses it causes come back in the result,
//    for the caller to deliver.
//  - Txn: the compares are evaluated against the current revision; a missing key
//    compares as a KeyValue of zeros, except that a VALUE compare on it fails. The
//    chosen branch is checked first (a put's lease must exist; ignore_value and
//    ignore_lease need the key): a failed check fails the whole txn with no change.
//  - Quota (etcd's quotaApplierV3 then applierV3Capped): with no alarm, a Put, a Txn
//    with puts or a LeaseGrant whose cost does not fit (file_bytes + cost >=
//    quota_backend_bytes) is still applied, returns kNoSpace, and raises the NOSPACE
//    alarm. etcd raises it with a separate Alarm entry proposed by the member; here it
//    is raised at the same index on every member, deterministically. While the alarm
//    is active such requests fail with kNoSpace and change nothing; Range, DeleteRange,
//    Compaction, LeaseRevoke and LeaseCheckpoint still work. The alarm is cleared by an
//    applied AlarmRequest{kDeactivate}, normally after `defragment()`.
//  - Time only enters as `now`, for lease expiries on the primary.
//  - Reads (`range`) and watches are member-local and never go through `apply`.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "model/etcd/mvcc/backend_size.h"
#include "model/etcd/mvcc/error.h"
#include "model/etcd/mvcc/kv_store.h"
#include "model/etcd/mvcc/lessor.h"
#include "model/etcd/mvcc/request_checks.h"
#include "model/etcd/mvcc/requests.h"
#include "model/etcd/mvcc/snapshot.h"
#include "model/etcd/mvcc/watchers.h"
#include "sim/time.h"

namespace kcsim::etcd::mvcc {

inline constexpr std::int64_t kDefaultQuotaBackendBytes = 2LL * 1024 * 1024 * 1024;

struct StoreConfig {
  // --quota-backend-bytes: 0 means the default (2 GiB), a negative value no quota.
  std::int64_t quota_backend_bytes = kDefaultQuotaBackendBytes;
  RequestLimits limits;
  std::int64_t min_lease_ttl_seconds = kDefaultMinLeaseTtlSeconds;
};

struct ApplyResult {
  bool applied = false;  // false: the entry was at or below the consistent index
  Error error = Error::kOk;
  Response response;  // set when the request was executed, even with kNoSpace
  std::vector<WatchResponse> watch_responses;
  bool nospace_alarm_raised = false;
};

struct ReadResult {
  Error error = Error::kOk;
  RangeResponse response;
};

class Store {
 public:
  explicit Store(StoreConfig config = {});

  // --- the replicated path ----------------------------------------------------------
  ApplyResult apply(std::uint64_t index, std::uint64_t term, const Request& request, sim::Time now);
  std::uint64_t consistent_index() const { return consistent_index_; }
  std::uint64_t consistent_term() const { return consistent_term_; }

  // --- checks before proposing --------------------------------------------------------
  Error check_request(const Request& request) const;
  // kNoSpace when the alarm is active or the request's cost would not fit; the member
  // then proposes AlarmRequest{kActivate}, as etcd's quotaKVServer does.
  Error check_quota(const Request& request) const;

  // --- member-local reads and watches -------------------------------------------------
  ReadResult range(const RangeRequest& request) const;
  WatchCreateResult watch(const WatchCreateRequest& request);
  bool cancel_watch(WatchId id) { return watchers_.cancel(id); }
  std::vector<WatchResponse> progress_notifications() const;
  // etcd's RequestProgress for the stream holding watchers `ids`: one response with
  // watch_id -1 and the current revision when they are all synced, else none
  // (Watchers::request_progress_all).
  std::optional<WatchResponse> request_progress(const std::vector<WatchId>& ids) const {
    return watchers_.request_progress_all(ids, kv_);
  }

  // --- member-local lease timing ------------------------------------------------------
  KeepAliveResult lease_keep_alive(LeaseId id, sim::Time now) {
    return lessor_.keep_alive(id, now);
  }
  std::vector<LeaseId> expired_leases(sim::Time now, std::size_t max_count) const {
    return lessor_.expired(now, max_count);
  }
  void promote(sim::Time now, sim::Time extend) { lessor_.promote(now, extend); }
  void demote() { lessor_.demote(); }

  // --- backend ---------------------------------------------------------------------
  void defragment() { backend_.defragment(); }
  const BackendSize& backend() const { return backend_; }
  bool nospace_alarm() const { return nospace_alarm_; }
  std::int64_t quota_backend_bytes() const;  // after the 0 = default rule; <= 0: none

  // --- state ------------------------------------------------------------------------
  std::int64_t current_revision() const { return kv_.current_revision(); }
  std::int64_t compact_revision() const { return kv_.compact_revision(); }
  const KvStore& kv() const { return kv_; }
  const Lessor& lessor() const { return lessor_; }
  const Watchers& watchers() const { return watchers_; }

  StoreSnapshot snapshot() const;
  // Replaces the state with `snapshot`. Watchers stay and catch up to the new state;
  // their responses (or compaction notices) are returned. Lease expiries become
  // kTimeNever until the next promote, as after etcd's lessor.Recover.
  std::vector<WatchResponse> restore(const StoreSnapshot& snapshot);

 private:
  struct Outcome {
    Error error = Error::kOk;
    Response response;
    std::vector<Event> events;  // the changes of the write transaction, if any
  };

  Outcome execute(const Request& request, sim::Time now);
  Outcome execute_txn(const TxnRequest& txn);
  Outcome execute_lease_revoke(const LeaseRevokeRequest& request);
  Outcome execute_alarm(const AlarmRequest& request);
  bool compare_holds(const Compare& compare) const;
  Error check_branch(const std::vector<RequestOp>& ops) const;
  ResponseOp execute_op(const RequestOp& op);
  RangeResponse range_in_view(const RangeRequest& request, Error& error) const;
  PutResponse put(const PutRequest& request);
  DeleteRangeResponse delete_range(const DeleteRangeRequest& request);
  bool fits_quota(std::int64_t cost_bytes) const;
  void update_backend_size();

  StoreConfig config_;
  KvStore kv_;
  Lessor lessor_;
  Watchers watchers_;
  BackendSize backend_;
  bool nospace_alarm_ = false;
  std::uint64_t consistent_index_ = 0;
  std::uint64_t consistent_term_ = 0;
};

}  // namespace kcsim::etcd::mvcc
