#include "model/etcd/mvcc/store.h"

#include <utility>

#include "sim/invariant.h"
#include "sim/overloaded.h"

namespace kcsim::etcd::mvcc {
namespace {

using sim::Overloaded;

// etcd's compareKV: VALUE compares bytes, every other target an integer.
bool compare_kv(const Compare& compare, const KeyValue& kv) {
  int result = 0;
  if (compare.target == Compare::Target::kValue) {
    const int order = kv.value_view().compare(compare.value);
    result = order < 0 ? -1 : (order > 0 ? 1 : 0);
  } else {
    std::int64_t actual = 0;
    switch (compare.target) {
      case Compare::Target::kCreate:
        actual = kv.create_revision;
        break;
      case Compare::Target::kMod:
        actual = kv.mod_revision;
        break;
      case Compare::Target::kVersion:
        actual = kv.version;
        break;
      case Compare::Target::kLease:
        actual = kv.lease;
        break;
      case Compare::Target::kValue:
        break;
    }
    result = actual < compare.number ? -1 : (actual > compare.number ? 1 : 0);
  }
  switch (compare.result) {
    case Compare::Result::kEqual:
      return result == 0;
    case Compare::Result::kNotEqual:
      return result != 0;
    case Compare::Result::kGreater:
      return result > 0;
    case Compare::Result::kLess:
      return result < 0;
  }
  return false;
}

void set_header_revision(ResponseOp& op, std::int64_t revision) {
  std::visit([revision](auto& response) { response.header.revision = revision; }, op);
}

}  // namespace

Store::Store(StoreConfig config) : config_(config), lessor_(config.min_lease_ttl_seconds) {
  update_backend_size();
}

std::int64_t Store::quota_backend_bytes() const {
  if (config_.quota_backend_bytes == 0) return kDefaultQuotaBackendBytes;
  return config_.quota_backend_bytes;
}

bool Store::fits_quota(std::int64_t cost_bytes) const {
  const std::int64_t quota = quota_backend_bytes();
  if (cost_bytes == 0 || quota < 0) return true;
  return backend_.file_bytes + cost_bytes < quota;
}

void Store::update_backend_size() {
  backend_.observe_in_use(kEmptyBackendBytes + kv_.stored_bytes() +
                          static_cast<std::int64_t>(lessor_.size()) * kLeaseRecordBytes);
}

Error Store::check_request(const Request& request) const {
  return mvcc::check_request(request, config_.limits);
}

Error Store::check_quota(const Request& request) const {
  const std::int64_t cost = quota_cost_bytes(request);
  if (cost == 0) return Error::kOk;
  if (nospace_alarm_ || !fits_quota(cost)) return Error::kNoSpace;
  return Error::kOk;
}

ApplyResult Store::apply(std::uint64_t index, std::uint64_t term, const Request& request,
                         sim::Time now) {
  ApplyResult result;
  if (index <= consistent_index_) return result;
  KCSIM_ASSERT_MSG(term >= consistent_term_, "entries apply in log order: terms never go back");
  consistent_index_ = index;
  consistent_term_ = term;
  result.applied = true;
  const std::int64_t cost = quota_cost_bytes(request);
  if (cost > 0 && nospace_alarm_) {
    result.error = Error::kNoSpace;  // applierV3Capped: no change at all
    return result;
  }
  const bool fits = fits_quota(cost);
  const std::int64_t revision_before = kv_.current_revision();
  Outcome outcome = execute(request, now);
  // An applied entry makes at most one revision, and one exactly when it changed a key.
  KCSIM_ASSERT_MSG(kv_.current_revision() >= revision_before, "the revision never goes back");
  KCSIM_ASSERT_MSG(kv_.current_revision() <= revision_before + 1,
                   "an entry makes at most one revision");
  KCSIM_ASSERT_MSG(outcome.events.empty() || kv_.current_revision() == revision_before + 1,
                   "an entry that changed keys made a new revision");
  KCSIM_ASSERT_MSG(kv_.compact_revision() <= kv_.current_revision(),
                   "compaction never goes past the current revision");
  result.error = outcome.error;
  result.response = std::move(outcome.response);
  if (!outcome.events.empty()) {
    result.watch_responses = watchers_.notify(kv_.current_revision(), outcome.events, kv_);
  }
  if (result.error == Error::kOk && !fits) {
    result.error = Error::kNoSpace;
    result.nospace_alarm_raised = !nospace_alarm_;
    nospace_alarm_ = true;
  }
  update_backend_size();
  return result;
}

Store::Outcome Store::execute(const Request& request, sim::Time now) {
  return std::visit(Overloaded{
                        [&](const RangeRequest& r) {
                          Outcome outcome;
                          outcome.response = range_in_view(r, outcome.error);
                          if (outcome.error != Error::kOk) outcome.response = std::monostate{};
                          return outcome;
                        },
                        [&](const PutRequest& r) {
                          Outcome outcome;
                          outcome.error = check_branch({RequestOp{r}});
                          if (outcome.error != Error::kOk) return outcome;
                          kv_.begin_write();
                          PutResponse response = put(r);
                          outcome.events = kv_.end_write();
                          response.header.revision = kv_.current_revision();
                          outcome.response = std::move(response);
                          return outcome;
                        },
                        [&](const DeleteRangeRequest& r) {
                          Outcome outcome;
                          kv_.begin_write();
                          DeleteRangeResponse response = delete_range(r);
                          outcome.events = kv_.end_write();
                          response.header.revision = kv_.current_revision();
                          outcome.response = std::move(response);
                          return outcome;
                        },
                        [&](const TxnRequest& r) { return execute_txn(r); },
                        [&](const CompactionRequest& r) {
                          Outcome outcome;
                          outcome.error = kv_.compact(r.revision);
                          if (outcome.error == Error::kOk) {
                            outcome.response = CompactionResponse{{kv_.current_revision()}};
                          }
                          return outcome;
                        },
                        [&](const LeaseGrantRequest& r) {
                          Outcome outcome;
                          GrantResult granted = lessor_.grant(r.id, r.ttl_seconds, now);
                          outcome.error = granted.error;
                          if (granted.error == Error::kOk) {
                            outcome.response = LeaseGrantResponse{
                                {kv_.current_revision()}, r.id, granted.ttl_seconds};
                          }
                          return outcome;
                        },
                        [&](const LeaseRevokeRequest& r) { return execute_lease_revoke(r); },
                        [&](const LeaseCheckpointRequest& r) {
                          Outcome outcome;
                          outcome.error = lessor_.checkpoint(r.id, r.remaining_ttl_seconds);
                          outcome.response = LeaseCheckpointResponse{{kv_.current_revision()}};
                          return outcome;
                        },
                        [&](const AlarmRequest& r) { return execute_alarm(r); },
                    },
                    request);
}

bool Store::compare_holds(const Compare& compare) const {
  RangeResult found = kv_.range(compare.range, RangeOptions{});
  if (found.error != Error::kOk) return false;
  if (found.kvs.empty()) {
    // A missing key has no value to compare: a VALUE compare fails, others see zeros.
    if (compare.target == Compare::Target::kValue) return false;
    return compare_kv(compare, KeyValue{});
  }
  for (const KeyValue& kv : found.kvs) {
    if (!compare_kv(compare, kv)) return false;
  }
  return true;
}

Error Store::check_branch(const std::vector<RequestOp>& ops) const {
  for (const RequestOp& op : ops) {
    const auto* put_request = std::get_if<PutRequest>(&op);
    if (put_request == nullptr) continue;
    if (put_request->ignore_value || put_request->ignore_lease) {
      RangeResult existing = kv_.range(KeyRange::single(put_request->key), RangeOptions{});
      if (existing.kvs.empty()) return Error::kKeyNotFound;
    }
    if (!put_request->ignore_lease && put_request->lease != kNoLease &&
        !lessor_.contains(put_request->lease)) {
      return Error::kLeaseNotFound;
    }
  }
  return Error::kOk;
}

Store::Outcome Store::execute_txn(const TxnRequest& txn) {
  Outcome outcome;
  bool succeeded = true;
  for (const Compare& compare : txn.compare) {
    if (!compare_holds(compare)) {
      succeeded = false;
      break;
    }
  }
  const std::vector<RequestOp>& ops = succeeded ? txn.success : txn.failure;
  outcome.error = check_branch(ops);
  if (outcome.error != Error::kOk) return outcome;
  TxnResponse response;
  response.succeeded = succeeded;
  kv_.begin_write();
  for (const RequestOp& op : ops)
    response.responses.push_back(execute_op(op));
  outcome.events = kv_.end_write();
  response.header.revision = kv_.current_revision();
  for (ResponseOp& op : response.responses)
    set_header_revision(op, kv_.current_revision());
  outcome.response = std::move(response);
  return outcome;
}

ResponseOp Store::execute_op(const RequestOp& op) {
  return std::visit(Overloaded{
                        [&](const RangeRequest& r) -> ResponseOp {
                          Error error = Error::kOk;
                          return range_in_view(r, error);  // an error leaves it empty
                        },
                        [&](const PutRequest& r) -> ResponseOp { return put(r); },
                        [&](const DeleteRangeRequest& r) -> ResponseOp { return delete_range(r); },
                    },
                    op);
}

RangeResponse Store::range_in_view(const RangeRequest& request, Error& error) const {
  RangeOptions options{request.limit, request.revision, request.count_only, request.keys_only};
  RangeResult result = kv_.range(request.range, options);
  error = result.error;
  RangeResponse response;
  response.header.revision = result.revision;
  if (result.error != Error::kOk) return response;
  response.count = result.count;
  response.more = request.limit > 0 && result.count > request.limit;
  response.kvs = std::move(result.kvs);
  return response;
}

PutResponse Store::put(const PutRequest& request) {
  Value value = request.value;
  LeaseId lease = request.lease;
  if (request.ignore_value || request.ignore_lease) {
    RangeResult existing = kv_.range(KeyRange::single(request.key), RangeOptions{});
    KCSIM_ASSERT(existing.kvs.size() == 1);
    if (request.ignore_value) value = existing.kvs.front().value;
    if (request.ignore_lease) lease = existing.kvs.front().lease;
  }
  std::optional<KeyValue> previous = kv_.put(request.key, std::move(value), lease);
  const LeaseId old_lease = previous ? previous->lease : kNoLease;
  if (old_lease != lease) {
    if (old_lease != kNoLease) lessor_.detach(old_lease, request.key);
    if (lease != kNoLease) lessor_.attach(lease, request.key);
  }
  PutResponse response;
  if (request.prev_kv) response.prev_kv = std::move(previous);
  return response;
}

DeleteRangeResponse Store::delete_range(const DeleteRangeRequest& request) {
  std::vector<KeyValue> deleted = kv_.delete_range(request.range);
  for (const KeyValue& kv : deleted) {
    if (kv.lease != kNoLease) lessor_.detach(kv.lease, kv.key);
  }
  DeleteRangeResponse response;
  response.deleted = static_cast<std::int64_t>(deleted.size());
  if (request.prev_kv) response.prev_kvs = std::move(deleted);
  return response;
}

Store::Outcome Store::execute_lease_revoke(const LeaseRevokeRequest& request) {
  Outcome outcome;
  std::optional<std::vector<std::string>> keys = lessor_.revoke(request.id);
  if (!keys) {
    outcome.error = Error::kLeaseNotFound;
    return outcome;
  }
  // All the lease's keys go in one write transaction: one revision (if any key).
  kv_.begin_write();
  for (const std::string& key : *keys)
    kv_.delete_range(KeyRange::single(key));
  outcome.events = kv_.end_write();
  outcome.response = LeaseRevokeResponse{{kv_.current_revision()}};
  return outcome;
}

Store::Outcome Store::execute_alarm(const AlarmRequest& request) {
  switch (request.action) {
    case AlarmRequest::Action::kGet:
      break;
    case AlarmRequest::Action::kActivate:
      nospace_alarm_ = true;
      break;
    case AlarmRequest::Action::kDeactivate:
      nospace_alarm_ = false;
      break;
  }
  Outcome outcome;
  outcome.response = AlarmResponse{{kv_.current_revision()}, nospace_alarm_};
  return outcome;
}

ReadResult Store::range(const RangeRequest& request) const {
  ReadResult result;
  result.response = range_in_view(request, result.error);
  return result;
}

WatchCreateResult Store::watch(const WatchCreateRequest& request) {
  return watchers_.create(request, kv_);
}

std::vector<WatchResponse> Store::progress_notifications() const {
  return watchers_.progress_notifications(kv_);
}

StoreSnapshot Store::snapshot() const {
  StoreSnapshot snapshot;
  snapshot.consistent_index = consistent_index_;
  snapshot.consistent_term = consistent_term_;
  snapshot.current_revision = kv_.current_revision();
  snapshot.compact_revision = kv_.compact_revision();
  snapshot.records = kv_.records();
  snapshot.leases = lessor_.records();
  snapshot.nospace_alarm = nospace_alarm_;
  snapshot.backend = backend_;
  return snapshot;
}

std::vector<WatchResponse> Store::restore(const StoreSnapshot& snapshot) {
  kv_.restore(snapshot.records, snapshot.current_revision, snapshot.compact_revision);
  lessor_.restore(snapshot.leases);
  // etcd re-attaches every live key to its lease; a key whose lease is gone stays as is.
  RangeResult live = kv_.range(KeyRange::from_key(std::string(1, '\0')), RangeOptions{});
  for (const KeyValue& kv : live.kvs) {
    if (kv.lease != kNoLease && lessor_.contains(kv.lease)) lessor_.attach(kv.lease, kv.key);
  }
  nospace_alarm_ = snapshot.nospace_alarm;
  consistent_index_ = snapshot.consistent_index;
  consistent_term_ = snapshot.consistent_term;
  backend_ = snapshot.backend;
  update_backend_size();
  return watchers_.resync(kv_);
}

}  // namespace kcsim::etcd::mvcc
