// The errors of the MVCC store, as values (never exceptions).
//
// Each names the etcd error it models (server/storage/mvcc, server/lease,
// api/v3rpc/rpctypes) so that a reader can find the real behaviour.
#pragma once

#include <string_view>

namespace kcsim::etcd::mvcc {

enum class Error {
  kOk = 0,
  kCompacted,         // mvcc.ErrCompacted: the revision was compacted away
  kFutureRevision,    // mvcc.ErrFutureRev: the revision is beyond the current one
  kNoSpace,           // ErrGRPCNoSpace: the backend quota is exhausted (NOSPACE alarm)
  kLeaseNotFound,     // lease.ErrLeaseNotFound
  kLeaseExists,       // lease.ErrLeaseExists
  kLeaseTtlTooLarge,  // lease.ErrLeaseTTLTooLarge
  kLeaseExpired,      // keep-alive on an expired, not yet revoked lease (etcd blocks instead)
  kNotPrimary,        // lease.ErrNotPrimary: keep-alive on a member that is not the leader
  kRequestTooLarge,   // ErrGRPCRequestTooLarge: beyond --max-request-bytes
  kTooManyOps,        // ErrGRPCTooManyOps: a txn beyond --max-txn-ops
  kDuplicateKey,      // ErrGRPCDuplicateKey: a txn branch writes one key twice
  kKeyNotFound,       // ErrGRPCKeyNotFound: ignore_value/ignore_lease on a missing key
  kEmptyKey,          // ErrGRPCEmptyKey
};

// The stable lower-case name of an error, e.g. "compacted", for traces and reports.
std::string_view error_name(Error error);

}  // namespace kcsim::etcd::mvcc
