// The requests the MVCC store applies and their responses, mirroring etcdserverpb
// (api/etcdserverpb/rpc.proto) field for field where kcsim uses the field.
//
// Contract:
//  - `Request` is what an etcd member proposes through Raft and applies once committed
//    (etcd's InternalRaftRequest): KV writes, compaction, lease grant/revoke/checkpoint
//    and alarms. Reads (`RangeRequest`) may be applied too, but a member normally serves
//    them from the store directly (Store::range).
//  - Responses carry a header with the store's revision after the request.
//  - Not modelled: sort order and the min/max create/mod revision filters of Range,
//    nested Txn inside a Txn, auth. See README.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/etcd/mvcc/key_range.h"
#include "model/etcd/mvcc/key_value.h"

namespace kcsim::etcd::mvcc {

struct ResponseHeader {
  std::int64_t revision = 0;
};

struct RangeRequest {
  KeyRange range;
  std::int64_t limit = 0;     // <= 0: no limit
  std::int64_t revision = 0;  // <= 0: the current revision
  bool count_only = false;
  bool keys_only = false;
};

struct RangeResponse {
  ResponseHeader header;
  std::vector<KeyValue> kvs;
  bool more = false;       // more keys matched than `limit`
  std::int64_t count = 0;  // every key in the range at the revision, ignoring `limit`
};

struct PutRequest {
  std::string key;
  Value value = empty_value();
  LeaseId lease = kNoLease;
  bool prev_kv = false;
  bool ignore_value = false;  // keep the current value (the key must exist)
  bool ignore_lease = false;  // keep the current lease (the key must exist)
};

struct PutResponse {
  ResponseHeader header;
  std::optional<KeyValue> prev_kv;
};

struct DeleteRangeRequest {
  KeyRange range;
  bool prev_kv = false;
};

struct DeleteRangeResponse {
  ResponseHeader header;
  std::int64_t deleted = 0;
  std::vector<KeyValue> prev_kvs;
};

struct Compare {
  enum class Result { kEqual, kGreater, kLess, kNotEqual };
  enum class Target { kVersion, kCreate, kMod, kValue, kLease };

  Result result = Result::kEqual;
  Target target = Target::kMod;
  KeyRange range;           // usually a single key; every key in the range must satisfy it
  std::int64_t number = 0;  // version, create/mod revision or lease, by target
  std::string value;        // for Target::kValue

  static Compare mod_revision(std::string key, Result result, std::int64_t revision);
  static Compare create_revision(std::string key, Result result, std::int64_t revision);
  static Compare version(std::string key, Result result, std::int64_t version);
  static Compare value_of(std::string key, Result result, std::string value);
  static Compare lease_of(std::string key, Result result, LeaseId lease);
};

using RequestOp = std::variant<RangeRequest, PutRequest, DeleteRangeRequest>;
using ResponseOp = std::variant<RangeResponse, PutResponse, DeleteRangeResponse>;

struct TxnRequest {
  std::vector<Compare> compare;
  std::vector<RequestOp> success;
  std::vector<RequestOp> failure;
};

struct TxnResponse {
  ResponseHeader header;
  bool succeeded = false;
  std::vector<ResponseOp> responses;
};

struct CompactionRequest {
  std::int64_t revision = 0;
};

struct CompactionResponse {
  ResponseHeader header;
};

struct LeaseGrantRequest {
  LeaseId id = kNoLease;  // chosen by the proposing member; must not be 0
  std::int64_t ttl_seconds = 0;
};

struct LeaseGrantResponse {
  ResponseHeader header;
  LeaseId id = kNoLease;
  std::int64_t ttl_seconds = 0;  // after the minimum TTL rule
};

struct LeaseRevokeRequest {
  LeaseId id = kNoLease;
};

struct LeaseRevokeResponse {
  ResponseHeader header;
};

// The primary's record of a lease's remaining TTL, so that a new leader does not give
// the lease its full TTL again (etcd's LeaseCheckpointRequest).
struct LeaseCheckpointRequest {
  LeaseId id = kNoLease;
  std::int64_t remaining_ttl_seconds = 0;
};

struct LeaseCheckpointResponse {
  ResponseHeader header;
};

// The answer to a lease keep-alive. Keep-alives are not Raft requests (the primary
// lessor renews the lease in its own memory), so there is no request type here; a
// TTL of 0 means the lease is gone (etcd answers "not found" that way).
struct LeaseKeepAliveResponse {
  ResponseHeader header;
  LeaseId id = kNoLease;
  std::int64_t ttl_seconds = 0;
};

// Only the NOSPACE alarm is modelled (etcd also has CORRUPT).
struct AlarmRequest {
  enum class Action { kGet, kActivate, kDeactivate };
  Action action = Action::kGet;
};

struct AlarmResponse {
  ResponseHeader header;
  bool nospace_active = false;
};

using Request =
    std::variant<RangeRequest, PutRequest, DeleteRangeRequest, TxnRequest, CompactionRequest,
                 LeaseGrantRequest, LeaseRevokeRequest, LeaseCheckpointRequest, AlarmRequest>;

using Response =
    std::variant<std::monostate, RangeResponse, PutResponse, DeleteRangeResponse, TxnResponse,
                 CompactionResponse, LeaseGrantResponse, LeaseRevokeResponse,
                 LeaseCheckpointResponse, AlarmResponse, LeaseKeepAliveResponse>;

}  // namespace kcsim::etcd::mvcc
