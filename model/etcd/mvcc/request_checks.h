// What an etcd member checks before proposing a request, and what the backend quota
// charges for it (etcdserver/api/v3rpc/key.go, server/storage/quota.go).
//
// Contract:
//  - `check_request`: an empty key -> kEmptyKey; a txn with more than max_txn_ops
//    operations in a branch -> kTooManyOps; a txn branch that puts one key twice, or
//    puts a key that the same branch deletes -> kDuplicateKey (etcd's checkIntervals);
//    a request whose estimated size exceeds max_request_bytes -> kRequestTooLarge.
//    These checks happen before Raft: a rejected request never reaches the log.
//  - `estimated_request_bytes` estimates the marshaled InternalRaftRequest: the bytes
//    of every key, range end and value, plus kRequestFramingBytes per operation and
//    compare (tags, lengths and the request header). It is a lower bound within a few
//    percent for requests of a few keys, which is what the 1.5 MiB limit sees.
//  - `quota_cost_bytes` is etcd's BackendQuota.Cost: 256 + key + value per put (the
//    larger of a txn's two branches), 64 per lease grant, 0 for everything else.
#pragma once

#include <cstdint>

#include "model/etcd/mvcc/error.h"
#include "model/etcd/mvcc/requests.h"

namespace kcsim::etcd::mvcc {

inline constexpr std::int64_t kDefaultMaxRequestBytes = 1536 * 1024;  // --max-request-bytes
inline constexpr std::int64_t kDefaultMaxTxnOps = 128;                // --max-txn-ops
inline constexpr std::int64_t kRequestFramingBytes = 16;
inline constexpr std::int64_t kQuotaPutOverheadBytes = 256;   // quota.go kvOverhead
inline constexpr std::int64_t kQuotaLeaseOverheadBytes = 64;  // quota.go leaseOverhead

struct RequestLimits {
  std::int64_t max_request_bytes = kDefaultMaxRequestBytes;
  std::int64_t max_txn_ops = kDefaultMaxTxnOps;
};

std::int64_t estimated_request_bytes(const Request& request);
Error check_request(const Request& request, const RequestLimits& limits);
std::int64_t quota_cost_bytes(const Request& request);

}  // namespace kcsim::etcd::mvcc
